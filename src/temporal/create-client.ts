import { Client, Connection } from '@temporalio/client';
import type { LoadedConfig } from '../config/load-config';
import { connectionOptions } from './connection-options';

/** A Temporal client for the configured namespace. Call `client.connection.close()` when done. */
export async function createTemporalClient(config: LoadedConfig): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(config));
  return new Client({ connection, namespace: config.connection.namespace });
}
