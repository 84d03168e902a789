/**
 * The investigation workflow's contract: its name, input, result and progress query, shared by the workflow, the
 * HTTP facade and the tests. Pure module: safe inside the workflow sandbox.
 */
import { defineQuery } from '@temporalio/workflow';
import { z } from 'zod';
import { priorityClassSchema } from '../config/priority-classes';
import { jobIdSchema, jobSlaSchema } from './job-workflow';
import { resolvedRetrySchema } from './retry-policy';
import type { StepRecordHead } from './step-record';

export const investigationWorkflowType = 'investigationWorkflow';
export const investigationIdSchema = jobIdSchema;

/**
 * Everything the interpreter needs, resolved by the facade at submission: the validated definition, the task
 * queue of each agent, the retry policies by name and the templates that `use:` steps run. A replay therefore
 * never depends on today's config or template files.
 */
export const investigationWorkflowInputSchema = z
  .object({
    investigationId: investigationIdSchema,
    caseId: z.string().max(120).optional(),
    priority: priorityClassSchema,
    priorityKey: z.number().int().min(1).max(5),
    fairness: z
      .object({ key: z.string().min(1).max(120), weight: z.number().positive() })
      .strict()
      .optional(),
    sla: z.optional(jobSlaSchema),
    submittedAt: z.iso.datetime(),
    definition: z.unknown(),
    input: z.record(z.string(), z.unknown()),
    agentTaskQueues: z.record(z.string(), z.string().min(1)),
    retryPolicies: z.record(z.string(), resolvedRetrySchema),
    templates: z.record(z.string(), z.unknown()),
    defaultStepTimeoutMs: z.number().int().positive(),
    nonRetryableErrorTypes: z.array(z.string()),
    /**
     * A rerun with edited input: the outputs of the steps that completed in the previous run and are kept (they do
     * not run again), and the new inputs of the steps to rerun.
     */
    resume: z
      .object({
        fromRunId: z.string(),
        outputs: z.record(z.string(), z.unknown()),
        inputOverrides: z.record(z.string(), z.unknown()),
      })
      .strict()
      .optional(),
  })
  .strict();
export type InvestigationWorkflowInput = z.infer<typeof investigationWorkflowInputSchema>;

export const stepStates = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED', 'COMPENSATED'] as const;
export type StepRunState = (typeof stepStates)[number];

export interface StepProgress {
  name: string;
  agent?: string;
  action?: string;
  use?: string;
  state: StepRunState;
  startedAt?: string;
  finishedAt?: string;
  /** The priority key the step ran at: lower than the investigation's once escalated after an SLA breach. */
  priorityKey?: number;
  /** 'fallback' when the fallback action produced the output; 'previous-run' when a rerun kept it. */
  via?: 'primary' | 'fallback' | 'previous-run';
  output?: unknown;
  error?: { message: string; type?: string };
  skippedBecause?: string;
}

export interface InvestigationProgress {
  investigationId: string;
  name: string;
  state: 'RUNNING' | 'COMPENSATING' | 'COMPLETED' | 'FAILED';
  /** Finished steps (completed, failed, skipped) over all steps. */
  progress: number;
  slaStatus?: 'ON_TRACK' | 'AT_RISK' | 'BREACHED';
  steps: StepProgress[];
}

export interface InvestigationResult {
  investigationId: string;
  name: string;
  /** Each completed step's output, by step name. */
  outputs: Record<string, unknown>;
  steps: StepProgress[];
  /** The head of the sealed step record (runs from before the record have none). */
  record?: StepRecordHead;
}

export const investigationProgressQuery = defineQuery<InvestigationProgress>('progress');
