import path from 'node:path';
import { loadConfig } from '../../../src/config/load-config';
import { catalogFromConfig } from '../../../src/investigations/service/catalog-from-config';
import {
  createScope,
  evaluateExpression,
  isTruthy,
  parseExpression,
  resolveReferences,
  topologicalLayers,
  type DefinitionCatalog,
  type DefinitionProblem,
  type DefinitionValidation,
  type InvestigationDefinition,
  type InvestigationScope,
} from '../../../src/investigations';

/** A small catalog shaped like the real one, plus an agent with side effects to compensate. */
export const testCatalog: DefinitionCatalog = {
  agents: {
    evidence: ['processEvidence'],
    fraud: ['detectFraud'],
    risk: ['assessRisk'],
    litigation: ['prepareCaseSummary'],
    ledger: ['postAdjustment', 'reverseAdjustment'],
  },
  retryPolicies: ['exponential_backoff', 'fixed_interval', 'immediate'],
  templates: ['fraud-investigation', 'compliance-review'],
};

/** The catalog of this deployment, built as production builds it: the static agent catalog and temporal.yaml. */
export function realCatalog(templates: readonly string[] = []): DefinitionCatalog {
  return catalogFromConfig(loadConfig(path.resolve(__dirname, '../../../temporal.yaml'), {}), templates);
}

export type RawStep = Record<string, unknown>;

/** A valid definition of the given steps (each defaults to a fraud screen). */
export function definition(steps: RawStep[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'test-investigation',
    version: 1,
    steps: steps.map((step) => ({ agent: 'fraud', action: 'detectFraud', input: {}, ...step })),
    ...extra,
  };
}

/** The problems of an invalid validation result (fails the test if it was valid). */
export function problemsOf(result: DefinitionValidation): DefinitionProblem[] {
  if (result.ok) throw new Error('expected the definition to be invalid');
  return result.problems;
}

/** Problems as "path: message" lines, the way people read them. */
export const lines = (problems: readonly DefinitionProblem[]): string[] => problems.map((p) => `${p.path}: ${p.message}`);

export type Agents = Record<string, Record<string, (data: unknown) => Promise<unknown>>>;

export interface LocalRun {
  scope: InvestigationScope;
  /** The resolved input each step that ran was given. */
  inputs: Record<string, unknown>;
}

/**
 * The interpreter's core loop without Temporal, for tests: layer by layer, each layer's steps in parallel; `when`
 * decides whether a step runs; inputs are resolved against the scope; onFailure 'continue' records the failure and
 * carries on. (Retries, fallbacks, timeouts, compensation and use: are the workflow's business.)
 */
export async function runLocally(definition: InvestigationDefinition, input: Record<string, unknown>, agents: Agents): Promise<LocalRun> {
  const scope = createScope(input);
  const inputs: Record<string, unknown> = {};
  for (const layer of topologicalLayers(definition)) {
    await Promise.all(
      layer.map(async (name) => {
        const step = definition.steps.find((candidate) => candidate.name === name);
        if (!step || step.use !== undefined) throw new Error(`cannot run step ${name} locally`);
        if (step.when !== undefined && !isTruthy(evaluateExpression(parseExpression(step.when), scope))) {
          scope.steps[name] = { status: 'skipped' };
          return;
        }
        const resolved = resolveReferences(step.input, scope);
        inputs[name] = resolved;
        const activity = agents[step.agent]?.[step.action];
        if (!activity) throw new Error(`no activity ${step.agent}.${step.action}`);
        try {
          scope.steps[name] = { status: 'succeeded', output: await activity(resolved) };
        } catch (error) {
          if (step.onFailure !== 'continue') throw error;
          scope.steps[name] = { status: 'failed', error: { message: (error as Error).message } };
        }
      }),
    );
  }
  return { scope, inputs };
}
