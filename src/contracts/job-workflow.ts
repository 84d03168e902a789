/**
 * The job workflow's contract, shared by the workflow, the HTTP facade and the tests: its name, input,
 * result and query. Pure module: safe inside the workflow sandbox.
 */
import { defineQuery } from '@temporalio/workflow';
import { z } from 'zod';
import { priorityClassSchema } from '../config/priority-classes';
import type { JobStage } from './search-attributes';

export const jobWorkflowType = 'jobWorkflow';

export const jobIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/, 'expected 1-80 letters, digits, "_", "-" or "."');

/** The workflow id of a job: stable, so that the job id alone finds the workflow. */
export const jobWorkflowId = (jobId: string): string => `job-${jobId}`;

/** The inverse of jobWorkflowId; undefined for workflows that are not jobs. */
export function jobIdFromWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith('job-') ? workflowId.slice('job-'.length) : undefined;
}

/** How the job's step is routed and retried, resolved from temporal.yaml by the facade at submission. */
export const jobRouteSchema = z
  .object({
    agent: z.string().min(1),
    action: z.string().min(1),
    taskQueue: z.string().min(1),
    priorityKey: z.number().int().min(1).max(5),
    startToCloseTimeoutMs: z.number().int().positive(),
    heartbeatTimeoutMs: z.number().int().positive().optional(),
    retry: z.object({
      initialIntervalMs: z.number().int().positive(),
      backoffCoefficient: z.number().min(1),
      maximumIntervalMs: z.number().int().positive().optional(),
      maximumAttempts: z.number().int().min(0),
      nonRetryableErrorTypes: z.array(z.string()),
    }),
  })
  .strict();
export type JobRoute = z.infer<typeof jobRouteSchema>;

/** The job's SLA, resolved at submission: absolute times, so the workflow's timers are deterministic. */
export const jobSlaSchema = z
  .object({
    deadline: z.iso.datetime(),
    warningAt: z.iso.datetime(),
    durationMs: z.number().int().positive(),
    onBreach: z.enum(['escalate', 'cancel']),
  })
  .strict();
export type JobSla = z.infer<typeof jobSlaSchema>;

export const jobWorkflowInputSchema = z
  .object({
    jobId: jobIdSchema,
    name: z.string().max(200).optional(),
    type: z.string().min(1),
    priority: priorityClassSchema,
    caseId: z.string().max(120).optional(),
    data: z.unknown(),
    submittedAt: z.iso.datetime(),
    route: jobRouteSchema,
    sla: jobSlaSchema.optional(),
    fairness: z.object({ key: z.string().min(1).max(120), weight: z.number().positive() }).strict().optional(),
    /** Jobs that must complete before this one starts its step. */
    dependsOn: z.array(jobIdSchema).max(50).optional(),
  })
  .strict();
export type JobWorkflowInput = z.infer<typeof jobWorkflowInputSchema>;

export interface JobWorkflowResult {
  jobId: string;
  type: string;
  agent: string;
  output: unknown;
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
  error?: string;
}

export const jobProgressQuery = defineQuery<JobProgress>('progress');
