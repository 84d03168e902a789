import type { z } from 'zod';
import type { FieldProblem } from './http-error';

/** zod issues as field problems, paths written the way a client reads them: "data.items.0.name". */
export function zodProblems(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path].map(String).join('.') || '(body)';
    const unknownKeys = issue.code === 'unrecognized_keys' ? `: ${issue.keys.join(', ')}` : '';
    return { path, message: `${issue.message}${unknownKeys}` };
  });
}
