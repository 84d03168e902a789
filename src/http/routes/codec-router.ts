import express, { Router, type Request, type RequestHandler } from 'express';
import type { TenantScope } from '../../auth/tenant-scope';
import type { CodecService } from '../../crypto/codec-service';
import { ForbiddenError } from '../../errors/domain-errors';

/**
 * Decides whether a request may use the codec server; throws (a ForbiddenError) to refuse. The seam for sign-in:
 * the Web UI sends `Authorization: Bearer <token>` when its codec settings pass the access token. Returns the tenant
 * scope whose payloads it may decode (none: every tenant's).
 */
export type CodecAuthorizer = (req: Request) => void | TenantScope | Promise<void | TenantScope>;

export interface CodecRouterOptions {
  /** Origins allowed to call from a browser (the Web UI's); requests with no Origin (curl, tools) are not CORS. */
  corsOrigins: readonly string[];
  authorize?: CodecAuthorizer;
}

/** What the Web UI sends: JSON, its namespace, and a token when it passes one. */
const allowedHeaders = 'content-type, x-namespace, authorization';
/** Payloads of up to Temporal's 2 MB limit, in base64. */
const codecBodyLimitBytes = 4 * 1024 * 1024;

/**
 * The codec server for the Temporal Web UI (`--ui-codec-endpoint http://<api>/codec`): POST /codec/encode and
 * /codec/decode in Temporal's remote codec protocol, with CORS for the configured Web UI origins. Mounted before the
 * facade's body parser, so that it takes its own larger limit.
 */
export function codecRouter(service: CodecService, options: CodecRouterOptions): Router {
  const router = Router();
  const allowed = new Set(options.corsOrigins.map((origin) => new URL(origin).origin));
  const cors: RequestHandler = (req, res, next) => {
    const origin = req.get('origin');
    if (origin === undefined) return next();
    if (!allowed.has(origin)) {
      return next(new ForbiddenError(`origin ${origin.slice(0, 200)} may not call the codec server`, 'ORIGIN_NOT_ALLOWED'));
    }
    res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' });
    if (req.method !== 'OPTIONS') return next();
    res.set({ 'Access-Control-Allow-Methods': 'POST, OPTIONS', 'Access-Control-Allow-Headers': allowedHeaders });
    res.set('Access-Control-Max-Age', '600').status(204).end();
  };
  const authorize: RequestHandler = async (req, res, next) => {
    try {
      res.locals.codecScope = (await options.authorize?.(req)) ?? undefined;
      service.checkNamespace(req.get('x-namespace'));
      next();
    } catch (error) {
      next(error);
    }
  };
  router.use(cors, express.json({ limit: codecBodyLimitBytes }), authorize);
  router.post('/encode', async (req, res) => {
    res.json(await service.encode(req.body));
  });
  router.post('/decode', async (req, res) => {
    const { payloads, undecodable } = await service.decode(req.body, res.locals.codecScope as TenantScope | undefined);
    if (undecodable.length > 0) req.log.warn({ undecodable }, 'codec server: payloads left encoded');
    res.json({ payloads });
  });
  return router;
}
