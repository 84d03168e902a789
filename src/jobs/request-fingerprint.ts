import { createHash, randomUUID } from 'node:crypto';

/** JSON with object keys sorted at every level, so that equal requests hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 of the request's meaning: used to tell a retried request from a different one under the same key. */
export const requestFingerprint = (request: unknown): string => createHash('sha256').update(canonicalJson(request)).digest('hex');

/**
 * The job id: random, or derived from the idempotency key so that the same key always names the same job
 * (and so the same workflow id, which Temporal keeps unique). Keys are per tenant: two tenants using the same key
 * get two jobs, so that neither can find (or block) the other's job by guessing its key.
 */
export function newJobId(idempotencyKey?: string, tenant?: string): string {
  if (idempotencyKey === undefined) return randomUUID();
  // Two prefixes that differ before any key text, so no key without a tenant can name a tenant's job.
  const seed =
    tenant === undefined
      ? `taskmaster-idempotency:${idempotencyKey}`
      : `taskmaster-idempotency-tenant:${JSON.stringify([tenant, idempotencyKey])}`;
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
