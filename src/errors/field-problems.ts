import type { z } from 'zod';
import { InvalidInputError } from './domain-errors';

/** One failing field of a request, by its path as a client reads it ("data.statement.0.amount"). */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * zod issues as field problems, paths written the way a client reads them: "data.items.0.name", "query.limit".
 * An unknown field is named by its own path ("priorty", "query.sort"), one problem each.
 */
export function zodProblems(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const path = (keys: readonly PropertyKey[]): string => keys.map(String).join('.') || '(body)';
    if (issue.code === 'unrecognized_keys') {
      const what = prefix[0] === 'query' && issue.path.length === 0 ? 'query parameter' : 'field';
      return issue.keys.map((key) => ({ path: path([...prefix, ...issue.path, key]), message: `unknown ${what} "${key}"` }));
    }
    return [{ path: path([...prefix, ...issue.path]), message: issue.message }];
  });
}

/** Problems found inside one field, re-rooted at it: `input` + `entity.id` is `input.entity.id`. */
export const underField = (field: string, problems: ReadonlyArray<{ path: string; message: string }>): FieldProblem[] =>
  problems.map((problem) => ({ path: problem.path ? `${field}.${problem.path}` : field, message: problem.message }));

/** Parses a value with its schema; an InvalidInputError naming each failing field otherwise. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix: readonly PropertyKey[] = []): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidInputError(zodProblems(result.error, prefix));
  return result.data;
}
