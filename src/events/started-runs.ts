/**
 * The runs this facade starts, told to its live events service as they start: a broad subscriber then gets a
 * job's first messages at once instead of after the next visibility read (events.discoveryInterval plus
 * visibility's lag). Runs started elsewhere (another facade, the CLI, a schedule) are still found by that read.
 * A client interceptor, so that every start made for a principal (REST, GraphQL, reruns with new data) is seen.
 */
import type { WorkflowClientInterceptor } from '@temporalio/client';

export interface StartedRun {
  workflowId: string;
  runId: string;
  workflowType: string;
}

export function startedRunsInterceptor(onStarted: (run: StartedRun) => void): WorkflowClientInterceptor {
  return {
    async startWithDetails(input, next) {
      const output = await next(input);
      onStarted({ workflowId: input.options.workflowId, runId: output.runId, workflowType: input.workflowType });
      return output;
    },
  };
}
