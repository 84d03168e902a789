import { randomBytes } from 'node:crypto';
import { openSealed, seal } from '../../../src/crypto/aes-gcm';

const key = randomBytes(32);
const aad = Buffer.from('taskmaster-test');

describe('AES-256-GCM seal and open', () => {
  it('opens what it sealed, and nothing sealed under other associated data', () => {
    const sealed = seal(key, Buffer.from('case data'), aad);
    expect(openSealed(key, sealed, aad)?.toString()).toBe('case data');
    expect(openSealed(key, sealed, Buffer.from('another payload'))).toBeUndefined();
  });

  // IVs are cut from a pooled CSPRNG fill: across several pools, none may repeat and none may change after use.
  it('gives every message its own IV, across pool refills', () => {
    const sealedMessages = Array.from({ length: 2_000 }, (_, index) => seal(key, Buffer.from(`message ${index}`), aad));
    const ivs = sealedMessages.map((sealed) => sealed.subarray(0, 12).toString('hex'));
    expect(new Set(ivs).size).toBe(ivs.length);
    sealedMessages.forEach((sealed, index) => expect(openSealed(key, sealed, aad)?.toString()).toBe(`message ${index}`));
  });
});
