/**
 * The schema of temporal.yaml: one zod schema, one inferred type. Pure module (no Node imports) so that the
 * HTTP layer, the workers and the tests share it.
 */
import { z } from 'zod';
import { durationSchema } from './duration';
import { operationsSchema } from './operations-schema';
import { metricsSchema, tracingSchema } from './telemetry-schema';
import { priorityClasses, priorityClassSchema } from './priority-classes';

export { priorityClasses, priorityClassSchema, type PriorityClass } from './priority-classes';

const identifier = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'expected a lower-case identifier such as "fraud"');
const jobTypeName = z.string().regex(/^[A-Z][A-Z0-9_]{0,62}$/, 'expected an upper-case name such as "FRAUD_DETECTION"');
const taskQueueName = z.string().regex(/^[A-Za-z0-9_.:-]{1,200}$/, 'expected a task queue name');
const port = z.number().int().min(1).max(65535);

export const retryPolicySchema = z
  .object({
    initialInterval: durationSchema,
    backoffCoefficient: z.number().min(1).default(2),
    maximumInterval: durationSchema.optional(),
    maximumAttempts: z.number().int().min(0).default(0),
  })
  .strict();
export type RetryPolicyConfig = z.infer<typeof retryPolicySchema>;

const tlsSchema = z
  .object({
    enabled: z.boolean().default(false),
    serverNameOverride: z.string().optional(),
    serverRootCaCertFile: z.string().optional(),
    clientCertFile: z.string().optional(),
    clientKeyFile: z.string().optional(),
  })
  .strict();

const connectionSchema = z
  .object({
    address: z
      .string()
      .regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port')
      .default('127.0.0.1:7233'),
    namespace: z.string().min(1).default('default'),
    tls: tlsSchema.prefault({}),
    /** The name of the environment variable that holds the API key (Temporal Cloud); never the key itself. */
    apiKeyEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name')
      .optional(),
    /** Base URL of the Web UI used in links, e.g. https://cloud.temporal.io for Temporal Cloud. */
    webUiUrl: z.url().optional(),
  })
  .strict();

const devServerSchema = z
  .object({
    enabled: z.boolean().default(true),
    cliVersion: z
      .string()
      .regex(/^v\d+\.\d+\.\d+$/, 'expected a version such as "v1.5.1"')
      .default('v1.5.1'),
    /** SQLite file, relative to the data dir. */
    databaseFile: z.string().min(1).default('temporal.sqlite'),
    /** 'memory' keeps nothing across restarts (benchmarks, throwaway stacks); 'file' is the durable default. */
    persistence: z.enum(['file', 'memory']).default('file'),
    ip: z.string().default('127.0.0.1'),
    uiPort: port.default(8233),
    /** The server's own Prometheus endpoint (`start-dev --metrics-port`): the first free port from this one. 0: none. */
    metricsPort: z.number().int().min(0).max(65535).default(9463),
    /** No Web UI (tests). */
    headless: z.boolean().default(false),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('warn'),
    /**
     * SQLite pragmas. WAL with synchronous=NORMAL survives a crash of the server process and spares an fsync per
     * transaction, which is what bounds the dev server's throughput; a power cut may lose the last transactions.
     */
    sqlitePragmas: z.record(z.string().regex(/^[a-z_]+$/, 'expected a pragma name'), z.union([z.string(), z.number()])).default({
      journal_mode: 'wal',
      synchronous: 'normal',
      busy_timeout: 10000,
      cache_size: -65536,
      temp_store: 'memory',
      mmap_size: 268435456,
    }),
    /** Extra --dynamic-config-value pairs; Priority and Fairness are always enabled. */
    dynamicConfig: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    startupTimeout: durationSchema.default(120_000),
  })
  .strict();

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

const jobTypeSchema = z
  .object({
    agent: identifier,
    action: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'expected an activity name such as "detectFraud"'),
    description: z.string().optional(),
    timeout: durationSchema.default(600_000),
    /** SLA per priority class for this job type, overriding the class's SLA (null: none). */
    sla: z.partialRecord(priorityClassSchema, durationSchema.nullable()).optional(),
    /**
     * The step's heartbeat timeout (the agent worker heartbeats for it, workers/step-heartbeats.ts): a worker that dies,
     * or a step handed to a worker that never got it, is retried once it lapses, not at `timeout`. null: none.
     */
    heartbeatTimeout: durationSchema.nullable().default(null),
    retryPolicy: z.string().default('exponential_backoff'),
  })
  .strict();
export type JobTypeConfig = z.infer<typeof jobTypeSchema>;

const priorityClassConfigSchema = z
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

const httpSchema = z
  .object({
    port: port.default(3000),
    host: z.string().default('127.0.0.1'),
    /** Request bodies above this are answered 413; well under Temporal's 2 MB payload limit. */
    bodyLimitBytes: z
      .number()
      .int()
      .min(1024)
      .max(1_500_000)
      .default(512 * 1024),
    /** Longest a request waits on Temporal before the facade answers 503. */
    temporalTimeout: durationSchema.default(10_000),
    /** Origins a browser may call the API from (CORS); none by default, and then no CORS header is sent. */
    corsOrigins: z.array(z.url({ protocol: /^https?$/ })).default([]),
  })
  .strict();

