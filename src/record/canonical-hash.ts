import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The `canonicalize` package (RFC 8785) exports its ES module to `import` only, which a CommonJS `require` cannot
 * resolve; its file can be required (Node 20.19+ loads ES modules synchronously, Jest's swc transform turns it into
 * CommonJS). So it is found along the usual node_modules paths, and hashing stays synchronous.
 */
function loadCanonicalize(): (value: unknown) => string | undefined {
  for (const dir of module.paths) {
    const file = path.join(dir, 'canonicalize', 'lib', 'canonicalize.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (existsSync(file)) return (require(file) as { default: (value: unknown) => string | undefined }).default;
  }
  throw new Error('the canonicalize package is not installed (npm install)');
}

const canonicalize = loadCanonicalize();

/**
 * RFC 8785 (JSON Canonicalization Scheme) text of a value: the same value always gives the same bytes, whatever
 * the key order. `undefined` (an activity that returns nothing) is written as `null`.
 */
export function canonicalJson(value: unknown): string {
  return canonicalize(value === undefined ? null : value) ?? 'null';
}

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** SHA-256 (hex) of a value's canonical JSON, as UTF-8. */
export const canonicalSha256 = (value: unknown): string => sha256Hex(canonicalJson(value));
