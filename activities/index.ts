import { createComplianceActivities } from './compliance';
import { createEvidenceActivities } from './evidence';
import { createFraudActivities } from './fraud';
import { createHelpActivities, type HelpDeps } from './help';
import { createLitigationActivities } from './litigation';
import { createReconciliationActivities } from './reconciliation';
import { createRiskActivities } from './risk';

/** What the built-in agents need from their environment. */
export interface AgentDeps {
  /** The help agent's view of Temporal: a job's snapshot, or undefined when the job does not exist. */
  describeJob: HelpDeps['describeJob'];
  /** Clock of the litigation agent's document date; defaults to the system clock. */
  now?: () => Date;
}

export const builtInAgentTypes = ['reconciliation', 'fraud', 'risk', 'evidence', 'litigation', 'compliance', 'help'] as const;
export type BuiltInAgentType = (typeof builtInAgentTypes)[number];

/** Every built-in agent's activities, keyed by agent type: a worker registers the set of its agent. */
export function createAgentActivities(deps: AgentDeps) {
  return {
    reconciliation: createReconciliationActivities(),
    fraud: createFraudActivities(),
    risk: createRiskActivities(),
    evidence: createEvidenceActivities(),
    litigation: createLitigationActivities(deps.now ? { now: deps.now } : {}),
    compliance: createComplianceActivities(),
    help: createHelpActivities({ describeJob: deps.describeJob }),
  } satisfies Record<BuiltInAgentType, Record<string, (data: unknown) => Promise<unknown>>>;
}

export type AgentActivities = ReturnType<typeof createAgentActivities>;
