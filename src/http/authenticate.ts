import type { Request, RequestHandler } from 'express';
import { unauthenticatedAdmin, type Principal } from '../auth/principal';
import { KeysUnavailableError, TokenRefusedError, type TokenVerifier } from '../auth/token-verifier';
import { HttpError } from './http-error';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by authenticate(): who is asking. */
      principal?: Principal;
    }
  }
}

const realm = 'Bearer realm="taskmaster"';

/**
 * Sign-in: every request must carry `Authorization: Bearer <JWT>` that the verifier accepts (a WebSocket upgrade
 * may send the token as `access_token` in the query string instead). No token answers 401 with a bare Bearer
 * challenge; a refused one 401 with error="invalid_token" (RFC 6750). With `verifier` undefined (auth.enabled:
 * false), every request is an anonymous admin.
 */
export function authenticate(verifier: TokenVerifier | undefined): RequestHandler {
  return async (req, _res, next) => {
    req.principal = await principalOfRequest(verifier, req);
    next();
  };
}

/** Who sent the request, from its bearer token; the 401 or 503 HttpError when there is none to trust. */
export async function principalOfRequest(verifier: TokenVerifier | undefined, req: Request): Promise<Principal> {
  if (verifier === undefined) return unauthenticatedAdmin;
  const header = req.get('authorization') ?? bearerOfQuery(req);
  if (header === undefined || header.trim() === '') {
    throw new HttpError(401, 'UNAUTHENTICATED', 'sign in: send Authorization: Bearer <token>', undefined, { 'WWW-Authenticate': realm });
  }
  const match = /^Bearer +([A-Za-z0-9_.~+/=-]+) *$/i.exec(header);
  if (!match?.[1]) throw invalidToken('the Authorization header is not "Bearer <token>"');
  try {
    return await verifier.verify(match[1]);
  } catch (error) {
    if (error instanceof TokenRefusedError) throw invalidToken(error.message, error.reason);
    if (error instanceof KeysUnavailableError) {
      req.log.error({ err: error }, 'cannot verify tokens');
      throw new HttpError(503, 'AUTH_UNAVAILABLE', 'tokens cannot be verified right now; try again shortly', undefined, {
        'Retry-After': '5',
      });
    }
    throw error;
  }
}

/**
 * A WebSocket upgrade may carry its token as `access_token` in the query string: browsers cannot set headers on a
 * WebSocket. Only upgrades: a REST call sends the header. The request log writes query parameter names, never values.
 */
function bearerOfQuery(req: Request): string | undefined {
  if (!req.upgrade) return undefined;
  const token = (req.query as Record<string, unknown>).access_token;
  return typeof token === 'string' && token !== '' ? `Bearer ${token}` : undefined;
}

function invalidToken(message: string, reason?: string): HttpError {
  return new HttpError(401, 'INVALID_TOKEN', message, reason === undefined ? undefined : { reason }, {
    'WWW-Authenticate': `${realm}, error="invalid_token", error_description="${message}"`,
  });
}
