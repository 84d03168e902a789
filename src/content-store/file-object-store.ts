import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NamedObjectStore, ObjectName } from './content-store';

const sha256Pattern = /^[0-9a-f]{64}$/;
const defaultTenant = '_default';

/**
 * Named objects as files: `<dir>/<aa>/<sha256>` for objects without a tenant (and every object kept before tenants
 * had folders, which a tenant's read falls back to), `<dir>/tenants/<tenant>/<aa>/<sha256>` for a tenant's (the
 * tenant escaped with encodeURIComponent). Written atomically and exclusively: a temp file, then a hard link to the
 * name, which fails when the name exists, so a kept object is never replaced.
 */
export class FileObjectStore implements NamedObjectStore {
  constructor(private readonly dir: string) {}

  fileOf({ tenant, sha256 }: ObjectName): string {
    if (!sha256Pattern.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    const base = tenant === defaultTenant ? this.dir : path.join(this.dir, 'tenants', encodeURIComponent(tenant));
    return path.join(base, sha256.slice(0, 2), sha256);
  }

  async putIfAbsent(name: ObjectName, bytes: Uint8Array): Promise<boolean> {
    const file = this.fileOf(name);
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomUUID()}.tmp`;
    await writeFile(temporary, bytes);
    try {
      await link(temporary, file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await unlink(temporary);
    }
  }

  async get(name: ObjectName): Promise<Uint8Array | undefined> {
    const own = await readIfThere(this.fileOf(name));
    if (own !== undefined || name.tenant === defaultTenant) return own;
    return readIfThere(this.fileOf({ tenant: defaultTenant, sha256: name.sha256 }));
  }
}

async function readIfThere(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
