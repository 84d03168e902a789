/**
 * Envelope encryption: every tenant has its own random data keys, and payloads are encrypted with those, never with
 * a ring key. A data key is stored only wrapped (AES-256-GCM) by a ring key, one file per data key under
 * `<tenantKeysDir>/<tenant>/<dataKeyId>.json`, so that destroying a tenant's folder crypto-shreds every payload
 * written for it while the ring keeps serving everyone else. Files are created exclusively (`wx`): two processes
 * that create a data key at once both keep theirs, and no payload ever names a key that was overwritten.
 */
import { randomBytes } from 'node:crypto';
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
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

/** What a data key file holds; `wrapped` is base64 of iv, ciphertext and tag. */
interface DataKeyFile {
  tenant: string;
  id: string;
  wrappedBy: string;
  wrapped: string;
  createdAt: string;
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

  constructor(
    private readonly dir: string,
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
   * Whether a key this process holds in memory is still in its file. Checked at most once a second per key, so that
   * destroying a tenant's folder takes effect in running processes within a second, for one stat a second.
   */
  private async stillHeld(key: DataKey): Promise<boolean> {
    const cacheKey = `${key.tenant}/${key.id}`;
    const checkedAt = this.checkedAt.get(cacheKey);
    const now = Date.now();
    if (checkedAt !== undefined && now - checkedAt < recheckMs) return true;
    try {
      await access(this.fileOf(key.tenant, key.id));
      this.checkedAt.set(cacheKey, now);
      return true;
    } catch {
      this.checkedAt.delete(cacheKey);
      this.byId.delete(cacheKey);
      return false;
    }
  }

  private forgetCurrent(tenant: string, pending: Promise<DataKey>): void {
    if (this.current_.get(tenant) === pending) this.current_.delete(tenant);
  }

  /** Where a tenant's data keys are: deleting this folder crypto-shreds the tenant. */
  folderOf(tenant: string): string {
    return path.join(this.dir, tenantFolderName(checkTenant(tenant)));
  }

  private fileOf(tenant: string, id: string): string {
    return path.join(this.folderOf(tenant), `${id}.json`);
  }

  private async read(tenant: string, id: string, wrappedByHint?: string): Promise<DataKey> {
    let text: string;
    try {
      text = await readFile(this.fileOf(tenant, id), 'utf8');
    } catch {
      const hint = wrappedByHint ? ` (wrapped by ring key "${wrappedByHint}")` : '';
      throw encryptionKeyUnavailable(
        `data key "${id}" of tenant "${tenant}"${hint} is not in ${this.folderOf(tenant)}: it was destroyed, or this ` +
          'process does not share the keys folder',
      );
    }
    const file = JSON.parse(text) as DataKeyFile;
    const ringKey = this.ring.ringKey(file.wrappedBy);
    const key = openSealed(ringKey, Buffer.from(file.wrapped, 'base64'), wrapContext(tenant, id));
    if (!key || key.length !== dataKeyBytes) {
      throw encryptionKeyUnavailable(`data key "${id}" of tenant "${tenant}" does not unwrap with ring key "${file.wrappedBy}"`);
    }
    this.checkedAt.set(`${tenant}/${id}`, Date.now());
    return { tenant, id, wrappedBy: file.wrappedBy, key };
  }

  private async findOrCreate(tenant: string): Promise<DataKey> {
    const folder = this.folderOf(tenant);
    const names = await readdir(folder).catch(() => [] as string[]);
    const candidates: DataKeyFile[] = [];
    for (const name of names) {
      if (!name.endsWith('.json') || !dataKeyIdPattern.test(name.slice(0, -5))) continue;
      const file = JSON.parse(await readFile(path.join(folder, name), 'utf8')) as DataKeyFile;
      if (file.wrappedBy === this.ring.currentKeyId) candidates.push(file);
    }
    const newest = candidates.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)).pop();
    if (newest) return this.get(tenant, newest.id);
    return this.create(tenant);
  }

  private async create(tenant: string): Promise<DataKey> {
    const id = `dk-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const key = randomBytes(dataKeyBytes);
    const wrappedBy = this.ring.currentKeyId;
    const file: DataKeyFile = {
      tenant,
      id,
      wrappedBy,
      wrapped: seal(this.ring.ringKey(wrappedBy), key, wrapContext(tenant, id)).toString('base64'),
      createdAt: new Date().toISOString(),
    };
    await mkdir(this.folderOf(tenant), { recursive: true, mode: 0o700 });
    await writeFile(this.fileOf(tenant, id), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    const dataKey: DataKey = { tenant, id, wrappedBy, key };
    this.checkedAt.set(`${tenant}/${id}`, Date.now());
    this.byId.set(`${tenant}/${id}`, Promise.resolve(dataKey));
    return dataKey;
  }
}
