/**
 * The step record's hash chain: each entry holds the SHA-256 of the entry before it, and its own hash over its
 * canonical JSON (RFC 8785) without `hash`. Used by the sealing activity, the verifier and the bundle checker alike.
 */
import { recordGenesisHash, type StepRecordEntry, type UnsealedStepRecordEntry } from '../contracts/step-record';
import { canonicalJson, sha256Hex } from './canonical-hash';

/** Keeps a hash of this scheme from ever matching a hash of anything else (an audit record, a payload). */
const domain = 'taskmaster-step-record-v1\n';

export function entryHash(entry: Omit<StepRecordEntry, 'hash'> | StepRecordEntry): string {
  const { hash: _hash, ...rest } = entry as StepRecordEntry;
  return sha256Hex(domain + canonicalJson(rest));
}

/** Chains entries in order from the genesis hash. */
export function chainEntries(entries: readonly UnsealedStepRecordEntry[]): StepRecordEntry[] {
  let prevHash = recordGenesisHash;
  return entries.map((entry) => {
    const unsealed = { ...entry, prevHash };
    const sealed = { ...unsealed, hash: entryHash(unsealed) };
    prevHash = sealed.hash;
    return sealed;
  });
}

export const headOfChain = (chain: readonly StepRecordEntry[]): string => chain.at(-1)?.hash ?? recordGenesisHash;
