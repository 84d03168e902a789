/** The bodies and query strings of the jobs API: one schema each, one inferred type each. */
import { z } from 'zod';
import { priorityClassSchema } from '../config/schema';

/** Case ids go into visibility queries; a plain charset keeps them safe to quote. */
export const caseIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:/#-]{0,119}$/, 'expected 1-120 letters, digits or _ . : / # -');

export const submitJobRequestSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    type: z.string().min(1).max(64),
    priority: z.optional(priorityClassSchema),
    caseId: caseIdSchema.optional(),
    /** The organisation the job is for; with the case id, it keys fairness inside a priority class. */
    tenant: caseIdSchema.optional(),
    data: z.record(z.string(), z.unknown(), { error: "expected an object with the job's input" }),
    idempotencyKey: z.string().min(1).max(200).optional(),
    /** Jobs that must complete first; the job waits (WAITING) and fails at once if one of them does not complete. */
    dependsOn: z.array(z.string().min(1).max(80)).max(50).optional(),
  })
  .strict();
export type SubmitJobRequest = z.infer<typeof submitJobRequestSchema>;

export const jobStatuses = ['RUNNING', 'COMPLETED', 'FAILED', 'CANCELED', 'TERMINATED', 'TIMED_OUT'] as const;
export const jobStatusSchema = z.enum(jobStatuses);
export type JobStatus = z.infer<typeof jobStatusSchema>;

export const listJobsQuerySchema = z
  .object({
    status: jobStatusSchema.optional(),
    type: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]{0,62}$/, 'expected a job type such as FRAUD_DETECTION')
      .optional(),
    priority: z.optional(priorityClassSchema),
    caseId: caseIdSchema.optional(),
    pageSize: z.coerce.number().int().min(1).max(1000).default(50),
    pageToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'expected a pageToken from a previous answer')
      .optional(),
  })
  .strict();
export type ListJobsQuery = z.infer<typeof listJobsQuerySchema>;
