import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../src/config/load-config';
import { FailureType } from '../../../src/errors/failure-types';
import {
  addKeyToFile,
  encryptionKeysEnv,
  ensureKeyFile,
  keyFilePath,
  KeyRingError,
  loadKeyRing,
  parseKeyFile,
  parseKeyList,
  tenantKeysDir,
} from '../../../src/crypto/key-ring';
import { failureOf, keyList, ring, ringKey, tempDir } from './crypto-test-helpers';

const configIn = (dataDir: string) => loadConfig(path.resolve(__dirname, '../../../temporal.yaml'), { TASKMASTER_DATA_DIR: dataDir });

describe('the key ring: where keys come from', () => {
  it('reads TASKMASTER_ENCRYPTION_KEYS, oldest first, and encrypts with the newest', () => {
    const [k1, k2] = [ringKey('k1'), ringKey('k2')];
    const keys = parseKeyList(`${keyList(k1)}, ${keyList(k2)}`);
    expect(keys.map((key) => key.id)).toEqual(['k1', 'k2']);
    expect(keys[1]?.key.equals(k2.key)).toBe(true);
    const dir = tempDir();
    const loaded = loadKeyRing(configIn(dir), { [encryptionKeysEnv]: keyList(k1, k2) });
    expect(loaded.currentKeyId).toBe('k2');
    expect(loaded.keyIds).toEqual(['k1', 'k2']);
  });

  it('creates the key file on first start (file 0600, folder 0700), never overwrites it, and loads it', () => {
    const config = configIn(tempDir());
    const file = keyFilePath(config);
    expect(file).toBe(path.join(config.dataDirPath, 'keys', 'encryption-keys.json'));
    expect(ensureKeyFile(file)).toBe(true);
    const before = readFileSync(file, 'utf8');
    expect(ensureKeyFile(file)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const loaded = loadKeyRing(config, {});
    expect(loaded.keyIds).toHaveLength(1);
    expect(loaded.currentKeyId).toMatch(/^k\d{8}-[0-9a-f]{6}$/);
  });

  it('prefers the environment to the key file', () => {
    const config = configIn(tempDir());
    ensureKeyFile(keyFilePath(config));
    expect(loadKeyRing(config, { [encryptionKeysEnv]: keyList(ringKey('from-env')) }).keyIds).toEqual(['from-env']);
  });

  it('rotates by adding a key: the new one encrypts, the old one is still held', () => {
    const config = configIn(tempDir());
    ensureKeyFile(keyFilePath(config));
    const first = loadKeyRing(config, {}).currentKeyId;
    const added = addKeyToFile(keyFilePath(config), ringKey('k-rotated'));
    const rotated = loadKeyRing(config, {});
    expect(added.id).toBe('k-rotated');
    expect(rotated.currentKeyId).toBe('k-rotated');
    expect(rotated.keyIds).toEqual([first, 'k-rotated']);
    expect(statSync(keyFilePath(config)).mode & 0o777).toBe(0o600);
  });

  it('a missing key file and no variable: a start-up error naming both places', () => {
    const config = configIn(tempDir());
    expect(() => loadKeyRing(config, {})).toThrow(KeyRingError);
    expect(() => loadKeyRing(config, {})).toThrow(keyFilePath(config));
    expect(() => loadKeyRing(config, {})).toThrow(/the file does not exist, and TASKMASTER_ENCRYPTION_KEYS is not set/);
  });

  it('refuses malformed keys, naming the entry and never echoing a key', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    const problems = (text: string): string => {
      try {
        parseKeyList(text);
      } catch (error) {
        expect(error).toBeInstanceOf(KeyRingError);
        return (error as Error).message;
      }
      throw new Error('expected a KeyRingError');
    };
    expect(problems(`k1:${short}`)).toMatch(/key 1 \("k1"\): the key must be 32 random bytes in base64/);
    expect(problems(`k1:${short}`)).not.toContain(short);
    expect(problems('k1:not base64!')).toMatch(/key 1 \("k1"\): the key must be 32/);
    expect(problems('justakey')).toMatch(/entry 1: expected "<key id>:<base64 key>"/);
    expect(problems(`bad id:${keyList(ringKey('x')).slice(2)}`)).toMatch(/key 1: the id must be/);
    const k = ringKey('same');
    expect(problems(keyList(k, k))).toMatch(/key 2 \("same"\): the id is used twice/);
    expect(problems(' , ')).toMatch(/no keys listed/);
    expect(() => parseKeyFile('{ not json', '/keys.json')).toThrow(/\/keys\.json[\s\S]*not valid JSON/);
    expect(() => parseKeyFile('{"keys": {}}', '/keys.json')).toThrow(/keys: expected a list/);
    expect(() => parseKeyFile('{"keys": [{"id": "k1"}]}', '/keys.json')).toThrow(/key 1 \("k1"\): the key must be 32/);
  });

  it('a key id it does not hold: a non-retryable EncryptionKeyUnavailable naming the id', async () => {
    const failure = await failureOf(Promise.resolve().then(() => ring(tempDir(), ringKey('k1')).ringKey('k-gone')));
    expect(failure.type).toBe(FailureType.EncryptionKeyUnavailable);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/encryption key "k-gone" is not in the key ring \(it holds k1\)/);
  });
});

