import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { cipherName, openSealed, seal } from './aes-gcm';
import { encryptionKeyUnavailable, payloadDecryptionFailed } from './crypto-errors';
import type { KeyRing } from './key-ring';
import type { DataKey } from './tenant-keys';
import { processWorkflowTenants, type WorkflowTenants } from './workflow-tenants';

/** Temporal's conventional encoding of an encrypted payload (the Web UI shows it as such). */
export const encryptedEncoding = 'binary/encrypted';

/** The metadata an encrypted payload carries, in clear: which keys to use, never a key. */
export const encryptionMetadata = {
  cipher: 'encryption-cipher',
  /** The ring key that wraps the data key. */
  keyId: 'encryption-key-id',
  tenant: 'encryption-tenant',
  dataKeyId: 'encryption-data-key-id',
} as const;

/** The only ciphers decode accepts. */
const allowedCiphers: ReadonlySet<string> = new Set([cipherName]);
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

const associatedData = (keyId: string, tenant: string, dataKeyId: string): Buffer =>
  Buffer.from(`taskmaster-payload-v1|${cipherName}|${keyId}|${tenant}|${dataKeyId}`);

/** What every payload sealed with one data key shares: its associated data and its metadata, encoded once. */
interface SealingFrame {
  associatedData: Buffer;
  metadata: Record<string, Uint8Array>;
}

/** Built once per data key (a process holds a few), instead of once per payload. */
const sealingFrames = new WeakMap<DataKey, SealingFrame>();

function sealingFrame(dataKey: DataKey): SealingFrame {
  let frame = sealingFrames.get(dataKey);
  if (frame === undefined) {
    frame = {
      associatedData: associatedData(dataKey.wrappedBy, dataKey.tenant, dataKey.id),
      metadata: {
        encoding: textEncoder.encode(encryptedEncoding),
        [encryptionMetadata.cipher]: textEncoder.encode(cipherName),
        [encryptionMetadata.keyId]: textEncoder.encode(dataKey.wrappedBy),
        [encryptionMetadata.tenant]: textEncoder.encode(dataKey.tenant),
        [encryptionMetadata.dataKeyId]: textEncoder.encode(dataKey.id),
      },
    };
    sealingFrames.set(dataKey, frame);
  }
  return frame;
}

function metadataText(payload: Payload, key: string): string | undefined {
  const value = payload.metadata?.[key];
  return value ? textDecoder.decode(value) : undefined;
}

/**
 * Encrypts every payload (the whole Payload message: its metadata and data) with AES-256-GCM under the data key of
 * its tenant, and decrypts what it encrypted. Payloads that are not encrypted pass through decode unchanged, so
 * histories recorded before encryption still replay and read. A payload's tenant is the tenant of the workflow that
 * owns it (the SDK's serialization context names it; `WorkflowTenants` knows whose it is), or an
 * `encryption-tenant` metadata entry set before the codec runs; else the default tenant. Decoding teaches the
 * directory the tenant of the payload's workflow.
 */
export class EncryptionCodec implements PayloadCodec {
  private ring: KeyRing | undefined;

  /**
   * Given a loader, the ring is loaded at the first payload that needs it, so that replaying unencrypted histories
   * needs no keys; entry points that will encrypt load it at start instead, to fail fast.
   */
  constructor(
    private readonly keyRingSource: KeyRing | (() => KeyRing),
    private readonly tenants: WorkflowTenants = processWorkflowTenants,
  ) {}

  private get keyRing(): KeyRing {
    this.ring ??= typeof this.keyRingSource === 'function' ? this.keyRingSource() : this.keyRingSource;
    return this.ring;
  }

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const workflowTenant = this.tenants.tenantOf(context?.workflowId);
    return Promise.all(
      payloads.map(async (payload) => {
        const dataKey = await this.keyRing.dataKeyFor(metadataText(payload, encryptionMetadata.tenant) ?? workflowTenant);
        const plaintext = temporal.api.common.v1.Payload.encode(payload).finish();
        const frame = sealingFrame(dataKey);
        // A copy of the shared metadata map: whoever handles the payload next may add entries to its own.
        return { metadata: { ...frame.metadata }, data: seal(dataKey.key, plaintext, frame.associatedData) };
      }),
    );
  }

  async decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return Promise.all(payloads.map((payload) => this.decodeOne(payload, context?.workflowId)));
  }

  private async decodeOne(payload: Payload, workflowId: string | undefined): Promise<Payload> {
    if (metadataText(payload, 'encoding') !== encryptedEncoding) return payload;
    const cipher = metadataText(payload, encryptionMetadata.cipher);
    if (!cipher || !allowedCiphers.has(cipher)) {
      throw payloadDecryptionFailed(`encrypted payload with cipher "${(cipher ?? '').slice(0, 40)}"; only ${cipherName} is accepted`);
    }
    const keyId = metadataText(payload, encryptionMetadata.keyId);
    const tenant = metadataText(payload, encryptionMetadata.tenant);
    const dataKeyId = metadataText(payload, encryptionMetadata.dataKeyId);
    if (!keyId || !tenant || !dataKeyId) throw payloadDecryptionFailed('encrypted payload without its key id, tenant or data key id');
    if (!this.keyRing.has(keyId)) {
      throw encryptionKeyUnavailable(`encryption key "${keyId}" is not in the key ring (it holds ${this.keyRing.keyIds.join(', ')})`);
    }
    const dataKey = await this.keyRing.dataKey(tenant, dataKeyId, keyId);
    // The associated data is what the payload's own metadata names; the key's frame holds the same bytes when they agree.
    const aad =
      dataKey.wrappedBy === keyId && dataKey.tenant === tenant && dataKey.id === dataKeyId
        ? sealingFrame(dataKey).associatedData
        : associatedData(keyId, tenant, dataKeyId);
    const plaintext = openSealed(dataKey.key, payload.data ?? new Uint8Array(), aad);
    if (!plaintext) {
      throw payloadDecryptionFailed(`encrypted payload (key "${keyId}", data key "${dataKeyId}") failed its integrity check`);
    }
    // Only after the tag checked out: a payload's metadata teaches its workflow's tenant once it proved authentic.
    if (workflowId !== undefined) this.tenants.learn(workflowId, tenant);
    return temporal.api.common.v1.Payload.decode(plaintext);
  }
}
