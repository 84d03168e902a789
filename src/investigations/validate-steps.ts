/**
 * The validator's checks of steps against each other and against the catalog: duplicate names, agents, actions,
 * retry policies, templates, dependencies and cycles. Each returns problems; none stops at the first.
 */
import { actionsOf, type DefinitionCatalog } from './catalog';
import type { StepFields } from './definition-schema';
import type { DefinitionProblem } from './problems';
import { findCycles, type GraphStep } from './step-graph';

/** A step's fields that passed their own schema, with its name and position (for problem paths). */
export interface CheckedStep {
  index: number;
  name: string;
  fields: StepFields;
}

/** The name and dependencies of every step whose name is a string, schema-valid or not. */
export interface RawStep extends GraphStep {
  index: number;
}

const list = (names: readonly string[]): string => (names.length === 0 ? '(none)' : names.join(', '));

export function duplicateNameProblems(rawSteps: readonly RawStep[]): DefinitionProblem[] {
  const firstIndex = new Map<string, number>();
  const problems: DefinitionProblem[] = [];
  for (const { index, name } of rawSteps) {
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, index);
    else problems.push({ path: `steps.${index}.name`, message: `duplicate step name "${name}" (also steps.${first})` });
  }
  return problems;
}

export function catalogProblems(
  steps: readonly CheckedStep[],
  catalog: DefinitionCatalog,
  definitionName: string | undefined,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const checkAction = (path: string, agent: string | undefined, action: string | undefined): void => {
    if (agent === undefined) return;
    const actions = actionsOf(catalog, agent);
    if (actions === undefined) {
      const message = `unknown agent "${agent}"; the agents are: ${list(Object.keys(catalog.agents))}`;
      problems.push({ path: `${path}.agent`, message });
    } else if (action !== undefined && !actions.includes(action)) {
      const message = `agent "${agent}" has no action "${action}"; its actions are: ${list(actions)}`;
      problems.push({ path: `${path}.action`, message });
    }
  };
  for (const { index, fields } of steps) {
    const at = `steps.${index}`;
    if (fields.use === definitionName && definitionName !== undefined) {
      problems.push({ path: `${at}.use`, message: 'a template cannot use itself' });
    } else if (fields.use !== undefined && !catalog.templates.includes(fields.use)) {
      const message = `unknown template "${fields.use}"; the templates are: ${list(catalog.templates)}`;
      problems.push({ path: `${at}.use`, message });
    }
    checkAction(at, fields.agent, fields.action);
    checkAction(`${at}.compensate`, fields.compensate?.agent, fields.compensate?.action);
    if (typeof fields.onFailure === 'object') {
      checkAction(`${at}.onFailure.fallback`, fields.onFailure.fallback.agent, fields.onFailure.fallback.action);
    }
    if (typeof fields.retry === 'string' && !catalog.retryPolicies.includes(fields.retry)) {
      const message = `unknown retry policy "${fields.retry}"; the policies are: ${list(catalog.retryPolicies)}`;
      problems.push({ path: `${at}.retry`, message });
    }
  }
  return problems;
}

export function dependencyProblems(rawSteps: readonly RawStep[]): DefinitionProblem[] {
  const names = new Set(rawSteps.map((step) => step.name));
  const problems: DefinitionProblem[] = [];
  for (const { index, name, dependsOn = [] } of rawSteps) {
    const seen = new Set<string>();
    dependsOn.forEach((target, position) => {
      const path = `steps.${index}.dependsOn.${position}`;
      if (target === name) problems.push({ path, message: 'a step cannot depend on itself' });
      else if (!names.has(target)) problems.push({ path, message: `unknown step "${target}"` });
      else if (seen.has(target)) problems.push({ path, message: `"${target}" is listed twice` });
      seen.add(target);
    });
  }
  for (const cycle of findCycles({ steps: rawSteps })) {
    const first = rawSteps.find((step) => step.name === cycle[0]);
    problems.push({
      path: `steps.${first?.index ?? 0}.dependsOn`,
      message: `dependency cycle: ${cycle.join(' -> ')} (each step waits for the next, so none can start)`,
    });
  }
  return problems;
}
