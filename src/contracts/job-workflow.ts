/**
 * The job workflow's contract, shared by the workflow, the HTTP facade and the tests: its name, input,
 * result and query. Pure module: safe inside the workflow sandbox.
 */
import { defineQuery } from '@temporalio/workflow';
import { z } from './zod-mini';
import { priorityClassSchema } from '../config/priority-classes';
import { resolvedRetrySchema } from './retry-policy';
import type { JobStage } from './search-attributes';
import type { StepRecordHead } from './step-record';

export const jobWorkflowType = 'jobWorkflow';

export const jobIdSchema = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/, 'expected 1-80 letters, digits, "_", "-" or "."'));

const positiveInt = () => z.int().check(z.positive());
const nonEmpty = () => z.string().check(z.minLength(1));

/** How the job's step is routed and retried, resolved from temporal.yaml by the facade at submission. */
export const jobRouteSchema = z.strictObject({
  agent: nonEmpty(),
  action: nonEmpty(),
  taskQueue: nonEmpty(),
  priorityKey: z.int().check(z.minimum(1), z.maximum(5)),
  startToCloseTimeoutMs: positiveInt(),
  heartbeatTimeoutMs: z.optional(positiveInt()),
  retry: z.extend(resolvedRetrySchema, { nonRetryableErrorTypes: z.array(z.string()) }),
});
export type JobRoute = z.infer<typeof jobRouteSchema>;

/** The job's SLA, resolved at submission: absolute times, so the workflow's timers are deterministic. */
export const jobSlaSchema = z.strictObject({
  deadline: z.iso.datetime(),
  warningAt: z.iso.datetime(),
  durationMs: positiveInt(),
  onBreach: z.enum(['escalate', 'cancel']),
});
export type JobSla = z.infer<typeof jobSlaSchema>;

export const jobWorkflowInputSchema = z.strictObject({
  jobId: jobIdSchema,
  name: z.optional(z.string().check(z.maxLength(200))),
  type: nonEmpty(),
  priority: priorityClassSchema,
  caseId: z.optional(z.string().check(z.maxLength(120))),
  data: z.optional(z.unknown()),
  submittedAt: z.iso.datetime(),
  route: jobRouteSchema,
  sla: z.optional(jobSlaSchema),
  fairness: z.optional(z.strictObject({ key: z.string().check(z.minLength(1), z.maxLength(120)), weight: z.number().check(z.positive()) })),
  /** Jobs that must complete before this one starts its step. */
  dependsOn: z.optional(z.array(jobIdSchema).check(z.maxLength(50))),
});
export type JobWorkflowInput = z.infer<typeof jobWorkflowInputSchema>;

export interface JobWorkflowResult {
  jobId: string;
  type: string;
  agent: string;
  output: unknown;
  /** The head of the sealed step record (runs from before the record have none). */
  record?: StepRecordHead;
}

export interface JobProgress {
  jobId: string;
  type: string;
  priority: string;
  caseId?: string;
  stage: JobStage;
  /** 0 until the step completes, then 1. */
  progress: number;
  agent: string;
  action: string;
  taskQueue: string;
  /** The step's current priority key: lower than the class's once escalated after an SLA breach. */
  priorityKey: number;
  slaStatus: 'ON_TRACK' | 'AT_RISK' | 'BREACHED' | undefined;
  /** While the stage is WAITING: the dependencies (dependsOn) that have not completed yet. */
  waitingFor?: string[];
  error?: string;
}

export const jobProgressQuery = defineQuery<JobProgress>('progress');
