/** Verified tokens are reused by their exact string until their exp, never after, and never grow past capacity. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mintWithLocalKey } from '../../../src/auth/token-minting';
import { createTokenVerifier } from '../../../src/auth/token-verifier';
import { VerifiedTokens } from '../../../src/auth/verified-tokens';
import { authConfig } from './auth-test-helpers';

describe('verified tokens', () => {
  const ann = { subject: 'ann', roles: ['viewer' as const] };

  it('answers a remembered token until its exp, and forgets it then', () => {
    let now = 1_000_000;
    const tokens = new VerifiedTokens(10, () => now);
    tokens.remember('t', ann, 1_060);
    expect(tokens.get('t')).toEqual(ann);
    now = 1_059_999;
    expect(tokens.get('t')).toEqual(ann);
    now = 1_060_000;
    expect(tokens.get('t')).toBeUndefined();
    expect(tokens.get('t')).toBeUndefined();
  });

  it('does not remember an expired token, and drops the least recently used past capacity', () => {
    const tokens = new VerifiedTokens(2, () => 0);
    tokens.remember('old', ann, -1);
    expect(tokens.get('old')).toBeUndefined();
    tokens.remember('a', ann, 60);
    tokens.remember('b', ann, 60);
    expect(tokens.get('a')).toEqual(ann);
    tokens.remember('c', ann, 60);
    expect(tokens.get('b')).toBeUndefined();
    expect(tokens.get('a')).toEqual(ann);
    expect(tokens.get('c')).toEqual(ann);
  });

  it('answers the same principal for a token verified before, and still refuses a tampered one', async () => {
    const auth = authConfig();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-verified-'));
    const token = await mintWithLocalKey(auth, dataDir, { subject: 'ann', role: 'viewer', ttlMs: 60_000 });
    const verifier = createTokenVerifier(auth, dataDir);
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toEqual(first);
    await expect(verifier.verify(`${token.slice(0, -4)}AAAA`)).rejects.toThrow();
  });
});
