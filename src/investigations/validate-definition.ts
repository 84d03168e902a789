/**
 * Validates an investigation definition against the deployment: the schema, then everything that needs the whole
 * definition or the catalog. Every problem is reported, not only the first: the schema's, plus the checks of each
 * step's valid fields (a step with a bad timeout still has its agent, dependencies and references checked), so
 * that one typo does not hide the rest. The work is bounded by the limits (limits.ts): a hostile definition is
 * rejected in milliseconds.
 */
import type { DefinitionCatalog } from './catalog';
import { investigationDefinitionSchema, stepFieldSchemas, type InputSchemaSpec, type InvestigationDefinition } from './definition-schema';
import { inputSchemaSpecSchema } from './input-schema';
import { limits } from './limits';
import { isPlainObject } from './path-lookup';
import { capProblems, zodProblems, type DefinitionProblem } from './problems';
import { transitiveDependencies } from './step-graph';
import { stepReadProblems } from './validate-references';
import { catalogProblems, dependencyProblems, duplicateNameProblems, type CheckedStep, type RawStep } from './validate-steps';

export type { DefinitionCatalog } from './catalog';
export type { DefinitionProblem } from './problems';
export { dependenciesOf, dependentsOf, topologicalLayers } from './step-graph';

export type DefinitionValidation = { ok: true; definition: InvestigationDefinition } | { ok: false; problems: DefinitionProblem[] };

export function validateDefinition(raw: unknown, catalog: DefinitionCatalog): DefinitionValidation {
  const problems: DefinitionProblem[] = [];
  const candidate = withBoundedSteps(raw, problems);
  const parsed = investigationDefinitionSchema.safeParse(candidate);
  if (!parsed.success) problems.push(...zodProblems(parsed.error.issues));

  const fields = isPlainObject(candidate) ? candidate : {};
  const rawSteps = Array.isArray(fields.steps) ? (fields.steps as unknown[]) : [];
  const named = namedSteps(rawSteps);
  const checked = checkedSteps(rawSteps);
  const definitionName = typeof fields.name === 'string' ? fields.name : undefined;
  const inputSchema = inputSchemaSpecSchema.safeParse(fields.inputSchema).data;

  problems.push(
    ...duplicateNameProblems(named),
    ...catalogProblems(checked, catalog, definitionName),
    ...dependencyProblems(named),
    ...readProblems(checked, named, inputSchema),
  );
  if (parsed.success && problems.length === 0) return { ok: true, definition: parsed.data };
  return { ok: false, problems: capProblems(sortedByPath(problems)) };
}

/** More steps than allowed: say so once, and check only the first ones instead of parsing all of them. */
function withBoundedSteps(raw: unknown, problems: DefinitionProblem[]): unknown {
  if (!isPlainObject(raw) || !Array.isArray(raw.steps) || raw.steps.length <= limits.maxSteps) return raw;
  problems.push({ path: 'steps', message: `${raw.steps.length} steps; at most ${limits.maxSteps} are allowed` });
  return { ...raw, steps: raw.steps.slice(0, limits.maxSteps) };
}

/** Name and dependencies of each step whose name is a string, whatever else is wrong with it. */
function namedSteps(rawSteps: readonly unknown[]): RawStep[] {
  return rawSteps.flatMap((step, index) => {
    if (!isPlainObject(step) || typeof step.name !== 'string') return [];
    const dependsOn = Array.isArray(step.dependsOn)
      ? (step.dependsOn as unknown[]).slice(0, limits.maxDependencies).filter((name) => typeof name === 'string')
      : [];
    return [{ index, name: step.name, dependsOn }];
  });
}

/** Each named step with the fields that pass their own schema (the schema's problems are already reported). */
function checkedSteps(rawSteps: readonly unknown[]): CheckedStep[] {
  const keys = Object.keys(stepFieldSchemas) as Array<keyof typeof stepFieldSchemas>;
  return rawSteps.flatMap((step, index) => {
    if (!isPlainObject(step) || typeof step.name !== 'string') return [];
    const valid: Record<string, unknown> = {};
    for (const key of keys) {
      if (!Object.prototype.hasOwnProperty.call(step, key)) continue;
      const result = stepFieldSchemas[key].safeParse(step[key]);
      if (result.success) valid[key] = result.data;
    }
    return [{ index, name: step.name, fields: valid }];
  });
}

function readProblems(steps: readonly CheckedStep[], named: readonly RawStep[], inputSchema?: InputSchemaSpec): DefinitionProblem[] {
  const dependencies = transitiveDependencies({ steps: named });
  const stepNames = new Set(named.map((step) => step.name));
  return steps.flatMap(({ index, name, fields }) =>
    stepReadProblems(fields, `steps.${index}`, {
      step: name,
      dependencies: dependencies.get(name) ?? new Set(),
      stepNames,
      ...(inputSchema ? { inputSchema } : {}),
    }),
  );
}

/** Problems in path order (steps.2 before steps.10), each path's problems in the order they were found. */
function sortedByPath(problems: readonly DefinitionProblem[]): DefinitionProblem[] {
  const key = (path: string): string => path.replace(/\d+/g, (digits) => digits.padStart(6, '0'));
  return problems
    .map((problem, order) => ({ problem, order, key: key(problem.path) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.order - b.order))
    .map(({ problem }) => problem);
}