describe('the key ring: tenant data keys (envelope encryption)', () => {
  it('creates one random data key per tenant, stored wrapped (0600) beside the key file, and reuses it', async () => {
    const dir = tempDir();
    const k1 = ringKey('k1');
    const first = ring(dir, k1);
    const acme = await first.dataKeyFor('acme');
    expect(acme).toMatchObject({ tenant: 'acme', wrappedBy: 'k1' });
    expect(acme.key).toHaveLength(32);
    expect(await first.dataKeyFor('acme')).toBe(acme);
    const other = await first.dataKeyFor('globex');
    expect(other.key.equals(acme.key)).toBe(false);

    const file = path.join(dir, 'tenants', 'acme', `${acme.id}.json`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain(acme.key.toString('base64'));
    expect(stored).not.toContain(acme.key.toString('hex'));
    // Another process with the same ring finds the same key.
    expect((await ring(dir, k1).dataKeyFor('acme')).key.equals(acme.key)).toBe(true);
  });

  it('after rotation wraps new data keys with the new ring key and still opens the old ones', async () => {
    const dir = tempDir();
    const [k1, k2] = [ringKey('k1'), ringKey('k2')];
    const old = await ring(dir, k1).dataKeyFor('acme');
    const rotated = ring(dir, k1, k2);
    const current = await rotated.dataKeyFor('acme');
    expect(current.wrappedBy).toBe('k2');
    expect(current.id).not.toBe(old.id);
    expect((await rotated.dataKey('acme', old.id)).key.equals(old.key)).toBe(true);
  });

  it('fails, naming the key, when the ring lacks the wrapping key, holds a wrong key under its id, or the data key is gone', async () => {
    const dir = tempDir();
    const k1 = ringKey('k1');
    const dataKey = await ring(dir, k1).dataKeyFor('acme');
    const withoutK1 = await failureOf(ring(dir, ringKey('k2')).dataKey('acme', dataKey.id));
    expect(withoutK1.message).toMatch(/encryption key "k1" is not in the key ring/);
    const wrongKey = await failureOf(ring(dir, ringKey('k1')).dataKey('acme', dataKey.id));
    expect(wrongKey.type).toBe(FailureType.EncryptionKeyUnavailable);
    expect(wrongKey.message).toMatch(new RegExp(`data key "${dataKey.id}" of tenant "acme" does not unwrap with ring key "k1"`));
    // Crypto-shredding: destroy the tenant's folder and its payloads can no longer be read, by anyone.
    rmSync(path.join(dir, 'tenants', 'acme'), { recursive: true });
    const shredded = await failureOf(ring(dir, k1).dataKey('acme', dataKey.id, 'k1'));
    expect(shredded.message).toMatch(new RegExp(`data key "${dataKey.id}" of tenant "acme" \\(wrapped by ring key "k1"\\) is not in`));
  });

  it('takes only well-formed tenant ids and data key ids (no paths)', async () => {
    const keys = ring(tempDir(), ringKey('k1'));
    await expect(keys.dataKeyFor('../etc')).rejects.toThrow(/not a tenant id/);
    await expect(keys.dataKeyFor('')).rejects.toThrow(/not a tenant id/);
    expect((await failureOf(keys.dataKey('acme', '../../k'))).message).toMatch(/malformed data key reference/);
  });

  it('puts the tenants folder beside the key file', () => {
    const config = configIn('/var/lib/taskmaster');
    expect(tenantKeysDir(config)).toBe('/var/lib/taskmaster/keys/tenants');
  });

  it('keeps going when two processes created data keys for one tenant at once', async () => {
    const dir = tempDir();
    const k1 = ringKey('k1');
    const [a, b] = await Promise.all([ring(dir, k1).dataKeyFor('acme'), ring(dir, k1).dataKeyFor('acme')]);
    const third = ring(dir, k1);
    expect((await third.dataKey('acme', a.id)).key.equals(a.key)).toBe(true);
    expect((await third.dataKey('acme', b.id)).key.equals(b.key)).toBe(true);
    expect(readdirSync(path.join(dir, 'tenants', 'acme')).length).toBeGreaterThanOrEqual(1);
    writeFileSync(path.join(dir, 'tenants', 'acme', 'notes.txt'), 'ignored');
    expect([a.id, b.id]).toContain((await ring(dir, k1).dataKeyFor('acme')).id);
  });
});
