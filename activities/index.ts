import { createAgentActivity, type AgentActivity, type AgentDeps, type AnyAgentAction } from './agent-action';
import { agentCatalog, builtInAgentTypes, type BuiltInAgentType } from './catalog';

export type { AgentDeps } from './agent-action';
export { agentCatalog, builtInAction, builtInActions, builtInAgentTypes, type BuiltInAgentType } from './catalog';

/** An agent's activities keyed by action name, as a worker registers them. */
export type ActivitiesOf<Actions extends readonly AnyAgentAction[]> = {
  [Action in Actions[number] as Action['name']]: AgentActivity<Action>;
};

/** Every built-in agent's activities, keyed by agent type. */
export type AgentActivities = { [Agent in BuiltInAgentType]: ActivitiesOf<(typeof agentCatalog)[Agent]> };

/** Every built-in agent's activities, built from the catalog: a worker registers the set of its agent. */
export function createAgentActivities(deps: AgentDeps): AgentActivities {
  const activitiesOf = (actions: readonly AnyAgentAction[]) =>
    Object.fromEntries(actions.map((action) => [action.name, createAgentActivity(action, deps)]));
  // The mapped type follows the catalog's literal names, which Object.fromEntries cannot carry.
  return Object.fromEntries(builtInAgentTypes.map((agent) => [agent, activitiesOf(agentCatalog[agent])])) as AgentActivities;
}
