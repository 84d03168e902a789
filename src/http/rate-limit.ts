import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { HttpError } from './http-error';

/**
 * At most `requestsPerMinute` requests per principal (the token's subject; the client address when auth is off),
 * then 429 with Retry-After and the RateLimit headers. Counts are kept in memory, per process.
 */
export function rateLimitPerPrincipal(requestsPerMinute: number, authEnabled: boolean): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: requestsPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => (authEnabled && req.principal ? `sub:${req.principal.subject}` : `ip:${ipKeyGenerator(req.ip ?? '')}`),
    handler: (_req, _res, next) => {
      next(new HttpError(429, 'RATE_LIMITED', `more than ${requestsPerMinute} requests in a minute; slow down`, { requestsPerMinute }));
    },
  });
}
