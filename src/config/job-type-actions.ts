import { builtInActions } from '../../activities/catalog';
import { closestKey } from './expected-keys';
import type { TaskmasterConfig } from './schema';
import { lineSuffix, type LineOf } from './yaml-lines';
import { ownValue } from '../contracts/own-value';

/**
 * Job types whose action their agent does not have: each would start fine and then fail every job after its
 * retries. `actionsOf` gives an agent's actions, or undefined when they are not known yet (a custom agent before
 * its module is loaded: the worker checks those).
 */
export function unknownActionProblems(
  config: Pick<TaskmasterConfig, 'jobTypes'>,
  actionsOf: (agent: string) => readonly string[] | undefined,
  lineOf: LineOf,
  agents: readonly string[] = Object.values(config.jobTypes).map((jobType) => jobType.agent),
): string[] {
  const problems: string[] = [];
  for (const [name, jobType] of Object.entries(config.jobTypes)) {
    if (!agents.includes(jobType.agent)) continue;
    const actions = actionsOf(jobType.agent);
    if (!actions || actions.includes(jobType.action)) continue;
    const keyPath = ['jobTypes', name, 'action'];
    const close = closestKey(jobType.action, actions);
    problems.push(
      `${keyPath.join('.')}${lineSuffix(lineOf(keyPath))}: the ${jobType.agent} agent has no action "${jobType.action}"; ` +
        `its actions: ${actions.length > 0 ? actions.join(', ') : '(none)'}${close ? ` (did you mean "${close}"?)` : ''}`,
    );
  }
  return problems;
}

/** The actions of a built-in agent not given a module; undefined for custom agents (known once loaded). */
export function builtInActionNames(config: Pick<TaskmasterConfig, 'agents'>): (agent: string) => readonly string[] | undefined {
  return (agent) => (ownValue(config.agents, agent)?.module ? undefined : builtInActions(agent)?.map((action) => action.name));
}
