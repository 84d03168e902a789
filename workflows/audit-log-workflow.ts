import { allHandlersFinished, condition, continueAsNew, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
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
import { parseWorkflowInput } from './parse-workflow-input';

/** Records per run before continue-as-new: about 6 history events each, and the query answers them all. */
export const maxAuditRecordsPerRun = 500;

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
    { validator: (entry) => void parseWorkflowInput(auditEntrySchema, entry, 'audit entry') },
  );

  await condition(() => records.length >= maxAuditRecordsPerRun || workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await continueAsNew<typeof auditLogWorkflow>({ head });
}
