/**
 * The codec server's work, for the Temporal Web UI: Temporal's remote codec protocol, `{ payloads: [{ metadata:
 * { key: base64 }, data: base64 }] }` in and out, run through this deployment's codecs (decrypt and fetch
 * claim-checked content on decode; the reverse on encode). The HTTP router adds CORS and authorization.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { inTenantScope, type TenantScope } from '../auth/tenant-scope';
import { InvalidInputError } from '../errors/domain-errors';
import { parseInput } from '../errors/field-problems';
import { encryptedEncoding, encryptionMetadata } from './encryption-codec';
import { defaultTenant } from './tenant-keys';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64');

export const remotePayloadsSchema = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() })).max(10_000),
});
export type RemotePayloads = z.infer<typeof remotePayloadsSchema>;
type RemotePayload = RemotePayloads['payloads'][number];

/** A payload decode left as it was, and why (key ids and tenants only, never data). */
export interface Undecodable {
  index: number;
  reason: string;
}

const toPayload = (remote: RemotePayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(remote.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
  data: Buffer.from(remote.data ?? '', 'base64'),
});

const toRemote = (payload: Payload): RemotePayload => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value ?? new Uint8Array()).toString('base64')]),
  ),
  data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
});

export class CodecService {
  /** `codecs` in encoding order, as in the data converter. */
  constructor(
    private readonly codecs: readonly PayloadCodec[],
    private readonly namespace: string,
  ) {}

  /** The namespace the Web UI names (X-Namespace) must be this deployment's: its keys are for it alone. */
  checkNamespace(namespace: string | undefined): void {
    if (namespace !== undefined && namespace !== this.namespace) {
      throw new InvalidInputError([{ path: 'X-Namespace', message: `expected "${this.namespace}", the namespace these keys serve` }]);
    }
  }

  async encode(body: unknown): Promise<RemotePayloads> {
    let payloads = parseInput(remotePayloadsSchema, body).payloads.map(toPayload);
    for (const codec of this.codecs) payloads = await codec.encode(payloads);
    return { payloads: payloads.map(toRemote) };
  }

  /**
   * Decodes each payload on its own: one that cannot be decoded (its key is not in the ring, it was tampered with)
   * comes back as it was, so the Web UI still shows the others, and is listed in `undecodable`. Given a tenant scope
   * (a signed-in Web UI user's), a payload encrypted for a tenant outside it is not decrypted either.
   */
  async decode(body: unknown, scope?: TenantScope): Promise<RemotePayloads & { undecodable: Undecodable[] }> {
    const payloads = parseInput(remotePayloadsSchema, body).payloads;
    const undecodable: Undecodable[] = [];
    const decoded = await Promise.all(
      payloads.map(async (remote, index) => {
        try {
          let payload = [toPayload(remote)];
          for (const codec of [...this.codecs].reverse()) {
            if (scope !== undefined) checkTenantOf(payload[0], scope);
            payload = await codec.decode(payload);
          }
          return toRemote(payload[0] ?? toPayload(remote));
        } catch (error) {
          undecodable.push({ index, reason: error instanceof Error ? error.message : String(error) });
          return remote;
        }
      }),
    );
    return { payloads: decoded, undecodable };
  }
}

/** An encrypted payload names its tenant in clear; `_default` is the tenant of work submitted without one. */
function checkTenantOf(payload: Payload | undefined, scope: TenantScope): void {
  const text = (key: string): string | undefined => {
    const value = payload?.metadata?.[key];
    return value ? Buffer.from(value).toString() : undefined;
  };
  if (text('encoding') !== encryptedEncoding) return;
  const tenant = text(encryptionMetadata.tenant);
  if (!inTenantScope(scope, tenant === defaultTenant ? undefined : tenant)) {
    throw new Error(`payload of tenant "${(tenant ?? '').slice(0, 120)}", outside the caller's tenant`);
  }
}
