import type { Request } from 'express';
import type { Principal } from '../auth/principal';
import { tenantScopeOf, type TenantScope } from '../auth/tenant-scope';

/** Who asked: the principal authenticate() verified. A route outside authenticate() asking is a programming error. */
export function principalOf(req: Request): Principal {
  if (req.principal === undefined) throw new Error(`no principal on ${req.method} ${req.path}: the route is not behind authenticate()`);
  return req.principal;
}

/**
 * The name recorded with reruns and bulk replays (memo, reason): the token's subject. The Temporal requests themselves
 * carry the principal as their identity (src/temporal/principal-clients.ts).
 */
export const callerOf = (req: Request): string => principalOf(req).subject;

/** Whose jobs and investigations the request may see and act on (the tenant walls), from its token. */
export const scopeOf = (req: Request): TenantScope => tenantScopeOf(principalOf(req));

/** The caller as reruns and bulk replays take it: the subject to record, the scope to hold them to. */
export const actorOf = (req: Request): { subject: string; scope: TenantScope } => ({ subject: callerOf(req), scope: scopeOf(req) });
