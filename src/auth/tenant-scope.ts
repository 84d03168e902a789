/**
 * Whose jobs and investigations a caller sees and acts on: the tenant walls. Pure module, shared by the HTTP layer
 * (which derives the scope from the token) and the services (which filter visibility queries and check describes
 * with it). Work belongs to the tenant recorded in its TaskmasterTenant search attribute at submission.
 */
import { can } from './permissions';
import type { Principal } from './principal';

export type TenantScope =
  /** An admin token without a tenant (permission any-tenant): every tenant's work, and the work of none. */
  | { readonly kind: 'every-tenant' }
  /** A token with a tenant claim: that tenant's work only. */
  | { readonly kind: 'tenant'; readonly tenant: string }
  /** A token with neither a tenant nor any-tenant: only work submitted without a tenant (which is what it submits). */
  | { readonly kind: 'no-tenant' };

/** The scope of internal callers (CLI tools, the workers): every tenant. Never derive it from a request. */
export const everyTenant: TenantScope = { kind: 'every-tenant' };

/** The scope a principal acts in: its tenant when its token names one, every tenant for an admin without one. */
export function tenantScopeOf(principal: Principal): TenantScope {
  if (principal.tenant !== undefined) return { kind: 'tenant', tenant: principal.tenant };
  return can(principal, 'any-tenant') ? everyTenant : { kind: 'no-tenant' };
}

/** Whether work recorded for `tenant` (undefined: submitted without one) is inside the scope. */
export function inTenantScope(scope: TenantScope, tenant: string | undefined): boolean {
  switch (scope.kind) {
    case 'every-tenant':
      return true;
    case 'tenant':
      return tenant === scope.tenant;
    case 'no-tenant':
      return tenant === undefined;
  }
}
