import { ForbiddenError } from '../errors/domain-errors';
import { can } from './permissions';
import type { Principal } from './principal';

/**
 * The tenant a submission runs for: the body's tenant must be the token's (403 otherwise); a body without one
 * takes the token's. Only a principal allowed any-tenant (an admin token without a tenant) may name any tenant.
 */
export function submissionTenant(principal: Principal, requested: string | undefined): string | undefined {
  if (principal.tenant === undefined) {
    if (requested !== undefined && !can(principal, 'any-tenant')) {
      throw new ForbiddenError(`your token has no tenant, so it may not submit for tenant "${requested}"`, 'TENANT_FORBIDDEN');
    }
    return requested;
  }
  if (requested !== undefined && requested !== principal.tenant) {
    throw new ForbiddenError(`your token is for tenant "${principal.tenant}", not "${requested}"`, 'TENANT_FORBIDDEN');
  }
  return principal.tenant;
}
