import type { Client } from '@temporalio/client';
import type { TaskmasterConfig } from '../src/config/schema';
import type { OpsEvaluation } from '../src/contracts/ops-alert';
import { evaluateOperations } from '../src/operations/evaluate-operations';

/** The monitor workflow's eyes: reads agents, queues and failures from Temporal, on the orchestration queue. */
export function createOperationsActivities(deps: { config: TaskmasterConfig; client: Client }) {
  return {
    async evaluateOperations(input: { failuresSince: string }): Promise<OpsEvaluation> {
      return evaluateOperations(deps.config, deps.client, input.failuresSince);
    },
  };
}

export type OperationsActivities = ReturnType<typeof createOperationsActivities>;
