/**
 * The live API's contract: the messages GET /v1/events (WebSocket) and the GraphQL subscriptions deliver, and the
 * filter a subscriber chooses them with. One schema per message, one inferred type; field names in the API's
 * camelCase, `type` as the product description names it. Pure module (zod only).
 */
import { z } from 'zod';
import { jobIdSchema } from './job-workflow';
import { jobStages, slaStatuses } from './search-attributes';
import { stepStates } from './investigation-workflow';

/**
 * Opaque position in the event stream: a client that reconnects with `since=<cursor>` gets again the terminal
 * statuses it may have missed since then (within the replay window). Short, URL-safe, at most 200 characters.
 */
export const eventCursorSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'expected a cursor from a previous message');
export type EventCursor = z.infer<typeof eventCursorSchema>;

/** Temporal's execution status as the REST API spells it (see src/jobs/job-status.ts). */
export const liveStatusSchema = z.enum(['RUNNING', 'COMPLETED', 'FAILED', 'CANCELED', 'TERMINATED', 'TIMED_OUT']);
export type LiveStatus = z.infer<typeof liveStatusSchema>;

/** The statuses after which a workflow sends nothing more: what a reconnect with a cursor never loses. */
export const terminalStatuses: readonly LiveStatus[] = ['COMPLETED', 'FAILED', 'CANCELED', 'TERMINATED', 'TIMED_OUT'];

/** One investigation step's state, as the investigation's progress shows it. */
export const liveStepSchema = z
  .object({
    name: z.string(),
    state: z.enum(stepStates),
    agent: z.string().optional(),
    startedAt: z.iso.datetime().optional(),
    finishedAt: z.iso.datetime().optional(),
  })
  .strict();
export type LiveStep = z.infer<typeof liveStepSchema>;

/**
 * A job or investigation changed: started, a stage or step moved, its run closed. Exactly one of `jobId` and
 * `investigationId` is set. `stage` is the job's stage (WAITING, SCHEDULED, COMPLETED, FAILED, CANCELED) or the
 * investigation's state (RUNNING, COMPENSATING, COMPLETED, FAILED); `steps` only for an investigation.
 */
export const jobStatusUpdateSchema = z
  .object({
    type: z.literal('job_status_update'),
    cursor: eventCursorSchema,
    jobId: z.optional(jobIdSchema),
    investigationId: z.optional(jobIdSchema),
    workflowId: z.string(),
    runId: z.string(),
    jobType: z.string().optional(),
    caseId: z.string().optional(),
    status: liveStatusSchema,
    stage: z.union([z.enum(jobStages), z.enum(['RUNNING', 'COMPENSATING', 'COMPLETED', 'FAILED'])]).optional(),
    /** 0 to 1: a job's step done or not; an investigation's finished steps over all steps. */
    progress: z.number().min(0).max(1),
    steps: z.array(liveStepSchema).optional(),
    /** When it is expected to finish (ISO 8601); null when nobody can tell (see docs/live-api.md#estimated-completion). */
    estimatedCompletion: z.iso.datetime().nullable(),
    /** A failed run's error, as GET /v1/jobs/:id shows it. */
    error: z.object({ type: z.string().optional(), message: z.string() }).strict().optional(),
    /** When it happened: the time of the history event that caused the message. */
    at: z.iso.datetime(),
  })
  .strict();
export type JobStatusUpdate = z.infer<typeof jobStatusUpdateSchema>;

export const agentHealthStatuses = ['HEALTHY', 'DEGRADED', 'DOWN'] as const;

/** An agent's health, sent when it changes and every `events.agentHealthInterval`. */
export const agentHealthUpdateSchema = z
  .object({
    type: z.literal('agent_health_update'),
    cursor: eventCursorSchema,
    agent: z.string(),
    taskQueue: z.string(),
    healthStatus: z.enum(agentHealthStatuses),
    /** Workers that polled the agent's task queue recently. */
    livePollers: z.number().int().min(0),
    /** Distinct worker processes among them (or that heartbeat, where the server reports worker heartbeats). */
    workers: z.number().int().min(0),
    /** Where the workers report them: host CPU and memory use, fractions 0 to 1 (the highest among the workers). */
    resourceUsage: z
      .object({ cpu: z.number().min(0).max(1), memory: z.number().min(0).max(1) })
      .strict()
      .optional(),
    at: z.iso.datetime(),
  })
  .strict();
export type AgentHealthUpdate = z.infer<typeof agentHealthUpdateSchema>;

/** A job or investigation went AT_RISK (past its SLA's warning point) or BREACHED its deadline. */
export const slaUpdateSchema = z
  .object({
    type: z.literal('sla_update'),
    cursor: eventCursorSchema,
    jobId: z.optional(jobIdSchema),
    investigationId: z.optional(jobIdSchema),
    workflowId: z.string(),
    runId: z.string(),
    caseId: z.string().optional(),
    slaStatus: z.enum(slaStatuses).exclude(['ON_TRACK']),
    deadline: z.iso.datetime().optional(),
    at: z.iso.datetime(),
  })
  .strict();
export type SlaUpdate = z.infer<typeof slaUpdateSchema>;

export const liveEventSchema = z.discriminatedUnion('type', [jobStatusUpdateSchema, agentHealthUpdateSchema, slaUpdateSchema]);
export type LiveEvent = z.infer<typeof liveEventSchema>;
export type LiveEventType = LiveEvent['type'];

const filterValue = z.string().min(1).max(120);

/**
 * What a subscriber follows, any combination (all given must match); none: everything its token may see. `type` is
 * a job type (temporal.yaml jobTypes), `agent` an agent type; `since` a cursor of a previous message. Tenant walls
 * apply on top, always.
 */
export const eventFilterSchema = z
  .object({
    jobId: z.optional(jobIdSchema),
    investigationId: z.optional(jobIdSchema),
    caseId: filterValue.optional(),
    type: filterValue.optional(),
    agent: filterValue.optional(),
    since: eventCursorSchema.optional(),
  })
  .strict();
export type EventFilter = z.infer<typeof eventFilterSchema>;
