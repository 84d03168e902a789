import { createHmac } from 'node:crypto';
import { rmSync, unlinkSync } from 'node:fs';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type GenerateKeyPairResult, type JWTPayload } from 'jose';
import { ensureLocalSigningKey, loadLocalSigningKey, localKeyFile, type LocalSigningKey } from '../../../src/auth/local-keys';
import { mintLocalToken } from '../../../src/auth/token-minting';
import { createTokenVerifier, KeysUnavailableError, TokenRefusedError, type RefusalReason } from '../../../src/auth/token-verifier';
import { authConfig, handmadeJwt, nowSeconds, startJwksServer, tempDataDir } from './auth-test-helpers';

const auth = authConfig();

/** A token signed with `signWith`, the local issuer and audience unless the claims say otherwise. */
function signed(signWith: CryptoKey, claims: JWTPayload, header: { alg: string; kid?: string } = { alg: 'EdDSA' }): Promise<string> {
  const now = nowSeconds();
  return new SignJWT({ sub: 'ann', roles: ['viewer'], iss: 'taskmaster-local', aud: 'taskmaster-api', iat: now, exp: now + 600, ...claims })
    .setProtectedHeader(header)
    .sign(signWith);
}

async function refusal(promise: Promise<unknown>): Promise<RefusalReason | 'accepted'> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    if (error instanceof TokenRefusedError) return error.reason;
    throw error;
  }
}

