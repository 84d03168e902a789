import { CancellationScope, log } from '@temporalio/workflow';
import type { InvestigationWorkflowInput } from '../../src/contracts/investigation-workflow';
import { stepActivityId } from '../../src/contracts/step-activity-ids';
import type { AgentStep } from '../../src/investigations/definition-schema';
import { resolveReferences } from '../../src/investigations/references';
import type { InvestigationScope } from '../../src/investigations/scope';
import { callAgent } from './step-activity';
import type { StepTracker } from './step-tracker';

/**
 * Rollback: the compensations of the completed steps, in the reverse order of their completion. It runs even if the
 * investigation was cancelled, and a compensation that fails is recorded without stopping the others.
 */
export async function compensate(
  input: InvestigationWorkflowInput,
  completed: readonly AgentStep[],
  resolvedInputs: ReadonlyMap<string, unknown>,
  scope: InvestigationScope,
  tracker: StepTracker,
  priorityKey: number,
): Promise<string[]> {
  const compensated: string[] = [];
  await CancellationScope.nonCancellable(async () => {
    for (const step of [...completed].reverse()) {
      if (!step.compensate) continue;
      try {
        const data = step.compensate.input === undefined ? resolvedInputs.get(step.name) : resolveReferences(step.compensate.input, scope);
        await callAgent(
          input,
          {
            activityId: stepActivityId(step.name, 'compensate'),
            label: `${step.name} (compensate)`,
            agent: step.compensate.agent,
            action: step.compensate.action,
            priorityKey,
          },
          data,
        );
        tracker.update(step.name, { state: 'COMPENSATED' });
        compensated.push(step.name);
      } catch (error) {
        log.error('compensation failed', { step: step.name, error: (error as Error).message });
        tracker.update(step.name, { error: { message: `compensation failed: ${(error as Error).message}` } });
      }
    }
  });
  return compensated;
}
