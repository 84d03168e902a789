import type { z } from 'zod';
import { validationError } from './http-error';
import { zodProblems } from './zod-problems';

/** Parses a request part with its schema; a 400 listing each failing field otherwise. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix: readonly PropertyKey[] = []): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(zodProblems(result.error, prefix));
  return result.data;
}
