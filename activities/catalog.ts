import type { AnyAgentAction } from './agent-action';
import { complianceActions } from './compliance';
import { evidenceActions } from './evidence';
import { fraudActions } from './fraud';
import { helpActions } from './help';
import { litigationActions } from './litigation';
import { reconciliationActions } from './reconciliation';
import { riskActions } from './risk';

export const builtInAgentTypes = ['reconciliation', 'fraud', 'risk', 'evidence', 'litigation', 'compliance', 'help'] as const;
export type BuiltInAgentType = (typeof builtInAgentTypes)[number];

/**
 * The built-in agents' actions, by agent type: static declarations (name, input schema, description), so that
 * code can read names and schemas without creating activities. Workers build the activities from it
 * (`createAgentActivities` in activities/index.ts).
 */
export const agentCatalog = {
  reconciliation: reconciliationActions,
  fraud: fraudActions,
  risk: riskActions,
  evidence: evidenceActions,
  litigation: litigationActions,
  compliance: complianceActions,
  help: helpActions,
} as const satisfies { [Agent in BuiltInAgentType]: readonly AgentActionOf<Agent>[] };

type AgentActionOf<Agent extends string> = AnyAgentAction & { agent: Agent };

/** The actions of a built-in agent, or undefined for any other name (own keys only: "toString" is no agent). */
export function builtInActions(agent: string): readonly AnyAgentAction[] | undefined {
  return Object.hasOwn(agentCatalog, agent) ? agentCatalog[agent as BuiltInAgentType] : undefined;
}

/** One action of a built-in agent by its name, or undefined. */
export function builtInAction(agent: string, action: string): AnyAgentAction | undefined {
  return builtInActions(agent)?.find((candidate) => candidate.name === action);
}
