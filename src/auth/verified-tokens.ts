/**
 * Tokens already verified, by their exact string, until their `exp`: a client sends the same token with every
 * request, and checking its signature again (an Ed25519 or RSA verify) each time is the sign-in's whole cost. A
 * cached token is never used past its `exp` (the clock skew is not added), and a token that was refused is never
 * cached. What this trades: a token whose key is withdrawn from the IdP's key set keeps working until it expires in
 * a running facade (as with the key set's own cache); local key rotation restarts the facade, which empties it.
 */
import type { Principal } from './principal';

interface Verified {
  principal: Principal;
  expiresAtMs: number;
}

/** Least recently used out past `capacity`, so a flood of distinct tokens cannot grow the process. */
export class VerifiedTokens {
  private readonly tokens = new Map<string, Verified>();

  constructor(
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): Principal | undefined {
    const verified = this.tokens.get(token);
    if (verified === undefined) return undefined;
    this.tokens.delete(token);
    if (verified.expiresAtMs <= this.now()) return undefined;
    this.tokens.set(token, verified);
    return verified.principal;
  }

  /** `exp` is the token's claim, in seconds since the epoch. */
  remember(token: string, principal: Principal, exp: number): void {
    const expiresAtMs = exp * 1000;
    if (!Number.isFinite(expiresAtMs) || expiresAtMs <= this.now()) return;
    this.tokens.delete(token);
    this.tokens.set(token, { principal, expiresAtMs });
    if (this.tokens.size > this.capacity) this.tokens.delete(this.tokens.keys().next().value as string);
  }
}
