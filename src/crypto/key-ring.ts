/**
 * The one way encryption keys come into Taskmaster. The key ring is a list of 256-bit keys, each with an id: the
 * newest (the last listed) encrypts, every listed key decrypts, so rotating is adding a key at the end. The keys come
 * from TASKMASTER_ENCRYPTION_KEYS (`id1:base64,id2:base64`) when it is set, else from the key file named in
 * temporal.yaml (`encryption.keyFile`). Key values never appear in an error message or a log line; ids do.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config-error';
import type { LoadedConfig } from '../config/load-config';
import { postgresPoolFor } from '../content-store/postgres-pool';
import { DataKeyFiles } from './tenant-key-files';
import { DataKeyTable } from './tenant-key-table';
import { TenantKeyStore, type DataKey, type DataKeyStorage } from './tenant-keys';
import { encryptionKeyUnavailable } from './crypto-errors';

export const encryptionKeysEnv = 'TASKMASTER_ENCRYPTION_KEYS';
/** AES-256: the only key size the ring accepts. */
export const keyBytes = 32;
const keyIdPattern = /^[A-Za-z0-9_.-]{1,64}$/;
const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;

export interface RingKey {
  readonly id: string;
  readonly key: Buffer;
}

/** What the key file holds: `{ "keys": [{ "id": "...", "key": "<base64 of 32 bytes>", "createdAt": "..." }] }`. */
export interface KeyFileContent {
  keys: Array<{ id: string; key: string; createdAt?: string }>;
}

/** A key ring that cannot be loaded: names where the keys were looked for and what is wrong, never a key. */
export class KeyRingError extends ConfigError {
  constructor(source: string, problems: readonly string[]) {
    super(source, problems);
    this.name = 'KeyRingError';
  }
}

export class KeyRing {
  private readonly byId: ReadonlyMap<string, Buffer>;
  private readonly tenantKeys: TenantKeyStore;

  /** `keys` oldest first; the last one encrypts. `tenantKeys` holds the tenants' wrapped data keys (a folder, or storage). */
  constructor(keys: readonly RingKey[], tenantKeys: string | DataKeyStorage) {
    const newest = keys[keys.length - 1];
    if (!newest) throw new Error('a key ring needs at least one key');
    this.currentKeyId = newest.id;
    this.byId = new Map(keys.map((entry) => [entry.id, entry.key]));
    this.tenantKeys = new TenantKeyStore(typeof tenantKeys === 'string' ? new DataKeyFiles(tenantKeys) : tenantKeys, this);
  }

  /** The id of the key that wraps new data keys (the newest). */
  readonly currentKeyId: string;

  get keyIds(): string[] {
    return [...this.byId.keys()];
  }

  has(keyId: string): boolean {
    return this.byId.has(keyId);
  }

  /** The ring key with this id; an EncryptionKeyUnavailable failure naming the id when the ring lacks it. */
  ringKey(keyId: string): Buffer {
    const key = this.byId.get(keyId);
    if (!key) {
      throw encryptionKeyUnavailable(`encryption key "${keyId}" is not in the key ring (it holds ${this.keyIds.join(', ')})`);
    }
    return key;
  }

  /** The data key a tenant's new payloads are encrypted with (created and stored, wrapped, on first use). */
  dataKeyFor(tenant: string): Promise<DataKey> {
    return this.tenantKeys.current(tenant);
  }

  /** A tenant's data key by id, to decrypt a payload that names it. */
  dataKey(tenant: string, dataKeyId: string, wrappedByHint?: string): Promise<DataKey> {
    return this.tenantKeys.get(tenant, dataKeyId, wrappedByHint);
  }

  /** Crypto-shreds a tenant: deletes its data keys wherever they are stored; answers how many were deleted. */
  destroyTenantKeys(tenant: string): Promise<number> {
    return this.tenantKeys.destroy(tenant);
  }
}

/** Parses `id1:base64,id2:base64` (oldest first). */
export function parseKeyList(text: string, source = encryptionKeysEnv): RingKey[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const keys = entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    if (colon < 0) throw new KeyRingError(source, [`entry ${index + 1}: expected "<key id>:<base64 key>"`]);
    return { id: entry.slice(0, colon), key: entry.slice(colon + 1) };
  });
  return checkedKeys(keys, source);
}

