import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, executeChild, workflowInfo } from '@temporalio/workflow';
import type { InvestigationWorkflowInput } from '../../src/contracts/investigation-workflow';
import { investigationWorkflowType } from '../../src/contracts/investigation-workflow';
import { stepActivityId } from '../../src/contracts/step-activity-ids';
import { templateStepInvestigationId, templateStepWorkflowId } from '../../src/contracts/workflow-ids';
import type { InvestigationStep } from '../../src/investigations/definition-schema';
import { callAgent } from './step-activity';

export interface StepOutcome {
  output: unknown;
  via: 'primary' | 'fallback';
}

/** The cause a person wants to read: the agent's failure, not the SDK's wrapper around it. */
export function rootCause(error: unknown): { message: string; type?: string } {
  const cause = (error instanceof ActivityFailure || error instanceof ChildWorkflowFailure) && error.cause ? error.cause : error;
  if (cause instanceof ApplicationFailure) return { message: cause.message, ...(cause.type ? { type: cause.type } : {}) };
  return { message: cause instanceof Error ? cause.message : String(cause) };
}

/** Runs a step: its agent's action (then its fallback, if it fails and has one), or its template as a child. */
export async function runStep(
  input: InvestigationWorkflowInput,
  step: InvestigationStep,
  data: unknown,
  priorityKey: number,
): Promise<StepOutcome> {
  if (step.use !== undefined) {
    const { workflowId } = workflowInfo();
    const output: unknown = await executeChild(investigationWorkflowType, {
      workflowId: templateStepWorkflowId(workflowId, step.name),
      args: [
        {
          ...input,
          investigationId: templateStepInvestigationId(input.investigationId, step.name),
          definition: input.templates[step.use],
          input: data as Record<string, unknown>,
          priorityKey,
          sla: undefined,
        } satisfies InvestigationWorkflowInput,
      ],
      staticSummary: `${step.name}: template ${step.use}`,
      priority: { priorityKey },
    });
    return { output, via: 'primary' };
  }
  const call = {
    activityId: stepActivityId(step.name),
    label: step.name,
    agent: step.agent,
    action: step.action,
    timeout: step.timeout,
    heartbeatTimeout: step.heartbeatTimeout,
    retry: step.retry,
    priorityKey,
  };
  try {
    return { output: await callAgent(input, call, data), via: 'primary' };
  } catch (error) {
    if (typeof step.onFailure !== 'object') throw error;
    const { agent, action } = step.onFailure.fallback;
    const output = await callAgent(
      input,
      { ...call, activityId: stepActivityId(step.name, 'fallback'), label: `${step.name} (fallback)`, agent, action },
      data,
    );
    return { output, via: 'fallback' };
  }
}
