import { Client, Connection } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import type { LoadedConfig } from '../config/load-config';
import { dataConverterFor } from '../content-store/data-converter';
import { connectionOptions } from './connection-options';

/**
 * A Temporal client for the configured namespace. Given the workers' NativeConnection, the client shares it, which
 * lets it start workflows eagerly: the first workflow task goes straight to the local orchestration worker instead
 * of through matching. Close the connection when done.
 */
export async function createTemporalClient(config: LoadedConfig, nativeConnection?: NativeConnection): Promise<Client> {
  const connection = nativeConnection ?? (await Connection.connect(connectionOptions(config)));
  return new Client({ connection, namespace: config.connection.namespace, dataConverter: dataConverterFor(config) });
}