/** Signature algorithms a JWKS token may use: asymmetric only, so that a public key can never act as an HMAC secret. */
export const jwksAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'] as const;
const claimName = z.string().min(1).max(200);

export const authConfigSchema = z
  .object({
    /** false only for throwaway stacks: every request is then an anonymous admin, and the start says so loudly. */
    enabled: z.boolean().default(true),
    /** local: tokens signed with a key in the data dir (npm start, npm run token); jwks: tokens from the firm's IdP. */
    mode: z.enum(['local', 'jwks']).default('local'),
    /** The `iss` every token must carry; local default "taskmaster-local", required for jwks. */
    issuer: z.string().min(1).max(500).optional(),
    /** The `aud` every token must carry. */
    audience: z.string().min(1).max(500).default('taskmaster-api'),
    /** How far the clocks of the token's issuer and this server may disagree, for exp and nbf. */
    clockSkew: durationSchema.default(30_000).refine((ms) => ms <= 300_000, 'expected at most 5m'),
    /** jwks: the IdP's key set, e.g. https://idp.example.com/.well-known/jwks.json. */
    jwksUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** jwks: the algorithms accepted (the local mode accepts EdDSA only). */
    algorithms: z.array(z.enum(jwksAlgorithms)).min(1).default(['RS256', 'PS256', 'ES256', 'EdDSA']),
    /** The claim holding the roles (an array of names, or one name): viewer, investigator, admin. */
    rolesClaim: claimName.default('roles'),
    /** The claim holding the tenant the caller belongs to. */
    tenantClaim: claimName.default('tenant'),
    /** local: lifetime of the admin token `npm start` prints. */
    adminTokenTtl: durationSchema.default(43_200_000),
    /** Requests per minute per principal (token subject); beyond, 429 with Retry-After. */
    rateLimit: z
      .object({ requestsPerMinute: z.number().int().min(1).max(1_000_000).default(600) })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((auth, ctx) => {
    if (auth.mode !== 'jwks') return;
    if (auth.jwksUrl === undefined) ctx.addIssue({ code: 'custom', path: ['jwksUrl'], message: 'required when mode is jwks' });
    if (auth.issuer === undefined) ctx.addIssue({ code: 'custom', path: ['issuer'], message: "required when mode is jwks: the IdP's iss" });
  });
export type AuthConfig = z.infer<typeof authConfigSchema>;

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
        maxConcurrentWorkflowTasks: z.number().int().min(1).default(40),
        /**
         * Open workflows kept in the worker's memory between tasks (about 1 MB each). The SDK's default grows with
         * the heap (about 2,000 on a 4 GB heap), which is what made RSS grow with every open job. An evicted
         * workflow is replayed from its short history at its next task; reads never replay it (GET /v1/jobs/:id
         * reads its state from its search attributes).
         */
        maxCachedWorkflows: z.number().int().min(0).max(100_000).default(300),
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
    /**
     * Where payloads larger than the threshold go instead of Temporal's history (inputs, outputs, results), keyed by
     * SHA-256. Client and workers must share it: `file` is a folder of the data dir (one machine), `postgres` a table
     * in a database every host reaches (a cluster; the URL best comes from TASKMASTER_CONTENT_STORE_URL).
     */
    contentStore: z
      .object({
        kind: z.enum(['file', 'postgres']).default('file'),
        dir: z.string().min(1).default('content'),
        url: z
          .string()
          .regex(/^postgres(ql)?:\/\/\S+$/, 'expected a postgres:// connection string')
          .optional(),
        table: z
          .string()
          // At most 51 characters: the vault and the tenant keys use this name with _evidence and _tenant_keys added.
          .regex(/^[a-z_][a-z0-9_]{0,50}$/, 'expected a lower-case SQL table name of at most 51 characters')
          .default('taskmaster_content'),
        thresholdBytes: z
          .number()
          .int()
          .min(1024)
          .max(2_000_000)
          .default(128 * 1024),
      })
      .strict()
      .refine((store) => store.kind !== 'postgres' || store.url !== undefined, {
        path: ['url'],
        message: 'kind postgres needs the connection string (contentStore.url or TASKMASTER_CONTENT_STORE_URL)',
      })
      .prefault({}),
    /**
     * Payload encryption (AES-256-GCM) of everything Taskmaster hands to Temporal, and the codec server the Web UI
     * calls to show it decrypted. Keys come from TASKMASTER_ENCRYPTION_KEYS or the key file (see src/crypto).
     */
    encryption: z
      .object({
        enabled: z.boolean().default(true),
        /** The key ring file, relative to the data dir; tenant data keys live in `tenants/` beside it. */
        keyFile: z.string().min(1).default('keys/encryption-keys.json'),
        codecServer: z
          .object({
            /** Web UI origins allowed to call /codec; empty: the dev server's Web UI and connection.webUiUrl. */
            corsOrigins: z.array(z.url()).default([]),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
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
