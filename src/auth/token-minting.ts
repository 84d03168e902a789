import { SignJWT } from 'jose';
import type { AuthConfig } from '../config/schema';
import { ensureLocalSigningKey, loadLocalSigningKey, localAlgorithm, type LocalSigningKey } from './local-keys';
import type { Role } from './principal';
import { issuerOf } from './token-verifier';

export interface TokenRequest {
  subject: string;
  role: Role;
  tenant?: string;
  ttlMs: number;
}

/** A token signed with the local key, carrying the claims the verifier of the same config expects. */
export async function mintLocalToken(auth: AuthConfig, key: LocalSigningKey, request: TokenRequest, now = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    [auth.rolesClaim]: [request.role],
    ...(request.tenant === undefined ? {} : { [auth.tenantClaim]: request.tenant }),
  })
    .setProtectedHeader({ alg: localAlgorithm, kid: key.kid, typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuer(issuerOf(auth))
    .setAudience(auth.audience)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + Math.ceil(request.ttlMs / 1000))
    .sign(key.privateKey);
}

/** Creates the local key if need be, and mints a token with it (npm start, npm run token, test and bench stacks). */
export async function mintWithLocalKey(auth: AuthConfig, dataDir: string, request: TokenRequest): Promise<string> {
  await ensureLocalSigningKey(dataDir);
  return mintLocalToken(auth, await loadLocalSigningKey(dataDir), request);
}
