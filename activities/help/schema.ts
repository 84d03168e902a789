/** Input and result of the help agent (job type JOB_EXPLANATION). Pure module. */
import { z } from 'zod';

export const helpInputSchema = z.strictObject({
  /** The job to explain. Same format as job ids everywhere (src/contracts/job-workflow.ts). */
  jobId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/, 'must be 1-80 letters, digits, "_", "-" or "."'),
});
export type HelpInput = z.infer<typeof helpInputSchema>;

export interface HelpResult {
  jobId: string;
  /** RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED, TIMED_OUT, CONTINUED_AS_NEW (as Temporal reports it). */
  status: string;
  /** One sentence: what state the job is in. */
  headline: string;
  /** Plain-English sentences: why, and what is happening now. */
  explanation: string[];
  /** What the reader can do next; empty when nothing is needed. */
  suggestedActions: string[];
}
