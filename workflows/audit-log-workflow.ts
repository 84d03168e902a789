import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { AuditActivities } from '../activities/audit-log';
import {
  appendAuditEntriesSignal,
  appendAuditEntryUpdate,
  auditEntrySchema,
  auditRecordsQuery,
  genesisHash,
  type AuditChainHead,
  type AuditEntry,
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
 * The who-did-what log of a deployment: the one writer of its hash chain. Entries arrive by update (one entry, the
 * sealed record as its result: evidence custody, case exports) or by signal (a batch: the facade's writes, durable
 * once signalled); appends run one at a time in arrival order, each sealed with the hash of the record before it.
 * Runs forever, continuing as new with the chain head when the run is full, so the chain runs on across runs; each
 * run's records are its update results and its batch-sealing markers in its history (what audit:verify reads).
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
  // Signalled entries not sealed yet, in arrival order; ids seen in this run, so a signal sent twice (a retry after
  // a lost answer) is recorded once.
  const signalled: AuditEntry[] = [];
  const seen = new Set<string>();

  setHandler(appendAuditEntriesSignal, (entries) => {
    for (const candidate of Array.isArray(entries) ? entries : []) {
      const parsed = auditEntrySchema.safeParse(candidate);
      // A signal cannot be refused; a malformed entry (never sent by Taskmaster) is logged and left out of the chain.
      if (!parsed.success) log.warn('audit log: malformed entry left out', { issues: parsed.error.issues.length });
      else if (!seen.has(parsed.data.id)) {
        seen.add(parsed.data.id);
        signalled.push(parsed.data);
      }
    }
  });
  // Seals every entry signalled so far with one activity, after the appends before it.
  const sealSignalled = (): Promise<unknown> => {
    const entries = signalled.splice(0, signalled.length);
    const append = tail.then(async () => {
      const sealed = await audit.sealAuditEntries({ head, entries, recordedAt: new Date().toISOString() });
      records.push(...sealed);
      const last = sealed[sealed.length - 1];
      if (last) head = { seq: last.seq, hash: last.hash };
    });
    tail = append.catch(() => undefined);
    return append;
  };

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

  const runIsFull = (): boolean => records.length >= perRun || workflowInfo().continueAsNewSuggested;
  for (;;) {
    await condition(() => signalled.length > 0 || runIsFull());
    if (signalled.length === 0) break;
    await sealSignalled();
  }
  full = true;
  await condition(allHandlersFinished);
  // Signals cannot be refused: what arrived while the updates drained is sealed in this run too.
  while (signalled.length > 0) await sealSignalled();
  await continueAsNew<typeof auditLogWorkflow>({ head, ...(input.maxRecordsPerRun === undefined ? {} : { maxRecordsPerRun: perRun }) });
}
