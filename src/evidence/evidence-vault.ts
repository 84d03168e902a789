/**
 * The evidence vault: each item's bytes in the content store's folder, under the SHA-256 of the bytes themselves,
 * encrypted like every payload (AES-256-GCM with the tenant's data key). Every read decrypts, recomputes the hash
 * and refuses bytes that do not match it: altered evidence is never returned.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { LoadedConfig } from '../config/load-config';
import { ClaimCheckCodec } from '../content-store/claim-check-codec';
import { payloadCodecsFor } from '../content-store/data-converter';
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

export class EvidenceVault {
  private readonly dir: string;
  /** The deployment's codecs without the claim check: the vault is itself the store of large bytes. */
  private readonly codecs: PayloadCodec[];

  constructor(config: LoadedConfig, env: NodeJS.ProcessEnv = process.env) {
    this.dir = path.resolve(config.dataDirPath, config.contentStore.dir, 'evidence');
    this.codecs = payloadCodecsFor(config, env).filter((codec) => !(codec instanceof ClaimCheckCodec));
  }

  fileOf(sha256: string): string {
    if (!sha256Pattern.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** Keeps the bytes (once: the same bytes are the same item) and answers their SHA-256. */
  async put(bytes: Uint8Array, tenant: string | undefined): Promise<string> {
    const sha256 = sha256Hex(bytes);
    const file = this.fileOf(sha256);
    let payload: Payload = {
      metadata: { encoding: textEncoder.encode('binary/plain'), ...(tenant ? { 'encryption-tenant': textEncoder.encode(tenant) } : {}) },
      data: bytes,
    };
    for (const codec of this.codecs) [payload] = (await codec.encode([payload])) as [Payload];
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomUUID()}.tmp`;
    await writeFile(temporary, temporal.api.common.v1.Payload.encode(payload).finish());
    await rename(temporary, file);
    return sha256;
  }

  /** The bytes stored under the hash, after checking that they hash to it. */
  async get(sha256: string): Promise<Uint8Array> {
    let stored: Buffer;
    try {
      stored = await readFile(this.fileOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new EvidenceMissingError(sha256);
      throw error;
    }
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
