import type { LoadedConfig } from '../config/load-config';
import { can } from '../auth/permissions';
import { tenantScopeOf } from '../auth/tenant-scope';
import type { TokenVerifier } from '../auth/token-verifier';
import { principalOfRequest } from './authenticate';
import { forbidden } from './authorize';
import type { CodecAuthorizer } from './routes/codec-router';

/**
 * Who may use the codec server. With the firm's IdP (jwks), the Web UI passes the user's token
 * (codec.passAccessToken) and the codec decodes for a viewer or above only. In local mode the dev server's Web UI has
 * no login and sends no token, so the codec answers the person at the machine (the API listens on loopback unless
 * http.host says otherwise); with sign-in off, everyone. In jwks mode it decodes the payloads of the user's tenant only.
 */
export function codecAuthorizer(config: LoadedConfig, verifier: TokenVerifier | undefined): CodecAuthorizer | undefined {
  if (verifier === undefined || config.auth.mode === 'local') return undefined;
  return async (req) => {
    const principal = await principalOfRequest(verifier, req);
    if (!can(principal, 'decode-payloads')) throw forbidden('decode-payloads', principal.roles);
    // Only the payloads of the user's tenant (every tenant's for an admin without one).
    return tenantScopeOf(principal);
  };
}
