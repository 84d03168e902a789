import path from 'node:path';
import type { LoadedConfig } from '../config/load-config';
import type { ContentStore } from './content-store';
import { FileContentStore } from './file-content-store';
import { PostgresContentStore } from './postgres-content-store';

const stores = new Map<string, ContentStore>();

/**
 * The content store the configuration names, one per process and location: every client, worker and codec of a
 * process shares one PostgreSQL pool instead of opening its own.
 */
export function contentStoreFor(config: LoadedConfig): ContentStore {
  const { kind, url, table, dir } = config.contentStore;
  const location = kind === 'postgres' && url !== undefined ? `postgres|${url}|${table}` : `file|${path.resolve(config.dataDirPath, dir)}`;
  let store = stores.get(location);
  if (!store) {
    store =
      kind === 'postgres' && url !== undefined
        ? new PostgresContentStore(url, table)
        : new FileContentStore(path.resolve(config.dataDirPath, dir));
    stores.set(location, store);
  }
  return store;
}
