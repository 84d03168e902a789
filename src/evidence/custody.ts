/**
 * Chain of custody: every ingest, read and export of an evidence item is an entry of the deployment's audit log (a
 * Temporal workflow: durable, hash-chained, verifiable with npm run audit:verify), with the action evidence.<what>,
 * the item as target `evidence:<sha256>`, the principal, the tenant, the case and the job. No store of its own.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { AuditRecorder } from '../audit/audit-recorder';
import type { AuditService } from '../audit/audit-service';
import { inTenantScope, type TenantScope } from '../auth/tenant-scope';
import type { AuditRecord } from '../contracts/audit-log';

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

/** Records one custody entry and answers it sealed: the caller goes on only once it is durable. */
export function recordCustody(recorder: AuditRecorder, event: CustodyEvent): Promise<AuditRecord> {
  return recorder.record({
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
  });
}

/** A stable entry id (the audit log's update id) for one activity's ingest of one item. */
export const ingestEntryId = (workflowId: string, runId: string, activityId: string, sha256: string): string =>
  `custody-${createHash('sha256').update(`${workflowId}/${runId}/${activityId}/${sha256}`).digest('hex').slice(0, 40)}`;

/** An item's custody log, oldest first, as the caller's tenant scope may see it. */
export async function custodyLog(audit: AuditService, sha256: string, scope: TenantScope): Promise<AuditRecord[]> {
  const target = evidenceTarget(sha256);
  const entries = await audit.all((record) => record.targets.includes(target) && inTenantScope(scope, record.tenant));
  return entries.reverse();
}
