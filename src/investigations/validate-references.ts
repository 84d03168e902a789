/**
 * The validator's checks of what steps read: the references in their inputs (and compensation inputs) and their
 * `when` expressions. A step may read the investigation's input and the state of the steps it waits for,
 * directly or transitively: those have finished before it starts. Anything else would read a state that may not
 * exist yet, and depend on timing.
 */
import type { StepFields } from './definition-schema';
import { ExpressionError, formatPath, parseExpression, referencesOf, type PathSegment } from './expression';
import type { InputSchemaSpec } from './input-schema';
import { limits } from './limits';
import type { DefinitionProblem } from './problems';
import { findReferences } from './references';
import { stepStateFields } from './scope';

export interface ReadContext {
  /** The step doing the reading. */
  step: string;
  /** The steps it waits for, directly or transitively. */
  dependencies: ReadonlySet<string>;
  /** Every step name of the definition. */
  stepNames: ReadonlySet<string>;
  inputSchema?: InputSchemaSpec;
}

export function stepReadProblems(step: StepFields, at: string, context: ReadContext): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  let count = 0;
  const checkValue = (value: unknown, path: string, allowSelf: boolean): void => {
    for (const reference of findReferences(value)) {
      count += 1;
      const where = reference.location === '' ? path : `${path}.${reference.location}`;
      if (reference.error) {
        problems.push({ path: where, message: `invalid reference ${reference.text}: ${reference.error.message}` });
        continue;
      }
      const problem = pathProblem(reference.path, context, allowSelf);
      if (problem) problems.push({ path: where, message: `${reference.text}: ${problem}` });
    }
  };
  if (step.input !== undefined) checkValue(step.input, `${at}.input`, false);
  if (step.compensate?.input !== undefined) checkValue(step.compensate.input, `${at}.compensate.input`, true);
  if (step.when !== undefined) {
    try {
      const paths = referencesOf(parseExpression(step.when));
      count += paths.length;
      for (const path of paths) {
        const problem = pathProblem(path, context, false);
        if (problem) problems.push({ path: `${at}.when`, message: `${formatPath(path)}: ${problem}` });
      }
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      problems.push({ path: `${at}.when`, message: `invalid expression: ${error.message}` });
    }
  }
  if (count > limits.maxReferencesPerStep) {
    const message = `${count} references; at most ${limits.maxReferencesPerStep} are allowed in one step`;
    problems.push({ path: at, message });
  }
  return problems;
}

/** Why a step may not read `path`, or undefined when it may. */
function pathProblem(path: readonly PathSegment[], context: ReadContext, allowSelf: boolean): string | undefined {
  const [root, name, field] = path;
  if (root === 'input') return inputPathProblem(path, context.inputSchema);
  if (typeof name !== 'string' || field === undefined) {
    return 'read a field of a step: steps.<name>.output, steps.<name>.status or steps.<name>.error';
  }
  if (!context.stepNames.has(name)) return `unknown step "${name}"`;
  if (name === context.step && !allowSelf) {
    return 'a step cannot read its own state (only its compensation can read its output)';
  }
  if (name !== context.step && !context.dependencies.has(name)) {
    return (
      `step "${context.step}" reads step "${name}" but does not wait for it; ` + `add "${name}" to dependsOn (or to a step it depends on)`
    );
  }
  if (!(stepStateFields as readonly PathSegment[]).includes(field)) {
    return `a step's state has only ${stepStateFields.join(', ')}, not "${String(field)}"`;
  }
  return undefined;
}

function inputPathProblem(path: readonly PathSegment[], spec: InputSchemaSpec | undefined): string | undefined {
  const property = path[1];
  if (typeof property === 'number') return 'the input is an object: read input.<name>';
  if (property === undefined || spec?.properties === undefined || spec.additionalProperties !== false) return undefined;
  if (Object.prototype.hasOwnProperty.call(spec.properties, property)) return undefined;
  return `the inputSchema declares no property "${property}"`;
}
