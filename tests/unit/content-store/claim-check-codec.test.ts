import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { ClaimCheckCodec, claimCheckEncoding } from '../../../src/content-store/claim-check-codec';
import { FileContentStore } from '../../../src/content-store/file-content-store';

describe('ClaimCheckCodec with the file content store', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-content-'));
  const store = new FileContentStore(dir);
  const codec = new ClaimCheckCodec(store, 1024);

  it('moves a large payload to the store and brings it back intact', async () => {
    const big = defaultPayloadConverter.toPayload({
      transactions: Array.from({ length: 200 }, (_, index) => ({ id: `T${index}`, amount: index })),
    });
    const [encoded] = await codec.encode([big]);
    expect(new TextDecoder().decode(encoded?.metadata?.encoding)).toBe(claimCheckEncoding);
    expect(encoded?.data?.byteLength).toBeLessThan(200);
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(defaultPayloadConverter.fromPayload(big));
  });

  it('leaves small payloads as they are', async () => {
    const small = defaultPayloadConverter.toPayload({ ok: true });
    expect(await codec.encode([small])).toEqual([small]);
    expect(await codec.decode([small])).toEqual([small]);
  });

  it('stores the same content once, under its SHA-256, and refuses corrupt content', async () => {
    const bytes = new TextEncoder().encode('abc');
    const sha = await store.put(bytes);
    expect(sha).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await store.put(bytes)).toBe(sha);
    writeFileSync(store.fileOf(sha), 'abd');
    await expect(store.get(sha)).rejects.toThrow(/corrupt/);
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/not a SHA-256/);
  });
});
