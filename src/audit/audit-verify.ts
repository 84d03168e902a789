import { genesisHash, type AuditChainHead, type AuditRecord } from '../contracts/audit-log';
import { verifyChain } from './audit-chain';
import type { RunRecords } from './audit-history';

export interface AuditRun extends RunRecords {
  /** How the report names the run: `<workflowId> run <runId>`, or the file. */
  label: string;
}

export type AuditVerdict =
  | {
      ok: true;
      records: number;
      head: AuditChainHead;
      /** Set when the oldest run held does not start at record 1: older runs are gone (retention, or deleted). */
      startsAt?: number;
    }
  | { ok: false; run: string; seq?: number; record?: AuditRecord; reason: string };

/**
 * Checks a log's runs, oldest first: each run's records chain from the head its input names, and each run starts
 * where the run before ended. Answers the first record changed or removed, or the head of an intact chain.
 */
export function verifyAuditRuns(runs: readonly AuditRun[]): AuditVerdict {
  const first = runs[0]?.startHead ?? { seq: 0, hash: genesisHash };
  let head: AuditChainHead = first;
  let records = 0;
  for (const [index, run] of runs.entries()) {
    if (index > 0 && (run.startHead.seq !== head.seq || run.startHead.hash !== head.hash)) {
      return {
        ok: false,
        run: run.label,
        seq: head.seq + 1,
        reason:
          `the run starts after record ${run.startHead.seq} (hash ${run.startHead.hash.slice(0, 12)}…) but the run before ended at ` +
          `record ${head.seq} (hash ${head.hash.slice(0, 12)}…): records were removed or a run was replaced`,
      };
    }
    const unreadable = run.unreadable[0];
    if (unreadable) {
      return {
        ok: false,
        run: run.label,
        reason: `event ${unreadable.eventId} cannot be read (${unreadable.reason}): its payload was changed`,
      };
    }
    const verdict = verifyChain(run.records, run.startHead);
    if (!verdict.ok)
      return { ok: false, run: run.label, seq: verdict.seq, ...(verdict.record ? { record: verdict.record } : {}), reason: verdict.reason };
    head = verdict.head;
    records += verdict.count;
  }
  return { ok: true, records, head, ...(first.seq > 0 ? { startsAt: first.seq + 1 } : {}) };
}

/** One line for a person: OK with the head, or the first broken record with what it was. */
export function describeVerdict(name: string, verdict: AuditVerdict): string {
  if (verdict.ok) {
    const from = verdict.startsAt === undefined ? '' : ` (from record ${verdict.startsAt}: older runs are no longer held)`;
    return `OK    ${name}: ${verdict.records} records${from}, head ${verdict.head.seq} ${verdict.head.hash}`;
  }
  const record = verdict.record;
  const what = record ? ` [${record.action} by ${record.subject}, request ${record.requestId}, at ${record.recordedAt}]` : '';
  return `FAIL  ${name}: ${verdict.run}: ${verdict.reason}${what}`;
}
