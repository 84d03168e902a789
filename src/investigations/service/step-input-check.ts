/**
 * Checks an investigation's input, at submission, against the input schemas of the agent actions that will consume
 * it, so that an input a later step would refuse is refused before the first step does any work.
 *
 * Only what the references allow: a step input field that is exactly one `${input.<path>}` reference is known now
 * (the value the investigation was given); fields read from other steps' outputs, text mixing references, and
 * references to absent input (a step guarded by `when`) are not, and issues in or above them are not reported. A
 * `use:` step's template is followed, its references into its own input mapped back to this investigation's input.
 */
import type { z } from 'zod';
import type { InvestigationDefinition } from '../definition-schema';
import { formatPath, type PathSegment } from '../expression/ast';
import { findReferences } from '../references';
import { isPlainObject, lookupPath } from '../path-lookup';
import type { FieldProblem } from '../../errors/field-problems';

/** The zod schema of an agent action's input; undefined for a custom agent's (its agent checks it). */
export type ActionInputSchema = (agent: string, action: string) => z.ZodType | undefined;

/** Maps a path inside a (child) investigation's input to the submitted input's path; undefined when not known now. */
type InputPathMap = (path: readonly PathSegment[]) => PathSegment[] | undefined;

/** Templates nest through `use:`; validation refuses cycles, this bounds the work anyway. */
const maxTemplateDepth = 8;

export function stepInputProblems(
  definition: InvestigationDefinition,
  input: Record<string, unknown>,
  schemaOf: ActionInputSchema,
  templates: ReadonlyMap<string, InvestigationDefinition>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  visit(definition, input, (path) => [...path], 0, `template "${definition.name}"`);
  return problems;

  function visit(current: InvestigationDefinition, currentInput: unknown, toRoot: InputPathMap, depth: number, where: string): void {
    if (depth > maxTemplateDepth) return;
    for (const step of current.steps) {
      const known = knownStepInput(step.input, currentInput);
      const mapSource = (stepPath: readonly PathSegment[]): PathSegment[] | undefined => {
        for (const source of known.sources) {
          if (!startsWith(stepPath, source.at)) continue;
          return toRoot([...source.inputPath, ...stepPath.slice(source.at.length)]);
        }
        return undefined;
      };
      if (step.use !== undefined) {
        const child = templates.get(step.use);
        if (child) visit(child, known.value, mapSource, depth + 1, `${where} step "${step.name}" (template "${step.use}")`);
        continue;
      }
      const schema = schemaOf(step.agent, step.action);
      if (!schema) continue;
      const result = schema.safeParse(known.value);
      if (result.success) continue;
      for (const issue of result.error.issues) {
        const rootPath = mapSource(issue.path as PathSegment[]);
        if (!rootPath) continue;
        const path = ['input', ...rootPath].map(String).join('.');
        const key = `${path}\n${issue.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const stepField = formatPath(issue.path as PathSegment[]) || '(its input)';
        problems.push({
          path,
          message: `${issue.message} (read as ${stepField} by ${where} step "${step.name}", ${step.agent}.${step.action})`,
        });
      }
    }
  }
}

interface KnownStepInput {
  /** The step input with what is known now: input references resolved, the rest left undefined. */
  value: unknown;
  /** Where a value came from the investigation's input: the step input path, and the input path it reads. */
  sources: Array<{ at: PathSegment[]; inputPath: PathSegment[] }>;
}

function knownStepInput(template: unknown, input: unknown): KnownStepInput {
  const sources: KnownStepInput['sources'] = [];
  const wholeReferences = new Map<string, PathSegment[]>();
  for (const reference of findReferences(template)) {
    if (reference.error || reference.path[0] !== 'input') continue;
    wholeReferences.set(`${reference.location}\n${reference.text}`, reference.path.slice(1));
  }
  const walk = (value: unknown, at: PathSegment[]): unknown => {
    if (typeof value === 'string') {
      if (!value.includes('${')) return value;
      const inputPath = wholeReferences.get(`${at.join('.')}\n${value}`);
      if (!inputPath) return undefined;
      const lookup = lookupPath(input, inputPath);
      if (!lookup.found) return undefined;
      sources.push({ at, inputPath });
      return lookup.value;
    }
    if (Array.isArray(value)) return value.map((item: unknown, index) => walk(item, [...at, index]));
    if (!isPlainObject(value)) return value;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(copy, key, { value: walk(value[key], [...at, key]), enumerable: true, writable: true, configurable: true });
    }
    return copy;
  };
  return { value: walk(template, []), sources };
}

const startsWith = (path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean =>
  prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
