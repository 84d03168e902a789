import type { Principal } from '../../auth/principal';
import type { TenantScope } from '../../auth/tenant-scope';

/** What every resolver knows of the caller: who signed in, whose work they may see, and the request's id for the audit. */
export interface GraphQLContext {
  principal: Principal;
  scope: TenantScope;
  requestId: string;
  remoteAddress?: string;
}
