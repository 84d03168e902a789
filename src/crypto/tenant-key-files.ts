import { access, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkTenant, tenantFolderName, type DataKeyStorage, type WrappedDataKey } from './tenant-keys';

/**
 * Wrapped data keys as files, one per key, in `<dir>/<tenant>/<dataKeyId>.json` (folders 0700, files 0600, created
 * exclusively with `wx`): the default, for one machine or hosts that share the data dir. Deleting a tenant's folder
 * crypto-shreds it.
 */
export class DataKeyFiles implements DataKeyStorage {
  constructor(private readonly dir: string) {}

  /** Where a tenant's data keys are: deleting this folder crypto-shreds the tenant. */
  folderOf(tenant: string): string {
    return path.join(this.dir, tenantFolderName(checkTenant(tenant)));
  }

  describe(tenant: string): string {
    return this.folderOf(tenant);
  }

  private fileOf(tenant: string, id: string): string {
    return path.join(this.folderOf(tenant), `${id}.json`);
  }

  async list(tenant: string): Promise<WrappedDataKey[]> {
    const folder = this.folderOf(tenant);
    const names = await readdir(folder).catch(() => [] as string[]);
    const keys: WrappedDataKey[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const key = await this.read(tenant, name.slice(0, -'.json'.length));
      if (key) keys.push(key);
    }
    return keys;
  }

  async read(tenant: string, id: string): Promise<WrappedDataKey | undefined> {
    try {
      return JSON.parse(await readFile(this.fileOf(tenant, id), 'utf8')) as WrappedDataKey;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async exists(tenant: string, id: string): Promise<boolean> {
    try {
      await access(this.fileOf(tenant, id));
      return true;
    } catch {
      return false;
    }
  }

  async create(key: WrappedDataKey): Promise<void> {
    await mkdir(this.folderOf(key.tenant), { recursive: true, mode: 0o700 });
    await writeFile(this.fileOf(key.tenant, key.id), `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  }

  async destroy(tenant: string): Promise<number> {
    const count = (await this.list(tenant)).length;
    await rm(this.folderOf(tenant), { recursive: true, force: true });
    return count;
  }
}
