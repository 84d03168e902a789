/**
 * Chain of custody: every ingest, read and export of an evidence item is an entry in two hash-chained logs, both
 * Temporal workflows of the audit log's kind (durable, verifiable with npm run audit:verify), with the action
 * evidence.<what>, the item as target `evidence:<sha256>`, the principal, the tenant, the case and the job:
 * - the item's own custody log (custodyLogWorkflowId), which GET /v1/evidence/:sha256/custody reads: its cost is the
 *   item's own entries, whatever the length of the deployment's log;
 * - the deployment's audit log, where the same entry (same id) anchors it among everything else that happened.
 * No store of its own. Items ingested before custody logs existed are read from the deployment log, as then.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { temporalAuditRecorder, type AuditRecorder } from '../audit/audit-recorder';
import type { AuditService } from '../audit/audit-service';
import { auditRunsOfLog } from '../audit/audit-sources';
import { verifyAuditRuns } from '../audit/audit-verify';
import { inTenantScope, type TenantScope } from '../auth/tenant-scope';
import type { LoadedConfig } from '../config/load-config';
import { orchestrationTaskQueue } from '../config/task-queues';
import type { AuditEntry, AuditRecord } from '../contracts/audit-log';
import { auditLogWorkflowId, custodyLogWorkflowId } from '../contracts/workflow-ids';

export const custodyActions = ['evidence.ingest', 'evidence.read', 'evidence.export', 'evidence.integrity-failed'] as const;
export type CustodyAction = (typeof custodyActions)[number];

export const evidenceTarget = (sha256: string): string => `evidence:${sha256}`;

export interface CustodyEvent {
  action: CustodyAction;
  sha256: string;
  subject: string;
  roles: readonly string[];
  tenant?: string;
  caseId?: string;
  /** The job or investigation workflow that handled the item (ingest), or the export's case. */
  workflowId?: string;
  /** How it was handled: the route or the activity. */
  via: string;
  requestId?: string;
  /** Stable for a retried activity, so that its ingest is recorded once. */
  id?: string;
  outcome?: 'accepted' | 'failed';
}

/** Where custody entries go: the deployment's audit log, and each item's own log. */
export interface CustodyTrail {
  deployment: AuditRecorder;
  item(sha256: string): AuditRecorder;
}

export function custodyTrail(config: LoadedConfig, client: Client, deployment: AuditRecorder): CustodyTrail {
  const queue = orchestrationTaskQueue(config);
  return {
    deployment,
    item: (sha256) =>
      temporalAuditRecorder(config, client, { workflowId: custodyLogWorkflowId(queue, sha256), summary: `custody of evidence ${sha256}` }),
  };
}

/**
 * Records one custody entry in the item's log and in the deployment's, and answers the item log's record sealed: the
 * caller goes on only once both are durable.
 */
export async function recordCustody(trail: CustodyTrail, event: CustodyEvent): Promise<AuditRecord> {
  const entry: AuditEntry = {
    id: event.id ?? randomUUID(),
    requestId: event.requestId ?? '',
    requestedAt: new Date().toISOString(),
    subject: event.subject,
    roles: [...event.roles],
    ...(event.tenant === undefined ? {} : { tenant: event.tenant }),
    action: event.action,
    route: event.via,
    targets: [evidenceTarget(event.sha256), ...(event.workflowId ? [event.workflowId] : [])],
    ...(event.caseId === undefined ? {} : { caseId: event.caseId }),
    outcome: event.outcome ?? 'accepted',
    status: event.outcome === 'failed' ? 409 : 200,
  };
  const [own] = await Promise.all([trail.item(event.sha256).record(entry), trail.deployment.record(entry)]);
  return own;
}

/** A stable entry id (the audit log's update id) for one activity's ingest of one item. */
export const ingestEntryId = (workflowId: string, runId: string, activityId: string, sha256: string): string =>
  `custody-${createHash('sha256').update(`${workflowId}/${runId}/${activityId}/${sha256}`).digest('hex').slice(0, 40)}`;

export interface CustodyLog {
  /** The entries the caller's tenant scope may see, oldest first. */
  entries: AuditRecord[];
  /** The log they were read from, and whether its hash chain holds (checked on every read). */
  log: string;
  chain:
    | { holds: true; head: { seq: number; hash: string } }
    | { holds: false; reason: string }
    /** Read from the deployment log, whose chain npm run audit:verify checks as a whole. */
    | { holds: null; reason: string };
}

/**
 * An item's custody log, as the caller's tenant scope may see it. Reads the item's own log and checks its whole hash
 * chain; an item whose own log holds no ingest (kept before custody logs existed) is read from the deployment log.
 */
export async function custodyLog(
  client: Client,
  config: LoadedConfig,
  audit: AuditService,
  sha256: string,
  scope: TenantScope,
): Promise<CustodyLog> {
  const queue = orchestrationTaskQueue(config);
  const log = custodyLogWorkflowId(queue, sha256);
  const runs = await auditRunsOfLog(client, log);
  const visible = (record: AuditRecord): boolean => inTenantScope(scope, record.tenant);
  if (runs) {
    const entries = runs.flatMap((run) => run.records).filter(visible);
    if (entries.some((entry) => entry.action === 'evidence.ingest')) {
      const verdict = verifyAuditRuns(runs);
      const chain = verdict.ok
        ? ({ holds: true, head: verdict.head } as const)
        : ({ holds: false, reason: `${verdict.run}: ${verdict.reason}` } as const);
      return { entries, log, chain };
    }
  }
  const target = evidenceTarget(sha256);
  const entries = await audit.all((record) => record.targets.includes(target) && visible(record));
  const reason = 'kept before custody logs: its entries are read from the deployment log, checked as a whole by npm run audit:verify';
  return { entries: entries.reverse(), log: auditLogWorkflowId(queue), chain: { holds: null, reason } };
}
