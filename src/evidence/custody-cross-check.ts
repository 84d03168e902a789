/**
 * The second half of custody's tamper evidence: each evidence item's own log and the deployment's audit log hold the
 * same custody entries (same ids, same content), so removing or rewriting an item's log, even re-chained so that it
 * verifies on its own, shows against the deployment's log, and the other way round. Run by npm run audit:verify.
 */
import { canonicalJson } from '../audit/audit-chain';
import type { AuditRun } from '../audit/audit-verify';
import type { AuditRecord } from '../contracts/audit-log';
import { evidenceTarget } from './custody';

const itemLogPattern = /^(.+)\/evidence\/([0-9a-f]{64})$/;

/** The entry as written, without what each log adds (seq, time, chain). */
const entryOf = ({ seq: _seq, recordedAt: _at, prevHash: _prev, hash: _hash, ...entry }: AuditRecord): string => canonicalJson(entry);

/** One problem per item log that disagrees with its deployment's log; empty when every pair agrees. */
export function crossCheckCustody(logs: ReadonlyMap<string, readonly AuditRun[]>): Array<{ log: string; reason: string }> {
  const problems: Array<{ log: string; reason: string }> = [];
  for (const [workflowId, runs] of logs) {
    const match = itemLogPattern.exec(workflowId);
    const deploymentRuns = match ? logs.get(match[1]!) : undefined;
    if (!match || !deploymentRuns) continue;
    const target = evidenceTarget(match[2]!);
    const own = runs.flatMap((run) => run.records);
    const anchored = deploymentRuns.flatMap((run) => run.records).filter((record) => record.targets[0] === target);
    const anchoredById = new Map(anchored.map((record) => [record.id, record]));
    const ownIds = new Set(own.map((record) => record.id));
    const problem = (reason: string) => problems.push({ log: workflowId, reason });
    for (const record of own) {
      const twin = anchoredById.get(record.id);
      if (!twin) problem(`custody record ${record.seq} (${record.action} by ${record.subject}) is not in the deployment's audit log`);
      else if (entryOf(twin) !== entryOf(record))
        problem(`custody record ${record.seq} differs from record ${twin.seq} of the deployment's audit log`);
    }
    // Entries of the item the deployment log holds from the item log's first one on must all be in the item's log.
    const firstSeq = own[0] ? anchoredById.get(own[0].id)?.seq : undefined;
    for (const record of anchored) {
      if (firstSeq !== undefined && record.seq > firstSeq && !ownIds.has(record.id)) {
        problem(
          `record ${record.seq} of the deployment's audit log (${record.action} by ${record.subject}) is missing from the item's log`,
        );
      }
    }
  }
  return problems;
}
