/**
 * What a workflow hands each agent step beside its data: the time the findings are "as of". An agent never reads its
 * own clock for a finding, so the same input and code give the same output on any day (a what-if rerun, a replay,
 * an outside expert's rerun). Pure module: safe inside the workflow sandbox.
 */
import { z } from './zod-mini';

export const stepContextSchema = z.strictObject({
  /** The submission time of the job or investigation: a time recorded in its history, not the worker's clock. */
  asOf: z.iso.datetime(),
});
export type StepContext = z.infer<typeof stepContextSchema>;

/**
 * Runs started before this patch scheduled their steps with the data alone, and the litigation agent dated its
 * summary with the worker's clock. Since the patch every step gets a StepContext as its second argument.
 */
export const findingsTimeFromWorkflowPatch = 'findings-time-from-workflow';
