/**
 * The schema of temporal.yaml: one zod schema, one inferred type. Pure module (no Node imports) so that the
 * HTTP layer, the workers and the tests share it. Each section's schema lives in its own file beside this one.
 */
import { z } from 'zod';
import {
  agentConfigSchema,
  identifier,
  jobTypeName,
  jobTypeSchema,
  priorityClassConfigSchema,
  retryPolicySchema,
  taskQueueName,
} from './agent-schema';
import { authConfigSchema, httpSchema } from './api-schema';
import { connectionSchema, devServerSchema } from './connection-schema';
import { durationSchema } from './duration';
import { operationsSchema } from './operations-schema';
import { priorityClasses, priorityClassSchema } from './priority-classes';
import { contentStoreSchema, encryptionSchema } from './storage-schema';
import { metricsSchema, tracingSchema } from './telemetry-schema';

export { priorityClasses, priorityClassSchema, type PriorityClass } from './priority-classes';
export {
  agentConfigSchema,
  retryPolicySchema,
  type AgentConfig,
  type JobTypeConfig,
  type PriorityClassConfig,
  type RetryPolicyConfig,
} from './agent-schema';
export { authConfigSchema, jwksAlgorithms, type AuthConfig } from './api-schema';

export const taskmasterConfigSchema = z
  .object({
    dataDir: z.string().min(1).default('./.taskmaster'),
    connection: connectionSchema.prefault({}),
    devServer: devServerSchema.prefault({}),
    http: httpSchema.prefault({}),
    auth: authConfigSchema.prefault({}),
    orchestration: z
      .object({
        taskQueue: taskQueueName.default('orchestration'),
        /**
         * Workflow tasks the worker holds at once. Its workflows run on one thread, so a task held beyond what that
         * thread works through waits in the worker with its clock running: a job's SLA timer counts from its first
         * task's start and starts when that task completes. bench:scale: TimerFired p95 4.5 s after the deadline
         * with 40 at 3,000 open, 1.4 s with 10 at 10,000 (docs/benchmarks.md).
         */
        maxConcurrentWorkflowTasks: z.number().int().min(1).default(10),
        /**
         * Open workflows kept in the worker's memory between tasks (about 1 MB each). The SDK's default grows with
         * the heap (about 2,000 on a 4 GB heap), which is what made RSS grow with every open job. An evicted
         * workflow is replayed from its short history at its next task; reads never replay it (GET /v1/jobs/:id
         * reads its state from its search attributes).
         */
        maxCachedWorkflows: z.number().int().min(0).max(100_000).default(300),
        /**
         * How far the workflow worker's V8 heaps may grow past what their last full GC kept, in percent (V8's
         * --heap-growing-percent; null: V8's own factor, up to 300 %). Evicted workflows are garbage that V8's own
         * factor lets pile up: 50 % keeps the worker's heap near what its cache really holds (workers/workflow-heap.ts).
         */
        heapGrowingPercent: z.number().int().min(10).max(300).nullable().default(50),
        /** A workflow bundle built ahead (npm run bundle:workflows), e.g. in a container image; built at start when absent. */
        workflowBundle: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    /**
     * How `npm start` runs the agents' workers, always outside the facade's process: one child process per agent
     * type (isolation: one agent's CPU work or crash never touches another's), or one child for all of them
     * (less memory: about 170 MB per process), or none (the agents run elsewhere: `npm run worker` on other hosts, or
     * their own Deployments on Kubernetes, deploy/kubernetes).
     */
    agentProcesses: z.enum(['per-agent', 'shared', 'none']).default('per-agent'),
    /** How often npm start's autoscaler reads each agent's queue and its workers' load, and the workers report it. */
    autoscaling: z
      .object({ interval: durationSchema.default(5_000).refine((ms) => ms >= 500, 'expected at least 500ms') })
      .strict()
      .prefault({}),
    /** The live API (GET /v1/events, GraphQL subscriptions): see docs/live-api.md. */
    events: z
      .object({
        /** How far back a reconnect with `since=<cursor>` gets the terminal statuses it missed; older cursors are refused. */
        replayWindow: durationSchema.default(3_600_000),
        /** How often visibility is read for subscribers with broad filters (type, caseId, agent, none). */
        discoveryInterval: durationSchema.default(500).refine((ms) => ms >= 100, 'expected at least 100ms'),
        /** How often agent_health_update is sent even without a change. */
        agentHealthInterval: durationSchema.default(30_000).refine((ms) => ms >= 1_000, 'expected at least 1s'),
        /** How often the WebSocket pings; a client that has not answered the previous ping by then is closed. */
        pingInterval: durationSchema.default(30_000).refine((ms) => ms >= 1_000, 'expected at least 1s'),
        /** Messages a subscriber may leave unread before it is closed (code 4008): the facade's memory stays bounded. */
        maxUnreadMessages: z.number().int().min(10).max(100_000).default(1_000),
        /** Subscribers one facade accepts; beyond, 429 (more facades behind the load balancer serve more). */
        maxSubscribers: z.number().int().min(1).max(100_000).default(5_000),
        /**
         * Where GET /v1/events writes to its sockets: `process`, a child process of the facade's own (the facade's
         * event loop, which runs the HTTP API and the workflow worker, is not held by writes to many sockets);
         * `inline`, the facade's event loop (no extra process).
         */
        fanOut: z.enum(['process', 'inline']).default('process'),
      })
      .strict()
      .prefault({}),
    /** Prepended to every task queue name, so that several stacks can share one cluster. */
    taskQueuePrefix: z
      .string()
      .regex(/^[A-Za-z0-9_.-]*$/)
      .default('taskmaster'),
    agents: z.record(identifier, agentConfigSchema),
    jobTypes: z.record(jobTypeName, jobTypeSchema),
    priorities: z
      .object({
        CRITICAL: priorityClassConfigSchema,
        HIGH: priorityClassConfigSchema,
        NORMAL: priorityClassConfigSchema,
        LOW: priorityClassConfigSchema,
        MAINTENANCE: priorityClassConfigSchema,
      })
      .strict(),
    defaultPriority: z._default(priorityClassSchema, 'NORMAL'),
    sla: z
      .object({
        /** Fraction of the SLA after which a job is AT_RISK and a warning alert goes out. */
        warningFraction: z.number().gt(0).lt(1).default(0.8),
      })
      .strict()
      .prefault({}),
    alerts: z
      .object({
        /** Where SLA alerts are POSTed as JSON (besides the log). Set it here or with TASKMASTER_ALERT_WEBHOOK_URL. */
        webhookUrl: z.url().optional(),
        timeout: durationSchema.default(5_000),
      })
      .strict()
      .prefault({}),
    /** Agent health and the operational alerts beyond SLA (src/config/operations-schema.ts, docs/operations.md). */
    operations: operationsSchema.prefault({}),
    /** Prometheus endpoints of the facade and the workers, and OpenTelemetry tracing (docs/operations.md#metrics-and-tracing). */
    metrics: metricsSchema.prefault({}),
    tracing: tracingSchema.prefault({}),
    /**
     * Fairness inside a priority class (the seed's fairness_factor): jobs are keyed by tenant, else case id, and
     * Temporal serves the keys in proportion to their weights, so one huge case cannot starve the others.
     */
    fairness: z
      .object({
        defaultWeight: z.number().positive().max(1000).default(1),
        weights: z.record(z.string(), z.number().positive().max(1000)).default({}),
      })
      .strict()
      .prefault({}),
    contentStore: contentStoreSchema.prefault({}),
    encryption: encryptionSchema.prefault({}),
    admission: z
      .object({ retryAfterSeconds: z.number().int().min(1).max(3600).default(5) })
      .strict()
      .prefault({}),
    retryPolicies: z.record(z.string(), retryPolicySchema),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const [name, jobType] of Object.entries(config.jobTypes)) {
      if (!(jobType.agent in config.agents)) {
        ctx.addIssue({
          code: 'custom',
          path: ['jobTypes', name, 'agent'],
          message: `unknown agent "${jobType.agent}"; expected one of: ${Object.keys(config.agents).join(', ')}`,
        });
      }
      if (!(jobType.retryPolicy in config.retryPolicies)) {
        ctx.addIssue({
          code: 'custom',
          path: ['jobTypes', name, 'retryPolicy'],
          message: `unknown retry policy "${jobType.retryPolicy}"; expected one of: ${Object.keys(config.retryPolicies).join(', ')}`,
        });
      }
    }
    if (config.agentProcesses === 'shared') {
      for (const [name, agent] of Object.entries(config.agents)) {
        if (agent.maxWorkers > 1) {
          ctx.addIssue({
            code: 'custom',
            path: ['agents', name, 'maxWorkers'],
            message: 'agentProcesses: shared runs one process for every agent, so it cannot scale one agent; use per-agent',
          });
        }
      }
    }
    const keys = new Set<number>();
    for (const name of priorityClasses) {
      const key = config.priorities[name].priorityKey;
      if (keys.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['priorities', name, 'priorityKey'], message: `priority key ${key} is used twice` });
      }
      keys.add(key);
    }
  });

export type TaskmasterConfig = z.infer<typeof taskmasterConfigSchema>;
