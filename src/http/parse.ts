import type { Request } from 'express';
import type { z } from 'zod';
import { NotFoundError } from '../errors/domain-errors';
import { parseInput } from '../errors/field-problems';
import { HttpError } from './http-error';

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

/** The query string, checked with its schema; a problem is named `query.<parameter>`. */
export function queryOf<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  return parseInput(schema, req.query, ['query']);
}

/** A path parameter that names a resource: one that cannot be an id names nothing, so it is a 404, not a 400. */
export function pathIdOf(schema: z.core.$ZodType<string>, value: string | undefined, what: string): string {
  const parsed = (schema as z.ZodType<string>).safeParse(value);
  if (!parsed.success) throw new NotFoundError(`no ${what} ${value ?? ''}`);
  return parsed.data;
}
