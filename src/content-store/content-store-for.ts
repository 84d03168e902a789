import path from 'node:path';
import type { LoadedConfig } from '../config/load-config';
import type { ContentStore, NamedObjectStore } from './content-store';
import { FileContentStore } from './file-content-store';
import { FileObjectStore } from './file-object-store';
import { PostgresContentStore } from './postgres-content-store';
import { PostgresObjectStore } from './postgres-object-store';
import { postgresPoolFor } from './postgres-pool';

const stores = new Map<string, ContentStore>();
const objectStores = new Map<string, NamedObjectStore>();

/** The PostgreSQL connection string when the configured store is PostgreSQL; undefined for the file store. */
export const postgresUrlOf = (config: LoadedConfig): string | undefined =>
  config.contentStore.kind === 'postgres' ? config.contentStore.url : undefined;

/**
 * The content store the configuration names, one per process and location: every client, worker and codec of a
 * process shares one PostgreSQL pool instead of opening its own.
 */
export function contentStoreFor(config: LoadedConfig): ContentStore {
  const { table, dir } = config.contentStore;
  const url = postgresUrlOf(config);
  const location = url !== undefined ? `postgres|${url}|${table}` : `file|${path.resolve(config.dataDirPath, dir)}`;
  let store = stores.get(location);
  if (!store) {
    store =
      url !== undefined
        ? new PostgresContentStore(postgresPoolFor(url), table)
        : new FileContentStore(path.resolve(config.dataDirPath, dir));
    stores.set(location, store);
  }
  return store;
}

/**
 * The evidence vault's objects, in the same place as the content store: `<content dir>/evidence/` with the file store,
 * the table `<contentStore.table>_evidence` with PostgreSQL, so that every host that shares the one shares the other.
 */
export function evidenceObjectsFor(config: LoadedConfig): NamedObjectStore {
  const url = postgresUrlOf(config);
  const table = `${config.contentStore.table}_evidence`;
  const dir = path.resolve(config.dataDirPath, config.contentStore.dir, 'evidence');
  const location = url !== undefined ? `postgres|${url}|${table}` : `file|${dir}`;
  let store = objectStores.get(location);
  if (!store) {
    store = url !== undefined ? new PostgresObjectStore(postgresPoolFor(url), table) : new FileObjectStore(dir);
    objectStores.set(location, store);
  }
  return store;
}
