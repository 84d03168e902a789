/** temporal.yaml's agents, job types, priority classes and retry policies. Pure module. */
import { z } from 'zod';
import { durationSchema } from './duration';
import { priorityClassSchema } from './priority-classes';

export const identifier = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'expected a lower-case identifier such as "fraud"');
export const jobTypeName = z.string().regex(/^[A-Z][A-Z0-9_]{0,62}$/, 'expected an upper-case name such as "FRAUD_DETECTION"');
export const taskQueueName = z.string().regex(/^[A-Za-z0-9_.:-]{1,200}$/, 'expected a task queue name');

export const retryPolicySchema = z
  .object({
    initialInterval: durationSchema,
    backoffCoefficient: z.number().min(1).default(2),
    maximumInterval: durationSchema.optional(),
    maximumAttempts: z.number().int().min(0).default(0),
  })
  .strict();
export type RetryPolicyConfig = z.infer<typeof retryPolicySchema>;

const fraction = z.number().gt(0).max(1);

/**
 * How a worker sizes its activity slots: `fixed` (maxConcurrentActivities slots), or the SDK's resource-based tuner,
 * which hands out slots (at most maxConcurrentActivities) while the host's CPU and memory stay under the targets.
 */
const slotsSchema = z
  .object({
    tuner: z.enum(['fixed', 'resource-based']).default('fixed'),
    targetCpuUsage: fraction.default(0.8),
    targetMemoryUsage: fraction.default(0.8),
  })
  .strict();

export const agentConfigSchema = z
  .object({
    taskQueue: taskQueueName,
    /** Activity slots per worker process (the most a resource-based tuner may hand out). */
    maxConcurrentActivities: z.number().int().min(1).max(10_000).default(20),
    slots: slotsSchema.prefault({}),
    /** Autoscaling under npm start (src/supervision/autoscaler.ts) and the KEDA ScaledObject: worker processes. */
    minWorkers: z.number().int().min(1).max(64).default(1),
    maxWorkers: z.number().int().min(1).max(64).default(1),
    /** Utilisation (busy slots, or the busy share of the event loop if higher) at or above which a worker is added. */
    scaleUpThreshold: fraction.default(0.8),
    /** Utilisation at or under which, with no backlog for a whole cooldown, a worker is drained and removed. */
    scaleDownThreshold: z.number().min(0).lt(1).default(0.2),
    /** A backlog whose oldest step waits this long adds a worker whatever the utilisation says. */
    scaleUpBacklogAge: durationSchema.default(30_000),
    /** After a change, the next scale-down waits this long; a scale-down also needs this long of low utilisation. */
    scaleCooldown: durationSchema.default(60_000),
    /** How long a stopping worker lets its running steps finish before they are cancelled (and retried elsewhere). */
    drainTimeout: durationSchema.default(10_000),
    description: z.string().optional(),
    /**
     * Custom agents only: a module (path relative to this file) exporting `createActivities(context)`. Built-in
     * agents (reconciliation, fraud, risk, evidence, litigation, compliance, help) need none.
     */
    module: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((agent, ctx) => {
    if (agent.minWorkers > agent.maxWorkers) {
      ctx.addIssue({ code: 'custom', path: ['minWorkers'], message: `must not exceed maxWorkers (${agent.maxWorkers})` });
    }
    if (agent.scaleDownThreshold >= agent.scaleUpThreshold) {
      ctx.addIssue({
        code: 'custom',
        path: ['scaleDownThreshold'],
        message: `must be below scaleUpThreshold (${agent.scaleUpThreshold})`,
      });
    }
  });
export type AgentConfig = z.infer<typeof agentConfigSchema>;

export const jobTypeSchema = z
  .object({
    agent: identifier,
    action: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'expected an activity name such as "detectFraud"'),
    description: z.string().optional(),
    timeout: durationSchema.default(600_000),
    /** SLA per priority class for this job type, overriding the class's SLA (null: none). */
    sla: z.partialRecord(priorityClassSchema, durationSchema.nullable()).optional(),
    /**
     * The step's heartbeat timeout (the agent worker heartbeats for it, workers/step-heartbeats.ts): a worker that dies,
     * or a step handed to a worker that never got it, is retried once it lapses, not at `timeout`. null: none, for a
     * step that blocks its event loop for minutes.
     */
    heartbeatTimeout: durationSchema.nullable().default(60_000),
    retryPolicy: z.string().default('exponential_backoff'),
  })
  .strict();
export type JobTypeConfig = z.infer<typeof jobTypeSchema>;

export const priorityClassConfigSchema = z
  .object({
    priorityKey: z.number().int().min(1).max(5),
    /** null: no SLA (MAINTENANCE). */
    sla: durationSchema.nullable(),
    /** What a breach does besides alerting: escalate the steps still to run (default), or also cancel the job. */
    onBreach: z.enum(['escalate', 'cancel']).default('escalate'),
    /** Admission control (the seed's queue max_size): open jobs of this class beyond which submissions get 429. */
    maxOpen: z.number().int().min(1).optional(),
  })
  .strict();
export type PriorityClassConfig = z.infer<typeof priorityClassConfigSchema>;
