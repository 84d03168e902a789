/**
 * Envelope encryption: every tenant has its own random data keys, and payloads are encrypted with those, never with
 * a ring key. A data key is stored only wrapped (AES-256-GCM) by a ring key, in a DataKeyStorage: one file per data
 * key under `<tenantKeysDir>/<tenant>/<dataKeyId>.json` by default, or rows of a PostgreSQL table with the postgres
 * content store, so that every host of a cluster shares them. Destroying a tenant's keys crypto-shreds every payload
 * written for it while the ring keeps serving everyone else. Keys are created exclusively: two processes that create
 * a data key at once both keep theirs, and no payload ever names a key that was overwritten.
 */
import { randomBytes } from 'node:crypto';
import { encryptionKeyUnavailable } from './crypto-errors';
import { openSealed, seal } from './aes-gcm';

/** Payloads of workflows without a tenant (the audit log, work submitted without one) use this tenant's data key. */
export const defaultTenant = '_default';
/** Tenants as tokens carry them (src/auth/principal.ts), and `_default`. */
const tenantPattern = /^[A-Za-z0-9_-][A-Za-z0-9_.:/#-]{0,127}$/;
const dataKeyIdPattern = /^dk-[a-z0-9]+-[0-9a-f]{8}$/;
const dataKeyBytes = 32;
/** How often a key held in memory is checked against its file. */
const recheckMs = 1_000;

export interface DataKey {
  readonly tenant: string;
  readonly id: string;
  /** The ring key that wraps it. */
  readonly wrappedBy: string;
  readonly key: Buffer;
}

/** A data key as it is stored; `wrapped` is base64 of iv, ciphertext and tag. */
export interface WrappedDataKey {
  tenant: string;
  id: string;
  wrappedBy: string;
  wrapped: string;
  createdAt: string;
}

/** Where the wrapped data keys are kept (tenant-key-files.ts, tenant-key-table.ts). */
export interface DataKeyStorage {
  /** Where a tenant's keys are, for messages: a folder, or a table. */
  describe(tenant: string): string;
  list(tenant: string): Promise<WrappedDataKey[]>;
  read(tenant: string, id: string): Promise<WrappedDataKey | undefined>;
  exists(tenant: string, id: string): Promise<boolean>;
  /** Adds a key; throws when its id is taken (never overwrites). */
  create(key: WrappedDataKey): Promise<void>;
  /** Crypto-shredding: deletes every data key of the tenant; answers how many were deleted. */
  destroy(tenant: string): Promise<number>;
}

/** What the store needs from the ring: its newest key's id, and any key by id. */
export interface RingKeys {
  readonly currentKeyId: string;
  ringKey(keyId: string): Buffer;
}

export function checkTenant(tenant: string): string {
  if (!tenantPattern.test(tenant)) throw new Error(`not a tenant id: ${JSON.stringify(tenant).slice(0, 80)}`);
  return tenant;
}

/**
 * A tenant's folder name: tenants may hold ":", "/" and "#", which encodeURIComponent escapes ("%" is not in their
 * charset, so two tenants never share a folder, and no tenant names a path outside the keys folder).
 */
export const tenantFolderName = (tenant: string): string => encodeURIComponent(tenant);

const wrapContext = (tenant: string, id: string): Buffer => Buffer.from(`taskmaster-data-key-v1|${tenant}|${id}`);

export class TenantKeyStore {
  private readonly current_ = new Map<string, Promise<DataKey>>();
  private readonly byId = new Map<string, Promise<DataKey>>();
  /** When each held key was last seen in its file (stillHeld). */
  private readonly checkedAt = new Map<string, number>();
  /** Look-ups under way, by key. */
  private readonly checking = new Map<string, Promise<boolean>>();

  constructor(
    private readonly storage: DataKeyStorage,
    private readonly ring: RingKeys,
  ) {}

  /**
   * The tenant's data key wrapped by the ring's newest key; created on first use, and again when the tenant's key
   * was destroyed (crypto-shredded) while this process held it: what the tenant writes next is readable, what it
   * wrote before is not.
   */
  async current(tenant: string): Promise<DataKey> {
    checkTenant(tenant);
    for (let attempt = 0; ; attempt += 1) {
      let pending = this.current_.get(tenant);
      if (!pending) {
        const created = this.findOrCreate(tenant);
        this.current_.set(tenant, created);
        created.catch(() => this.forgetCurrent(tenant, created));
        pending = created;
      }
      const key = await pending;
      if (attempt > 0 || (await this.stillHeld(key))) return key;
      this.forgetCurrent(tenant, pending);
    }
  }

  /** A data key by id; an EncryptionKeyUnavailable failure when it is gone or its ring key is not held. */
  async get(tenant: string, id: string, wrappedByHint?: string): Promise<DataKey> {
    if (!tenantPattern.test(tenant) || !dataKeyIdPattern.test(id)) {
      throw encryptionKeyUnavailable(`malformed data key reference "${tenant}/${id}"`.slice(0, 200));
    }
    const cacheKey = `${tenant}/${id}`;
    let pending = this.byId.get(cacheKey);
    if (!pending) {
      pending = this.read(tenant, id, wrappedByHint);
      this.byId.set(cacheKey, pending);
      pending.catch(() => this.byId.delete(cacheKey));
      return pending;
    }
    const key = await pending;
    if (await this.stillHeld(key)) return key;
    return this.get(tenant, id, wrappedByHint);
  }

  /**
   * Whether a key this process holds in memory is still stored. Checked at most once a second per key, so that
   * destroying a tenant's keys takes effect in running processes within a second, for one look-up a second.
   */
  private async stillHeld(key: DataKey): Promise<boolean> {
    const cacheKey = `${key.tenant}/${key.id}`;
    const checkedAt = this.checkedAt.get(cacheKey);
    const now = Date.now();
    if (checkedAt !== undefined && now - checkedAt < recheckMs) return true;
    // The payloads of a busy second all find the check due at once: they share one look-up, not one each.
    let checking = this.checking.get(cacheKey);
    if (checking === undefined) {
      checking = this.storage.exists(key.tenant, key.id).finally(() => this.checking.delete(cacheKey));
      this.checking.set(cacheKey, checking);
    }
    if (await checking) {
      this.checkedAt.set(cacheKey, now);
      return true;
    }
    this.checkedAt.delete(cacheKey);
    this.byId.delete(cacheKey);
    return false;
  }

  private forgetCurrent(tenant: string, pending: Promise<DataKey>): void {
    if (this.current_.get(tenant) === pending) this.current_.delete(tenant);
  }

  /** Crypto-shreds the tenant: deletes its data keys; answers how many were deleted. */
  destroy(tenant: string): Promise<number> {
    return this.storage.destroy(checkTenant(tenant));
  }

  private async read(tenant: string, id: string, wrappedByHint?: string): Promise<DataKey> {
    const file = await this.storage.read(tenant, id).catch(() => undefined);
    if (!file) {
      const hint = wrappedByHint ? ` (wrapped by ring key "${wrappedByHint}")` : '';
      throw encryptionKeyUnavailable(
        `data key "${id}" of tenant "${tenant}"${hint} is not in ${this.storage.describe(tenant)}: it was destroyed, or this ` +
          'process does not share the tenant keys',
      );
    }
    const ringKey = this.ring.ringKey(file.wrappedBy);
    const key = openSealed(ringKey, Buffer.from(file.wrapped, 'base64'), wrapContext(tenant, id));
    if (!key || key.length !== dataKeyBytes) {
      throw encryptionKeyUnavailable(`data key "${id}" of tenant "${tenant}" does not unwrap with ring key "${file.wrappedBy}"`);
    }
    this.checkedAt.set(`${tenant}/${id}`, Date.now());
    return { tenant, id, wrappedBy: file.wrappedBy, key };
  }

  private async findOrCreate(tenant: string): Promise<DataKey> {
    const candidates = (await this.storage.list(tenant)).filter(
      (file) => dataKeyIdPattern.test(file.id) && file.wrappedBy === this.ring.currentKeyId,
    );
    const newest = candidates.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)).pop();
    if (newest) return this.get(tenant, newest.id);
    return this.create(tenant);
  }

  private async create(tenant: string): Promise<DataKey> {
    const id = `dk-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const key = randomBytes(dataKeyBytes);
    const wrappedBy = this.ring.currentKeyId;
    const file: WrappedDataKey = {
      tenant,
      id,
      wrappedBy,
      wrapped: seal(this.ring.ringKey(wrappedBy), key, wrapContext(tenant, id)).toString('base64'),
      createdAt: new Date().toISOString(),
    };
    await this.storage.create(file);
    const dataKey: DataKey = { tenant, id, wrappedBy, key };
    this.checkedAt.set(`${tenant}/${id}`, Date.now());
    this.byId.set(`${tenant}/${id}`, Promise.resolve(dataKey));
    return dataKey;
  }
}
