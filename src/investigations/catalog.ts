/**
 * What a definition may name: the deployment's agents and their actions, its retry policies, and the templates
 * usable with `use:`. Built from the worker's activities and temporal.yaml by the caller; pure here.
 */
export interface DefinitionCatalog {
  /** Agent type -> the names of its actions (activities). */
  agents: Readonly<Record<string, readonly string[]>>;
  /** Names of the retry policies of temporal.yaml. */
  retryPolicies: readonly string[];
  /** Names of the templates a step may run with `use:`. */
  templates: readonly string[];
}

/**
 * A catalog from activity sets as workers register them (`createAgentActivities(...)`: agent -> { action: fn }),
 * the retry policies of the config (their names are the keys) and the template names.
 */
export function buildCatalog(
  agents: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  retryPolicies: Readonly<Record<string, unknown>>,
  templates: readonly string[] = [],
): DefinitionCatalog {
  return {
    agents: Object.fromEntries(Object.entries(agents).map(([agent, actions]) => [agent, Object.keys(actions).sort()])),
    retryPolicies: Object.keys(retryPolicies).sort(),
    templates: [...templates].sort(),
  };
}

/** Own-property lookup: a definition naming "constructor" or "toString" must not find Object.prototype's. */
export function actionsOf(catalog: DefinitionCatalog, agent: string): readonly string[] | undefined {
  return Object.prototype.hasOwnProperty.call(catalog.agents, agent) ? catalog.agents[agent] : undefined;
}
