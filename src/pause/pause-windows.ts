import type { AuditService } from '../audit/audit-service';
import { auditQuerySchema } from '../audit/audit-query';
import type { AuditRecord } from '../contracts/audit-log';
import type { PauseService } from './pause-service';

/** A time the agents' queues were paused: from the audit trail (ended pauses) and Temporal's config (ongoing ones). */
export interface PauseWindow {
  scope: 'system' | 'queue' | 'external';
  agents: string[];
  from: string;
  /** null while it lasts. */
  to: string | null;
  pausedBy: string;
  reason?: string;
}

const agentOf = (record: AuditRecord): string | undefined =>
  record.targets.find((target) => target.startsWith('agent:'))?.slice('agent:'.length);

/**
 * The pauses that overlapped [since, now]: each resume recorded in the window with the pause before it, and the
 * pauses that still hold. The reasons of ended pauses are in Temporal's config only while they hold, so only the
 * ongoing ones carry one (the audit trail records who and when).
 */
export async function pauseWindows(
  audit: AuditService,
  pauses: PauseService,
  agents: readonly string[],
  since: Date,
): Promise<PauseWindow[]> {
  const list = async (action: string, range: { since?: string; until?: string }, pageSize: number): Promise<AuditRecord[]> =>
    (await audit.list(auditQuerySchema.parse({ action, pageSize, ...range }))).entries.filter((record) => record.outcome === 'accepted');
  const windows: PauseWindow[] = [];
  for (const scope of ['system', 'queue'] as const) {
    for (const resume of await list(`${scope}.resume`, { since: since.toISOString() }, 1000)) {
      const agent = agentOf(resume);
      // The first accepted pause of the same scope (and agent) before the resume is the one it ended.
      // Newest first, so the pause it ended is among the first few read: the log is not read to its start.
      const before = await list(`${scope}.pause`, { until: resume.recordedAt }, 20);
      const pause = before.find((record) => scope === 'system' || agentOf(record) === agent);
      windows.push({
        scope,
        agents: scope === 'system' ? [...agents] : agent === undefined ? [] : [agent],
        from: pause?.recordedAt ?? since.toISOString(),
        to: resume.recordedAt,
        pausedBy: pause?.subject ?? 'unknown',
      });
    }
  }
  const ongoing = (await pauses.queues()).filter((queue) => queue.pause !== undefined);
  const system = ongoing.filter((queue) => queue.pause?.scope === 'system');
  const first = system[0]?.pause;
  if (first) {
    windows.push({
      scope: 'system',
      agents: system.map((queue) => queue.agent),
      from: first.pausedAt ?? since.toISOString(),
      to: null,
      pausedBy: first.pausedBy,
      reason: first.reason,
    });
  }
  for (const queue of ongoing) {
    if (!queue.pause || queue.pause.scope === 'system') continue;
    const { scope, pausedAt, pausedBy, reason } = queue.pause;
    windows.push({ scope, agents: [queue.agent], from: pausedAt ?? since.toISOString(), to: null, pausedBy, reason });
  }
  return windows.sort((a, b) => a.from.localeCompare(b.from));
}
