import type { z } from 'zod';
import { parseInput } from '../../../errors/field-problems';

/**
 * GraphQL lets a client send null for an optional field where the REST body would leave it out: nulls are dropped so
 * that the REST schema (zod, one source of truth) checks the rest, and a failing field is named under `prefix`.
 */
export function parseArguments<S extends z.ZodType>(schema: S, value: unknown, prefix: readonly string[]): z.infer<S> {
  return parseInput(schema, withoutNulls(value), prefix);
}

function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null && field !== undefined));
}
