import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ContentStore } from './content-store';

const sha256Pattern = /^[0-9a-f]{64}$/;

/** Files named by their hash under `dir/<first two hex digits>/`, written atomically (temp file, then rename). */
export class FileContentStore implements ContentStore {
  constructor(private readonly dir: string) {}

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file = this.fileOf(sha256);
    if (await exists(file)) return sha256;
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomUUID()}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, file);
    return sha256;
  }

  async get(sha256: string): Promise<Uint8Array> {
    if (!sha256Pattern.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    const bytes = await readFile(this.fileOf(sha256));
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) throw new Error(`content ${sha256} is corrupt (its bytes hash to ${actual})`);
    return bytes;
  }

  fileOf(sha256: string): string {
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
