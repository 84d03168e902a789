import type { RequestHandler } from 'express';
import { can, type Permission } from '../auth/permissions';
import { principalOf } from './caller';
import { HttpError } from './http-error';
import { permissionFor } from './route-permissions';

/** 403 unless the principal (set by authenticate) has the permission. For the codec server: authorize('decode-payloads'). */
export function authorize(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    const principal = principalOf(req);
    if (!can(principal, permission)) throw forbidden(permission, principal.roles);
    next();
  };
}

/**
 * The /v1 guard: the permission each route needs, from the one table (route-permissions.ts). A path the table does
 * not know is not a route: 404, before any handler could run.
 */
export function authorizeRoute(): RequestHandler {
  return (req, res, next) => {
    const permission = permissionFor(req.method, req.baseUrl + req.path);
    if (permission === undefined) throw new HttpError(404, 'NOT_FOUND', `no route ${req.method} ${req.originalUrl.split('?')[0] ?? ''}`);
    authorize(permission)(req, res, next);
  };
}

export function forbidden(permission: Permission, roles: readonly string[]): HttpError {
  const held = roles.length === 0 ? 'no role' : `role ${roles.join(', ')}`;
  return new HttpError(
    403,
    'FORBIDDEN',
    `${held} may not do this: it needs the ${permission} permission`,
    { permission },
    {
      'WWW-Authenticate': 'Bearer realm="taskmaster", error="insufficient_scope"',
    },
  );
}
