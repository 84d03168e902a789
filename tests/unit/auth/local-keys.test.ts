import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { ensureLocalSigningKey, loadLocalSigningKey, localKeyFile, LocalKeyError } from '../../../src/auth/local-keys';
import { tempDataDir } from './auth-test-helpers';

describe('the local signing key', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = tempDataDir();
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is created once, as an Ed25519 private JWK only its owner can read, in a folder only its owner can open', async () => {
    expect(await ensureLocalSigningKey(dataDir)).toBe(true);
    const file = localKeyFile(dataDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const jwk = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwk.d).toBeTruthy();
    expect(await ensureLocalSigningKey(dataDir)).toBe(false);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(jwk);
  });

  it('survives two starts racing to create it: both then use the same key', async () => {
    const created = await Promise.all([ensureLocalSigningKey(dataDir), ensureLocalSigningKey(dataDir)]);
    expect(created.filter(Boolean).length).toBeLessThanOrEqual(1);
    const [one, two] = await Promise.all([loadLocalSigningKey(dataDir), loadLocalSigningKey(dataDir)]);
    expect(one.kid).toBe(two.kid);
  });

  it('is refused when missing, with what to do', async () => {
    await expect(loadLocalSigningKey(dataDir)).rejects.toThrow(
      new LocalKeyError(`no signing key at ${localKeyFile(dataDir)}: npm start (or npm run token) creates it`),
    );
  });

  it('is refused when the file holds another kind of key, or no JSON', async () => {
    await ensureLocalSigningKey(dataDir);
    const file = localKeyFile(dataDir);
    const ec = await generateKeyPair('ES256', { extractable: true });
    writeFileSync(file, JSON.stringify({ ...(await exportJWK(ec.privateKey)), kid: 'k', alg: 'ES256' }));
    await expect(loadLocalSigningKey(dataDir)).rejects.toThrow(/is not an Ed25519 private JWK/);
    writeFileSync(file, 'not json');
    await expect(loadLocalSigningKey(dataDir)).rejects.toThrow(/is not an Ed25519 private JWK/);
    const { d: _d, ...publicOnly } = JSON.parse(
      JSON.stringify(await exportJWK((await generateKeyPair('EdDSA', { crv: 'Ed25519' })).publicKey)),
    ) as Record<string, string>;
    writeFileSync(file, JSON.stringify({ ...publicOnly, kid: 'k', alg: 'EdDSA' }));
    await expect(loadLocalSigningKey(dataDir)).rejects.toThrow(/is not an Ed25519 private JWK/);
  });

  it('is refused when others may read it', async () => {
    await ensureLocalSigningKey(dataDir);
    chmodSync(localKeyFile(dataDir), 0o644);
    await expect(loadLocalSigningKey(dataDir)).rejects.toThrow(/readable by others \(mode 644\): chmod 600 it/);
  });

  it('is a new key after rotation (file deleted, start again)', async () => {
    await ensureLocalSigningKey(dataDir);
    const before = await loadLocalSigningKey(dataDir);
    rmSync(localKeyFile(dataDir));
    await ensureLocalSigningKey(dataDir);
    expect((await loadLocalSigningKey(dataDir)).kid).not.toBe(before.kid);
  });
});
