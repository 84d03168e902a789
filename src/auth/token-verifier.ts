/**
 * Verifies a bearer token with jose and turns it into a Principal. Checked: the signature, with a fixed list of
 * asymmetric algorithms (EdDSA only for local tokens; `none` and HMAC never, so a public key cannot be abused as an
 * HMAC secret), `exp` (required), `nbf`, the issuer and the audience, with auth.clockSkew of tolerance; then `sub`
 * and the configured roles and tenant claims.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type CryptoKey } from 'jose';
import type { AuthConfig } from '../config/schema';
import { loadLocalSigningKey, localAlgorithm, LocalKeyError } from './local-keys';
import { roleSchema, tenantSchema, type Principal, type Role } from './principal';
import { VerifiedTokens } from './verified-tokens';

export type RefusalReason =
  'malformed' | 'algorithm' | 'signature' | 'unknown-key' | 'expired' | 'not-yet-valid' | 'issuer' | 'audience' | 'claims';

const descriptions: Readonly<Record<RefusalReason, string>> = {
  malformed: 'the token is not a well-formed signed JWT',
  algorithm: 'the token is signed with an algorithm this server does not accept',
  signature: 'the token signature does not verify',
  'unknown-key': 'the token is signed with a key this server does not know',
  expired: 'the token has expired',
  'not-yet-valid': 'the token is not valid yet',
  issuer: 'the token comes from another issuer',
  audience: 'the token is meant for another audience',
  claims: 'the token lacks a valid exp, sub, roles or tenant claim',
};

/** A token that must not be trusted: the request is answered 401. */
export class TokenRefusedError extends Error {
  override readonly name = 'TokenRefusedError';

  constructor(readonly reason: RefusalReason) {
    super(descriptions[reason]);
  }
}

/** The keys to verify with cannot be had now (the IdP's JWKS unreachable, the local key file unreadable): 503. */
export class KeysUnavailableError extends Error {
  override readonly name = 'KeysUnavailableError';
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

/** The issuer local tokens carry unless auth.issuer says otherwise. */
export const issuerOf = (auth: AuthConfig): string => auth.issuer ?? 'taskmaster-local';

export function createTokenVerifier(auth: AuthConfig, dataDir: string): TokenVerifier {
  const { getKey, algorithms } = auth.mode === 'jwks' ? remoteKeys(auth) : localKeys(dataDir);
  const options = {
    algorithms,
    issuer: issuerOf(auth),
    audience: auth.audience,
    clockTolerance: Math.ceil(auth.clockSkew / 1000),
    requiredClaims: ['exp', 'sub'],
  };
  const verified = new VerifiedTokens();
  return {
    async verify(token) {
      const known = verified.get(token);
      if (known !== undefined) return known;
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, getKey, options));
      } catch (error) {
        throw refusalOf(error);
      }
      const principal = principalOf(auth, payload);
      if (payload.exp !== undefined) verified.remember(token, principal, payload.exp);
      return principal;
    },
  };
}

function remoteKeys(auth: AuthConfig): { getKey: JWTVerifyGetKey; algorithms: string[] } {
  if (auth.jwksUrl === undefined) throw new Error('auth.jwksUrl is required when auth.mode is jwks');
  return {
    getKey: createRemoteJWKSet(new URL(auth.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 600_000 }),
    algorithms: [...auth.algorithms],
  };
}

/** The local public key, read once; a failed read is retried on the next request. */
function localKeys(dataDir: string): { getKey: JWTVerifyGetKey; algorithms: string[] } {
  let key: Promise<CryptoKey> | undefined;
  const getKey = (): Promise<CryptoKey> => {
    key ??= loadLocalSigningKey(dataDir).then(
      (loaded) => loaded.publicKey,
      (error: unknown) => {
        key = undefined;
        throw error;
      },
    );
    return key;
  };
  return { getKey, algorithms: [localAlgorithm] };
}

function refusalOf(error: unknown): unknown {
  if (error instanceof LocalKeyError) return new KeysUnavailableError(error.message);
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new KeysUnavailableError(`the identity provider's key set cannot be read: ${error.message}`);
  }
  if (error instanceof errors.JWTExpired) return new TokenRefusedError('expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const byClaim: Record<string, RefusalReason> = { nbf: 'not-yet-valid', iss: 'issuer', aud: 'audience' };
    return new TokenRefusedError(byClaim[error.claim] ?? 'claims');
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return new TokenRefusedError('algorithm');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenRefusedError('signature');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new TokenRefusedError('unknown-key');
  }
  if (error instanceof errors.JOSEError) return new TokenRefusedError('malformed');
  // fetch() of the JWKS failed (connection refused, DNS): the IdP is unreachable. By name: the class may be another realm's.
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  if (name === 'TypeError' && message === 'fetch failed') {
    return new KeysUnavailableError("the identity provider's key set cannot be read: fetch failed");
  }
  return error;
}

function principalOf(auth: AuthConfig, payload: JWTPayload): Principal {
  const subject = payload.sub;
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > 200) throw new TokenRefusedError('claims');
  const rawRoles = payload[auth.rolesClaim];
  const names = typeof rawRoles === 'string' ? rawRoles.split(' ') : Array.isArray(rawRoles) ? rawRoles : [];
  const roles = names.flatMap((name): Role[] => {
    const role = roleSchema.safeParse(name);
    return role.success ? [role.data] : [];
  });
  const rawTenant = payload[auth.tenantClaim];
  if (rawTenant === undefined) return { subject, roles };
  const tenant = tenantSchema.safeParse(rawTenant);
  if (!tenant.success) throw new TokenRefusedError('claims');
  return { subject, roles, tenant: tenant.data };
}
