import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { loadConfig } from '../../../src/config/load-config';
import { payloadCodecsFor } from '../../../src/content-store/data-converter';
import { claimCheckEncoding } from '../../../src/content-store/claim-check-codec';
import { EncryptionCodec, encryptedEncoding, encryptionMetadata } from '../../../src/crypto/encryption-codec';
import { encryptionKeysEnv } from '../../../src/crypto/key-ring';
import { FailureType } from '../../../src/errors/failure-types';
import { readHistoryDir } from '../../../src/replay/history-files';
import { failureOf, keyList, ring, ringKey, tempDir } from './crypto-test-helpers';

const secret = { counterparty: 'Blackwood Offshore Holdings', evidence: 'ledger-2026-Q1-confidential.xlsx' };
const text = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? new Uint8Array()).toString('latin1');
const meta = (payload: Payload | undefined, key: string): string => new TextDecoder().decode(payload?.metadata?.[key] ?? new Uint8Array());

describe('EncryptionCodec', () => {
  const k1 = ringKey('k1');

  it('round-trips a payload, metadata included, leaving only key ids and the tenant in clear', async () => {
    const codec = new EncryptionCodec(ring(tempDir(), k1));
    const plain = defaultPayloadConverter.toPayload(secret);
    const [encrypted] = await codec.encode([plain]);
    expect(meta(encrypted, 'encoding')).toBe(encryptedEncoding);
    expect(meta(encrypted, encryptionMetadata.cipher)).toBe('AES-256-GCM');
    expect(meta(encrypted, encryptionMetadata.keyId)).toBe('k1');
    expect(meta(encrypted, encryptionMetadata.tenant)).toBe('_default');
    expect(meta(encrypted, encryptionMetadata.dataKeyId)).toMatch(/^dk-/);
    expect(text(encrypted?.data)).not.toContain('Blackwood');
    expect(text(encrypted?.data)).not.toContain('json/plain');
    const [decoded] = await codec.decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(secret);
    expect(meta(decoded, 'encoding')).toBe('json/plain');
  });

  it('encrypts the same value differently each time (random IV)', async () => {
    const codec = new EncryptionCodec(ring(tempDir(), k1));
    const plain = defaultPayloadConverter.toPayload(secret);
    const [a, b] = await codec.encode([plain, plain]);
    expect(text(a?.data)).not.toBe(text(b?.data));
  });

  it('passes unencrypted payloads through decode, so histories recorded before encryption still read', async () => {
    const codec = new EncryptionCodec(ring(tempDir(), k1));
    const plain = defaultPayloadConverter.toPayload(secret);
    expect(await codec.decode([plain])).toEqual([plain]);
    type StartedHistory = { events?: Array<{ workflowExecutionStartedEventAttributes?: { input?: { payloads?: Payload[] } } }> };
    const recorded = readHistoryDir(path.resolve(__dirname, '../../histories')).flatMap<Payload>(
      ({ history }) => (history as StartedHistory).events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [],
    );
    expect(recorded.length).toBeGreaterThan(5);
    expect(await codec.decode(recorded)).toEqual(recorded);
  });

  it('reads what the old key wrote after a rotation, and writes with the new key', async () => {
    const dir = tempDir();
    const k2 = ringKey('k2');
    const [old] = await new EncryptionCodec(ring(dir, k1)).encode([defaultPayloadConverter.toPayload(secret)]);
    const rotated = new EncryptionCodec(ring(dir, k1, k2));
    const [decoded] = await rotated.decode([old!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(secret);
    const [fresh] = await rotated.encode([defaultPayloadConverter.toPayload(secret)]);
    expect(meta(fresh, encryptionMetadata.keyId)).toBe('k2');
  });

  it('fails non-retryably, naming the key id, when the key is not in the ring; adding it back reads it again', async () => {
    const dir = tempDir();
    const [encrypted] = await new EncryptionCodec(ring(dir, k1)).encode([defaultPayloadConverter.toPayload(secret)]);
    const failure = await failureOf(new EncryptionCodec(ring(dir, ringKey('k2'))).decode([encrypted!]));
    expect(failure.type).toBe(FailureType.EncryptionKeyUnavailable);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/encryption key "k1" is not in the key ring \(it holds k2\); nothing is lost/);
    const [decoded] = await new EncryptionCodec(ring(dir, ringKey('k2'), k1)).decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(secret);
  });

  it('refuses tampered ciphertext, tampered metadata and ciphers off the allow-list', async () => {
    const dir = tempDir();
    const codec = new EncryptionCodec(ring(dir, k1));
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(secret)]);
    const data = Buffer.from(encrypted!.data!);
    data[20] = (data[20] ?? 0) ^ 1;
    const flipped = await failureOf(codec.decode([{ ...encrypted, data }]));
    expect(flipped.type).toBe(FailureType.PayloadDecryptionFailed);
    expect(flipped.message).toMatch(/failed its integrity check/);
    const truncated = await failureOf(codec.decode([{ ...encrypted, data: encrypted!.data!.subarray(0, 10) }]));
    expect(truncated.type).toBe(FailureType.PayloadDecryptionFailed);
    const withCipher = (cipher: string): Payload => ({
      ...encrypted,
      metadata: { ...encrypted!.metadata, [encryptionMetadata.cipher]: Buffer.from(cipher) },
    });
    const foreign = await failureOf(codec.decode([withCipher('AES-128-CBC')]));
    expect(foreign.type).toBe(FailureType.PayloadDecryptionFailed);
    expect(foreign.message).toMatch(/cipher "AES-128-CBC"; only AES-256-GCM is accepted/);
    // Another ring key id on the same data key: the associated data no longer matches.
    const otherKeyId = { ...encrypted, metadata: { ...encrypted!.metadata, [encryptionMetadata.keyId]: Buffer.from('k2') } };
    const relabelled = await failureOf(new EncryptionCodec(ring(dir, k1, ringKey('k2'))).decode([otherKeyId]));
    expect(relabelled.type).toBe(FailureType.PayloadDecryptionFailed);
    const noKeyId = { ...encrypted, metadata: { ...encrypted!.metadata, [encryptionMetadata.keyId]: Buffer.from('') } };
    expect((await failureOf(codec.decode([noKeyId]))).message).toMatch(/without its key id/);
  });

  it('uses the data key of the tenant a payload names, and that tenant is bound to the ciphertext', async () => {
    const dir = tempDir();
    const codec = new EncryptionCodec(ring(dir, k1));
    const plain = defaultPayloadConverter.toPayload(secret);
    const tagged: Payload = { ...plain, metadata: { ...plain.metadata, [encryptionMetadata.tenant]: Buffer.from('acme') } };
    const [forAcme, forDefault] = await codec.encode([tagged, defaultPayloadConverter.toPayload(secret)]);
    expect(meta(forAcme, encryptionMetadata.tenant)).toBe('acme');
    expect(meta(forAcme, encryptionMetadata.dataKeyId)).not.toBe(meta(forDefault, encryptionMetadata.dataKeyId));
    expect(readdirSync(path.join(dir, 'tenants')).sort()).toEqual(['_default', 'acme']);
    const [decoded] = await codec.decode([forAcme!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(secret);
    // Relabelled as another tenant's payload: the data key named is not that tenant's.
    const relabelled = { ...forAcme, metadata: { ...forAcme!.metadata, [encryptionMetadata.tenant]: Buffer.from('_default') } };
    expect((await failureOf(codec.decode([relabelled]))).type).toBe(FailureType.EncryptionKeyUnavailable);
  });
});

describe('the data converter chain [encryption, claim check]', () => {
  it('keeps ciphertext in the content store, and brings a large payload back intact', async () => {
    const dataDir = tempDir('taskmaster-data-');
    const config = loadConfig(path.resolve(__dirname, '../../../temporal.yaml'), { TASKMASTER_DATA_DIR: dataDir });
    const codecs = payloadCodecsFor(config, { [encryptionKeysEnv]: keyList(ringKey('k1')) });
    const big = defaultPayloadConverter.toPayload({
      rows: Array.from({ length: 4000 }, (_, index) => ({ index, ...secret })),
    });
    let encoded = [big];
    for (const codec of codecs) encoded = await codec.encode(encoded);
    expect(meta(encoded[0], 'encoding')).toBe(claimCheckEncoding);
    const storeDir = path.join(dataDir, config.contentStore.dir);
    const stored = readdirSync(storeDir).flatMap((sub) =>
      readdirSync(path.join(storeDir, sub)).map((file) => path.join(storeDir, sub, file)),
    );
    expect(stored).toHaveLength(1);
    expect(readFileSync(stored[0]!, 'latin1')).not.toContain('Blackwood');
    let decoded = encoded;
    for (const codec of [...codecs].reverse()) decoded = await codec.decode(decoded);
    expect(defaultPayloadConverter.fromPayload(decoded[0]!)).toEqual(defaultPayloadConverter.fromPayload(big));
  });

  it('loads the key ring only when a payload needs it, so unencrypted histories replay without keys', async () => {
    const config = loadConfig(path.resolve(__dirname, '../../../temporal.yaml'), { TASKMASTER_DATA_DIR: tempDir() });
    const [encryption] = payloadCodecsFor(config, {});
    const plain = defaultPayloadConverter.toPayload(secret);
    expect(await encryption!.decode([plain])).toEqual([plain]);
    await expect(encryption!.encode([plain])).rejects.toThrow(/no encryption keys: the file does not exist/);
  });

  it('is the claim check alone when encryption is disabled', () => {
    const config = loadConfig(path.resolve(__dirname, '../../../temporal.yaml'), { TASKMASTER_DATA_DIR: tempDir() });
    config.encryption.enabled = false;
    expect(payloadCodecsFor(config, {}).map((codec) => codec.constructor.name)).toEqual(['ClaimCheckCodec']);
  });
});
