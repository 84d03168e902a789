/** Problems of a definition or an input, as `{ path, message }` with paths written like "steps.2.timeout". */
import type { z } from 'zod';
import { limits } from './limits';

export interface DefinitionProblem {
  /** Dot-separated path from the top of the validated value; "" for the value itself. */
  path: string;
  message: string;
}

export const joinPath = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/**
 * zod issues as problems. For a union (`retry: name | { ... }`), the branch that matched the value's type is the
 * one the author meant, so its issues are reported instead of zod's generic "invalid input".
 */
export function zodProblems(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const branch = issue.errors.find((errors) => !errors.every(isWrongKindOfValue));
      if (branch) {
        problems.push(...zodProblems(branch, path));
        continue;
      }
    }
    problems.push({ path: joinPath(path), message: issue.message });
  }
  return problems;
}

/** An issue saying that the value as a whole is of another kind than a union branch expects. */
const isWrongKindOfValue = (issue: z.core.$ZodIssue): boolean =>
  issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value');

/** Keeps a hostile definition's answer short: the first problems, then one line counting the rest. */
export function capProblems(problems: readonly DefinitionProblem[]): DefinitionProblem[] {
  if (problems.length <= limits.maxProblems) return [...problems];
  const more = problems.length - limits.maxProblems;
  const summary = { path: '', message: `${more} more problem${more === 1 ? '' : 's'} not listed` };
  return [...problems.slice(0, limits.maxProblems), summary];
}
