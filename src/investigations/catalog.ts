/**
 * What a definition may name: the deployment's agents and their actions, its retry policies, and the templates
 * usable with `use:`. Built from the static agent catalog and temporal.yaml by catalogFromConfig (service/); pure here.
 */
export interface DefinitionCatalog {
  /** Agent type -> the names of its actions (activities). */
  agents: Readonly<Record<string, readonly string[]>>;
  /** Names of the retry policies of temporal.yaml. */
  retryPolicies: readonly string[];
  /** Names of the templates a step may run with `use:`. */
  templates: readonly string[];
}

/** Own-property lookup: a definition naming "constructor" or "toString" must not find Object.prototype's. */
export function actionsOf(catalog: DefinitionCatalog, agent: string): readonly string[] | undefined {
  return Object.prototype.hasOwnProperty.call(catalog.agents, agent) ? catalog.agents[agent] : undefined;
}
