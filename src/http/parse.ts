import type { Request } from 'express';
import type { z } from 'zod';
import { HttpError, validationError } from './http-error';
import { zodProblems } from './zod-problems';

/** Parses a request part with its schema; a 400 listing each failing field otherwise. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix: readonly PropertyKey[] = []): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(zodProblems(result.error, prefix));
  return result.data;
}

/**
 * The JSON body of a request; 415 when a body came in another format (it would otherwise be read as no body at
 * all). `whenEmpty` is what a request that sent no body means, for routes where every field is optional.
 */
export function jsonBodyOf(req: Request, whenEmpty?: Record<string, never>): unknown {
  if (req.body !== undefined) return req.body;
  const sentBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (whenEmpty !== undefined && !sentBody) return whenEmpty;
  throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send JSON with content-type: application/json');
}
