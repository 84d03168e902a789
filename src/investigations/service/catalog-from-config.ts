import { builtInActions } from '../../../activities/catalog';
import type { TaskmasterConfig } from '../../config/schema';
import type { DefinitionCatalog } from '../catalog';

/**
 * What definitions may name in this deployment: the built-in agents' actions, the actions that temporal.yaml's
 * job types give custom agents, and the configured retry policies.
 */
export function catalogFromConfig(config: TaskmasterConfig, templates: readonly string[] = []): DefinitionCatalog {
  const agents: Record<string, string[]> = {};
  for (const agent of Object.keys(config.agents)) {
    const actions = new Set((builtInActions(agent) ?? []).map((action) => action.name));
    for (const jobType of Object.values(config.jobTypes)) if (jobType.agent === agent) actions.add(jobType.action);
    agents[agent] = [...actions].sort();
  }
  return { agents, retryPolicies: Object.keys(config.retryPolicies).sort(), templates: [...templates].sort() };
}
