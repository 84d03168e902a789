/** Who is asking: the subject, roles and tenant of a verified token. Pure module, shared by the HTTP layer and services. */
import { z } from 'zod';

export const roles = ['viewer', 'investigator', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** A tenant as tokens and request bodies carry it: the same charset as case ids, so it is safe in visibility queries. */
export const tenantSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:/#-]{0,119}$/, 'expected 1-120 letters, digits or _ . : / # -');

export interface Principal {
  /** The token's `sub`: recorded with reruns and replays, and the key of the rate limit. */
  readonly subject: string;
  /** Known roles only; a token's unknown role names are dropped. */
  readonly roles: readonly Role[];
  /** The tenant the caller acts for; none for a cross-tenant admin. */
  readonly tenant?: string;
}

/** The principal of every request when auth.enabled is false (throwaway stacks only). */
export const unauthenticatedAdmin: Principal = { subject: 'anonymous', roles: ['admin'] };

/**
 * The principal as the `identity` of the Temporal requests made for it (starts, cancels, resets), so that a
 * workflow's history names who started, cancelled or reset it: the subject and the tenant it acted for.
 */
export const principalIdentity = (principal: Principal): string =>
  `${principal.subject} (${principal.tenant === undefined ? 'no tenant' : `tenant ${principal.tenant}`})`;
