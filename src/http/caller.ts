import type { Request } from 'express';
import type { Principal } from '../auth/principal';

/** Who asked: the principal authenticate() verified. A route outside authenticate() asking is a programming error. */
export function principalOf(req: Request): Principal {
  if (req.principal === undefined) throw new Error(`no principal on ${req.method} ${req.path}: the route is not behind authenticate()`);
  return req.principal;
}

/**
 * The name recorded with resets, reruns and bulk replays (memo, reason, the reset's identity): the token's subject.
 * Starts and cancels go through the SDK's workflow client, whose identity is per client, not per call; for those the
 * subject is in the memo and summary only.
 */
export const callerOf = (req: Request): string => principalOf(req).subject;
