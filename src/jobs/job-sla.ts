import type { JobSla } from '../contracts/job-workflow';
import type { PriorityClass, TaskmasterConfig } from '../config/schema';
import { ownValue } from '../contracts/own-value';

/** The SLA of a job: its job type's override for the class, else the class's; undefined when there is none. */
export function resolveJobSla(config: TaskmasterConfig, type: string, priority: PriorityClass, startedAt: Date): JobSla | undefined {
  const override = ownValue(config.jobTypes, type)?.sla?.[priority];
  const durationMs = override === undefined ? config.priorities[priority].sla : override;
  if (durationMs === null) return undefined;
  const start = startedAt.getTime();
  return {
    deadline: new Date(start + durationMs).toISOString(),
    warningAt: new Date(start + Math.round(durationMs * config.sla.warningFraction)).toISOString(),
    durationMs,
    onBreach: config.priorities[priority].onBreach,
  };
}

/** Tenant, else case id: the key Temporal's fairness balances on inside a priority class. */
export function resolveFairness(
  config: TaskmasterConfig,
  tenant: string | undefined,
  caseId: string | undefined,
): { key: string; weight: number } | undefined {
  const key = tenant ?? caseId;
  if (key === undefined) return undefined;
  return { key, weight: ownValue(config.fairness.weights, key) ?? config.fairness.defaultWeight };
}
