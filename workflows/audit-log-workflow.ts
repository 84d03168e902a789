import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { AuditActivities } from '../activities/audit-log';
import {
  appendAuditEntryUpdate,
  auditEntrySchema,
  auditRecordsQuery,
  genesisHash,
  type AuditChainHead,
  type AuditLogInput,
  type AuditRecord,
} from '../src/contracts/audit-log';
import { FailureType } from '../src/errors/failure-types';
import { parseWorkflowInput } from './parse-workflow-input';

/** Records per run before continue-as-new by default: about 6 history events each, and the query answers them all. */
export const defaultAuditRecordsPerRun = 500;

// A local activity: the hash is computed in the worker within the workflow task, and its result is recorded.
const audit = proxyLocalActivities<AuditActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '5s' },
  summary: 'seal audit entry',
});

/**
 * The who-did-what log of a deployment: the one writer of its hash chain. Facades append entries by update
 * (update-with-start, so the first write starts it); appends run one at a time in arrival order, each sealed with
 * the hash of the record before it. Runs forever, continuing as new with the chain head when the run is full, so the
 * chain runs on across runs; each run's records are its update results in its history (what audit:verify reads).
 */
export async function auditLogWorkflow(input: AuditLogInput = {}): Promise<void> {
  const startHead: AuditChainHead = input.head ?? { seq: 0, hash: genesisHash };
  let head = startHead;
  const records: AuditRecord[] = [];
  const perRun = Math.max(1, input.maxRecordsPerRun ?? defaultAuditRecordsPerRun);
  // Once full, the run takes no new entry (the facade sends it again, to the next run), so that it can drain and end.
  let full = false;
  // Appends wait for the one before: the chain has one order whatever the updates' interleaving.
  let tail: Promise<unknown> = Promise.resolve();

  setHandler(auditRecordsQuery, () => ({ startHead, records }));
  setHandler(
    appendAuditEntryUpdate,
    (entry) => {
      const append = tail.then(async () => {
        const record = await audit.sealAuditEntry({ head, entry, recordedAt: new Date().toISOString() });
        records.push(record);
        head = { seq: record.seq, hash: record.hash };
        return record;
      });
      tail = append.catch(() => undefined);
      return append;
    },
    {
      validator: (entry) => {
        parseWorkflowInput(auditEntrySchema, entry, 'audit entry');
        if (full) {
          throw ApplicationFailure.create({
            type: FailureType.AuditLogContinuingAsNew,
            message: 'this run of the audit log is full and continuing as new: append to the next run',
          });
        }
      },
    },
  );

  await condition(() => records.length >= perRun || workflowInfo().continueAsNewSuggested);
  full = true;
  await condition(allHandlersFinished);
  await continueAsNew<typeof auditLogWorkflow>({ head, ...(input.maxRecordsPerRun === undefined ? {} : { maxRecordsPerRun: perRun }) });
}