describe('the local-mode verifier', () => {
  let dataDir: string;
  let key: LocalSigningKey;

  beforeAll(async () => {
    dataDir = tempDataDir();
    await ensureLocalSigningKey(dataDir);
    key = await loadLocalSigningKey(dataDir);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('accepts a minted token and reads subject, roles and tenant', async () => {
    const token = await mintLocalToken(auth, key, { subject: 'ann@firm', role: 'investigator', tenant: 'acme', ttlMs: 60_000 });
    await expect(createTokenVerifier(auth, dataDir).verify(token)).resolves.toEqual({
      subject: 'ann@firm',
      roles: ['investigator'],
      tenant: 'acme',
    });
  });

  it('reads a space-separated roles string, drops unknown roles and honours renamed claims', async () => {
    const renamed = authConfig({ rolesClaim: 'https://firm.example/roles', tenantClaim: 'org' });
    const token = await signed(key.privateKey, { roles: undefined, 'https://firm.example/roles': 'viewer superuser admin', org: 'acme' });
    await expect(createTokenVerifier(renamed, dataDir).verify(token)).resolves.toEqual({
      subject: 'ann',
      roles: ['viewer', 'admin'],
      tenant: 'acme',
    });
  });

  it('refuses each bad token with its reason', async () => {
    const verifier = createTokenVerifier(auth, dataDir);
    const now = nowSeconds();
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const publicPem = await exportSPKI(key.publicKey);
    const publicJwk = await exportJWK(key.publicKey);
    const claims = { sub: 'ann', roles: ['admin'], iss: 'taskmaster-local', aud: 'taskmaster-api', exp: now + 600 };
    const hmacWith = (secret: string): string => {
      const unsigned = handmadeJwt({ alg: 'HS256', typ: 'JWT' }, claims).slice(0, -1);
      return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
    };
    const cases: Array<[string, string, RefusalReason]> = [
      ['not a JWT', 'abc.def', 'malformed'],
      ['alg none, no signature', handmadeJwt({ alg: 'none', typ: 'JWT' }, claims), 'algorithm'],
      ['HS256 keyed with the public key (PEM)', hmacWith(publicPem), 'algorithm'],
      ['HS256 keyed with the public key (JWK x)', hmacWith(publicJwk.x ?? ''), 'algorithm'],
      ['signed by another key', await signed(other.privateKey, {}), 'signature'],
      [
        'a tampered payload',
        (await signed(key.privateKey, {})).replace(/\.[^.]+\./, `.${handmadeJwt({}, claims).split('.')[1]}.`),
        'signature',
      ],
      ['expired beyond the skew', await signed(key.privateKey, { exp: now - 60 }), 'expired'],
      ['not valid before a minute from now', await signed(key.privateKey, { nbf: now + 60 }), 'not-yet-valid'],
      ['another issuer', await signed(key.privateKey, { iss: 'someone-else' }), 'issuer'],
      ['another audience', await signed(key.privateKey, { aud: 'another-api' }), 'audience'],
      ['no exp', await signed(key.privateKey, { exp: undefined }), 'claims'],
      ['no sub', await signed(key.privateKey, { sub: undefined }), 'claims'],
      ['a tenant that is not a name', await signed(key.privateKey, { tenant: ['a', 'b'] }), 'claims'],
    ];
    const outcomes = await Promise.all(cases.map(async ([name, token]) => [name, await refusal(verifier.verify(token))]));
    expect(Object.fromEntries(outcomes)).toEqual(Object.fromEntries(cases.map(([name, , reason]) => [name, reason])));
  });

  it('tolerates the configured clock skew, not more', async () => {
    const now = nowSeconds();
    const verifier = createTokenVerifier(authConfig({ clockSkew: '30s' }), dataDir);
    expect(await refusal(verifier.verify(await signed(key.privateKey, { exp: now - 10 })))).toBe('accepted');
    expect(await refusal(verifier.verify(await signed(key.privateKey, { nbf: now + 10 })))).toBe('accepted');
    expect(await refusal(verifier.verify(await signed(key.privateKey, { exp: now - 45 })))).toBe('expired');
  });

  it('refuses tokens of a rotated key, and reports a missing key as unavailable (503), not as a bad token', async () => {
    const rotating = tempDataDir();
    await ensureLocalSigningKey(rotating);
    const old = await mintLocalToken(auth, await loadLocalSigningKey(rotating), { subject: 'ann', role: 'admin', ttlMs: 60_000 });
    unlinkSync(localKeyFile(rotating));
    await expect(createTokenVerifier(auth, rotating).verify(old)).rejects.toBeInstanceOf(KeysUnavailableError);
    await ensureLocalSigningKey(rotating);
    expect(await refusal(createTokenVerifier(auth, rotating).verify(old))).toBe('signature');
    rmSync(rotating, { recursive: true, force: true });
  });
});

describe('the jwks-mode verifier', () => {
  let rsa: GenerateKeyPairResult;
  let ec: GenerateKeyPairResult;
  let jwks: { url: string; stop(): Promise<void> };
  let jwksAuth: ReturnType<typeof authConfig>;
  const issuer = 'https://idp.example.com/realms/firm';

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    jwks = await startJwksServer({
      keys: [
        { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
      ],
    });
    jwksAuth = authConfig({ mode: 'jwks', issuer, jwksUrl: jwks.url, audience: 'taskmaster', rolesClaim: 'groups', tenantClaim: 'org' });
  });
  afterAll(() => jwks.stop());

  const idpToken = (signWith: CryptoKey, header: { alg: string; kid?: string }, claims: JWTPayload = {}): Promise<string> =>
    signed(signWith, { iss: issuer, aud: 'taskmaster', roles: undefined, groups: ['investigator'], org: 'acme', ...claims }, header);

  it("accepts the IdP's RS256 and ES256 tokens, with its claim names", async () => {
    const verifier = createTokenVerifier(jwksAuth, '/nonexistent');
    const expected = { subject: 'ann', roles: ['investigator'], tenant: 'acme' };
    await expect(verifier.verify(await idpToken(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }))).resolves.toEqual(expected);
    await expect(verifier.verify(await idpToken(ec.privateKey, { alg: 'ES256', kid: 'ec-1' }))).resolves.toEqual(expected);
  });

  it('refuses an unknown key, an HS256 token keyed with the public key, alg none and a wrong audience', async () => {
    const verifier = createTokenVerifier(jwksAuth, '/nonexistent');
    const stranger = await generateKeyPair('RS256');
    const claims = { sub: 'ann', iss: issuer, aud: 'taskmaster', exp: nowSeconds() + 600, groups: ['admin'] };
    const unsigned = handmadeJwt({ alg: 'HS256', kid: 'rsa-1' }, claims).slice(0, -1);
    const pem = await exportSPKI(rsa.publicKey);
    const confused = `${unsigned}.${createHmac('sha256', pem).update(unsigned).digest('base64url')}`;
    expect(await refusal(verifier.verify(await idpToken(stranger.privateKey, { alg: 'RS256', kid: 'rsa-9' })))).toBe('unknown-key');
    expect(await refusal(verifier.verify(confused))).toBe('algorithm');
    expect(await refusal(verifier.verify(handmadeJwt({ alg: 'none', kid: 'rsa-1' }, claims)))).toBe('algorithm');
    expect(await refusal(verifier.verify(await idpToken(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }, { aud: 'x' })))).toBe('audience');
  });

  it('refuses an algorithm left out of auth.algorithms', async () => {
    const rsaOnly = createTokenVerifier({ ...jwksAuth, algorithms: ['RS256'] }, '/nonexistent');
    expect(await refusal(rsaOnly.verify(await idpToken(ec.privateKey, { alg: 'ES256', kid: 'ec-1' })))).toBe('algorithm');
  });

  it('reports an unreachable key set as unavailable, not as a bad token', async () => {
    const down = createTokenVerifier({ ...jwksAuth, jwksUrl: 'http://127.0.0.1:9/jwks.json' }, '/nonexistent');
    await expect(down.verify(await idpToken(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }))).rejects.toBeInstanceOf(KeysUnavailableError);
  });
});