/** Parses the key file's JSON (oldest first). */
export function parseKeyFile(text: string, source: string): RingKey[] {
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch {
    throw new KeyRingError(source, ['not valid JSON; expected { "keys": [{ "id": "...", "key": "<base64>" }] }']);
  }
  const keys = (content as Partial<KeyFileContent> | null)?.keys;
  if (!Array.isArray(keys)) throw new KeyRingError(source, ['keys: expected a list of { "id": "...", "key": "<base64>" }']);
  return checkedKeys(
    keys.map((entry: unknown) => {
      const { id, key } = (typeof entry === 'object' && entry !== null ? entry : {}) as { id?: unknown; key?: unknown };
      return { id: typeof id === 'string' ? id : '', key: typeof key === 'string' ? key : '' };
    }),
    source,
  );
}

function checkedKeys(entries: ReadonlyArray<{ id: string; key: string }>, source: string): RingKey[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const keys = entries.map(({ id, key }, index) => {
    const where = `key ${index + 1}${keyIdPattern.test(id) ? ` ("${id}")` : ''}`;
    if (!keyIdPattern.test(id)) problems.push(`${where}: the id must be 1-64 letters, digits, ".", "_" or "-"`);
    else if (seen.has(id)) problems.push(`${where}: the id is used twice`);
    seen.add(id);
    const bytes = base64Pattern.test(key) ? Buffer.from(key, 'base64') : undefined;
    if (!bytes || bytes.length !== keyBytes) problems.push(`${where}: the key must be ${keyBytes} random bytes in base64 (44 characters)`);
    return { id, key: bytes ?? Buffer.alloc(0) };
  });
  if (keys.length === 0) problems.push('no keys listed');
  if (problems.length > 0) throw new KeyRingError(source, problems);
  return keys;
}

/** Where the key file and the tenants' data keys are for this config. */
export function keyFilePath(config: LoadedConfig): string {
  return path.resolve(config.dataDirPath, config.encryption.keyFile);
}

export function tenantKeysDir(config: LoadedConfig): string {
  return path.join(path.dirname(keyFilePath(config)), 'tenants');
}

/**
 * Where this deployment keeps the tenants' wrapped data keys: with the postgres content store, the table
 * `<contentStore.table>_tenant_keys` of its database (every host of a cluster shares it); else the folder beside the
 * key file.
 */
export function tenantKeyStorage(config: LoadedConfig): DataKeyStorage {
  const { kind, url, table } = config.contentStore;
  if (kind === 'postgres' && url !== undefined) return new DataKeyTable(postgresPoolFor(url), `${table}_tenant_keys`);
  return new DataKeyFiles(tenantKeysDir(config));
}

/**
 * The ring of this deployment: TASKMASTER_ENCRYPTION_KEYS when set, else the key file. Throws a KeyRingError naming
 * both places when neither holds keys.
 */
export function loadKeyRing(config: LoadedConfig, env: NodeJS.ProcessEnv = process.env): KeyRing {
  const fromEnv = env[encryptionKeysEnv];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return new KeyRing(parseKeyList(fromEnv), tenantKeyStorage(config));
  const file = keyFilePath(config);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
    throw new KeyRingError(file, [
      `no encryption keys: ${reason}, and ${encryptionKeysEnv} is not set. ` +
        'Create the file (npm start does so for a local dev server), set the variable, or set encryption.enabled: false.',
    ]);
  }
  return new KeyRing(parseKeyFile(text, file), tenantKeyStorage(config));
}

/** A new random ring key, with an id that sorts by creation date. */
export function generateRingKey(now = new Date()): RingKey {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return { id: `k${day}-${randomBytes(3).toString('hex')}`, key: randomBytes(keyBytes) };
}

/**
 * Creates the key file with one new key when it is missing (local use: `npm start` with its own dev server):
 * directory mode 0700, file mode 0600. Returns whether it created the file. Never overwrites an existing file.
 */
export function ensureKeyFile(file: string): boolean {
  if (existsSync(file)) return false;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  chmodSync(path.dirname(file), 0o700);
  const key = generateRingKey();
  const content: KeyFileContent = { keys: [{ id: key.id, key: key.key.toString('base64'), createdAt: new Date().toISOString() }] };
  try {
    writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new KeyRingError(file, [`cannot create the key file: ${(error as Error).message}`]);
  }
  return true;
}

/** Adds a new key at the end of the key file (rotation); the old keys stay so that old payloads still decrypt. */
export function addKeyToFile(file: string, key: RingKey = generateRingKey()): RingKey {
  const text = readFileSync(file, 'utf8');
  parseKeyFile(text, file);
  const content = JSON.parse(text) as KeyFileContent;
  content.keys.push({ id: key.id, key: key.key.toString('base64'), createdAt: new Date().toISOString() });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  // Atomic on one filesystem: a reader sees the old file or the new one, never half of one.
  renameSync(temporary, file);
  return key;
}
