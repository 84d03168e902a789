import { z } from 'zod';

/** The body of POST /v1/jobs/:jobId/replay and POST /v1/investigations/:id/replay. */
export const rerunRequestSchema = z
  .object({
    fromStep: z.string().min(1).max(64).optional(),
    /** A new input for the step (a job's new data): the rerun uses it instead of the recorded one. */
    input: z.unknown().optional(),
    reason: z.string().min(1).max(500).default('replay requested'),
  })
  .strict();
export type RerunRequest = z.infer<typeof rerunRequestSchema>;
