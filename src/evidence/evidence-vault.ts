/**
 * The evidence vault: each item's bytes in the content store's place (files under the data dir, or a table of the
 * PostgreSQL content store that every host reaches), named by the item's tenant and the SHA-256 of the bytes
 * themselves, encrypted like every payload (AES-256-GCM with the tenant's data key). Every read decrypts, recomputes
 * the hash and refuses bytes that do not match it: altered evidence is never returned. An item is kept once per
 * tenant and never replaced; keeping it per tenant means that crypto-shredding one tenant never destroys another's
 * copy of the same bytes.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { LoadedConfig } from '../config/load-config';
import { ClaimCheckCodec } from '../content-store/claim-check-codec';
import type { NamedObjectStore, ObjectName } from '../content-store/content-store';
import { evidenceObjectsFor } from '../content-store/content-store-for';
import { payloadCodecsFor } from '../content-store/data-converter';
import { defaultTenant } from '../crypto/tenant-keys';
import { sha256Hex } from '../record/canonical-hash';

export const sha256Pattern = /^[0-9a-f]{64}$/;

/** The bytes read back are not the evidence stored under that hash (or cannot be decrypted): never returned. */
export class EvidenceIntegrityError extends Error {
  constructor(
    readonly sha256: string,
    readonly reason: string,
  ) {
    super(`evidence ${sha256} failed its integrity check: ${reason}`);
    this.name = 'EvidenceIntegrityError';
  }
}

export class EvidenceMissingError extends Error {
  constructor(readonly sha256: string) {
    super(`no evidence ${sha256} in the vault`);
    this.name = 'EvidenceMissingError';
  }
}

const textEncoder = new TextEncoder();

/** Where an item of a tenant (none: the default tenant) is kept. */
export const vaultName = (sha256: string, tenant: string | undefined): ObjectName => {
  if (!sha256Pattern.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return { tenant: tenant ?? defaultTenant, sha256 };
};

export class EvidenceVault {
  /** The deployment's codecs without the claim check: the vault is itself the store of large bytes. */
  private readonly codecs: PayloadCodec[];

  constructor(
    config: LoadedConfig,
    env: NodeJS.ProcessEnv = process.env,
    readonly objects: NamedObjectStore = evidenceObjectsFor(config),
  ) {
    this.codecs = payloadCodecsFor(config, env).filter((codec) => !(codec instanceof ClaimCheckCodec));
  }

  /**
   * Keeps the bytes for the tenant (once: the same bytes are the same item) and answers their SHA-256. When the item
   * was kept before, the kept copy is read back and checked: an altered copy fails the ingest loudly instead of being
   * taken for the evidence just received.
   */
  async put(bytes: Uint8Array, tenant: string | undefined): Promise<string> {
    const sha256 = sha256Hex(bytes);
    let payload: Payload = {
      metadata: { encoding: textEncoder.encode('binary/plain'), ...(tenant ? { 'encryption-tenant': textEncoder.encode(tenant) } : {}) },
      data: bytes,
    };
    for (const codec of this.codecs) [payload] = (await codec.encode([payload])) as [Payload];
    const written = await this.objects.putIfAbsent(vaultName(sha256, tenant), temporal.api.common.v1.Payload.encode(payload).finish());
    if (!written) await this.get(sha256, tenant);
    return sha256;
  }

  /** The tenant's copy of the item, after checking that its bytes hash to the name. */
  async get(sha256: string, tenant: string | undefined): Promise<Uint8Array> {
    const stored = await this.objects.get(vaultName(sha256, tenant));
    if (stored === undefined) throw new EvidenceMissingError(sha256);
    let bytes: Uint8Array;
    try {
      let payload: Payload = temporal.api.common.v1.Payload.decode(stored);
      for (const codec of [...this.codecs].reverse()) [payload] = (await codec.decode([payload])) as [Payload];
      bytes = payload.data ?? new Uint8Array();
    } catch (error) {
      throw new EvidenceIntegrityError(sha256, `it cannot be decrypted (${error instanceof Error ? error.message : String(error)})`);
    }
    const actual = sha256Hex(bytes);
    if (actual !== sha256) throw new EvidenceIntegrityError(sha256, `its bytes hash to ${actual}`);
    return bytes;
  }
}
