import type { Request, RequestHandler } from 'express';
import { admissionRejections, authRejections, httpRequestDuration, httpRequests } from '../metrics/facade-metrics';
import { routeOf } from './route-permissions';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The error code of an error answer (error-middleware.ts), for the rejection counters. */
      errorCode?: string;
    }
  }
}

/**
 * Counts and times every answer by its route pattern (/v1/jobs/:jobId, never the raw path, so that the series stay
 * few), and counts the refusals: 401 and 403 as auth rejections, 429 and 503 as admission rejections.
 */
export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const labels = { method: req.method, route: routePattern(req), status: String(res.statusCode) };
      httpRequests.inc(labels);
      httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      const rejection = { status: labels.status, code: res.locals.errorCode ?? 'UNKNOWN', route: labels.route };
      if (res.statusCode === 401 || res.statusCode === 403) authRejections.inc(rejection);
      // /healthz answers 503 to say Temporal is unreachable: a probe's answer, not a refused request.
      if ((res.statusCode === 429 || res.statusCode === 503) && labels.route !== '/healthz') admissionRejections.inc(rejection);
    });
    next();
  };
}

/**
 * The route a request was for, as a pattern: the /v1 table's (route-permissions.ts, which also knows the routes a
 * refusal answered before routing), else the few routes outside it, else "unmatched" (404s: any path at all).
 */
export function routePattern(req: Pick<Request, 'method' | 'originalUrl' | 'route'>): string {
  const path = req.originalUrl.split('?')[0] ?? '';
  const v1 = routeOf(req.method, path);
  if (v1) return v1.key.slice(v1.key.indexOf(' ') + 1);
  if (path === '/healthz') return '/healthz';
  if (path === '/graphql' || path.startsWith('/graphql/')) return '/graphql';
  if (path.startsWith('/codec/') || path === '/codec') {
    const route = (req.route as { path?: unknown } | undefined)?.path;
    return typeof route === 'string' ? `/codec${route}` : '/codec';
  }
  return 'unmatched';
}
