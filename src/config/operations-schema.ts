/**
 * temporal.yaml's `operations`: how agent health is judged and when the operational alerts (beyond SLA) fire.
 * Pure module. Documented in docs/operations.md and docs/configuration.md.
 */
import { z } from 'zod';
import { durationSchema } from './duration';

const fraction = z.number().gt(0).max(1);

const agentHealthSchema = z
  .object({
    /** How often each worker reports to Temporal (Runtime.install workerHeartbeatInterval): 1s to 60s. */
    heartbeatInterval: durationSchema.default(10_000).refine((ms) => ms >= 1_000 && ms <= 60_000, 'expected 1s to 60s'),
    /** A running worker whose last heartbeat is older than this is stale (it died without shutting down). */
    staleAfter: durationSchema.default(30_000),
    /** A stale worker is forgotten after this (Temporal keeps its last heartbeat for a while). */
    forgetAfter: durationSchema.default(600_000),
    /** The share of an agent's tasks that failed in the workers' last heartbeat interval above which it is degraded. */
    failureRate: fraction.default(0.5),
    /** ... counted only once the workers processed at least this many tasks in that interval. */
    minTasks: z.number().int().min(1).default(5),
  })
  .strict()
  .superRefine((health, ctx) => {
    if (health.staleAfter <= health.heartbeatInterval) {
      ctx.addIssue({ code: 'custom', path: ['staleAfter'], message: 'expected more than heartbeatInterval (twice or three times it)' });
    }
  });

const alertRulesSchema = z
  .object({
    /** How often the deployment's one evaluation workflow looks (Temporal timer; one per deployment). */
    evaluateEvery: durationSchema.default(15_000),
    /** JOB_FAILED for each job or investigation that fails for good. */
    jobFailed: z.boolean().default(true),
    /** AGENT_DOWN when an agent has no live worker, AGENT_RECOVERED when it has one again. */
    agentDown: z.boolean().default(true),
    /** BACKLOG_AGE when the oldest waiting step of a class is older than its threshold (null: never). Paused queues are left out. */
    backlogAge: z
      .object({
        CRITICAL: durationSchema.nullable().default(60_000),
        HIGH: durationSchema.nullable().default(300_000),
        NORMAL: durationSchema.nullable().default(900_000),
        LOW: durationSchema.nullable().default(3_600_000),
        MAINTENANCE: durationSchema.nullable().default(null),
      })
      .strict()
      .prefault({}),
    /** FAILURE_RATE when the share of jobs and investigations closed in `window` that failed exceeds `threshold`. */
    failureRate: z
      .object({
        window: durationSchema.default(900_000),
        threshold: fraction.default(0.25),
        /** Not judged on fewer closed jobs than this in the window. */
        minJobs: z.number().int().min(1).default(10),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const operationsSchema = z.object({ agentHealth: agentHealthSchema.prefault({}), alerts: alertRulesSchema.prefault({}) }).strict();
export type OperationsConfig = z.infer<typeof operationsSchema>;
export type AgentHealthConfig = OperationsConfig['agentHealth'];
export type AlertRulesConfig = OperationsConfig['alerts'];
