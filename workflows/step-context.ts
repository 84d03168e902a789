import { patched } from '@temporalio/workflow';
import { findingsTimeFromWorkflowPatch, type StepContext } from '../src/contracts/step-context';

/**
 * The arguments after the data of an agent step: a StepContext dated at the submission time, or none for runs from
 * before the findings-time-from-workflow patch (their recorded steps had one argument).
 */
export function stepContextArgs(submittedAt: string): [] | [StepContext] {
  return patched(findingsTimeFromWorkflowPatch) ? [{ asOf: submittedAt }] : [];
}
