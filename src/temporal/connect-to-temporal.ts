import { NativeConnection } from '@temporalio/worker';
import type { LoadedConfig } from '../config/load-config';
import { connectionOptions } from './connection-options';

/** Temporal cannot be used as configured: the message says what is wrong and what to change, in one paragraph. */
export class TemporalUnusableError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'TemporalUnusableError';
  }
}

const grpcNotFound = 5;

/**
 * The workers' connection to the configured Temporal server, once it answers and has the namespace. Nothing at
 * the address or no such namespace is a TemporalUnusableError saying so, instead of the SDK's transport dump.
 */
export async function connectToTemporal(config: LoadedConfig): Promise<NativeConnection> {
  const { address, namespace } = config.connection;
  let connection: NativeConnection;
  try {
    connection = await NativeConnection.connect(connectionOptions(config));
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'TransportError') throw error;
    throw new TemporalUnusableError(
      `cannot connect to Temporal at ${address} (${transportReason(error.message)}): start a server there, ` +
        `point connection.address (TEMPORAL_ADDRESS) at one, or set devServer.enabled: true so that npm start runs one.`,
      error,
    );
  }
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } catch (error) {
    await connection.close();
    if ((error as { code?: unknown }).code !== grpcNotFound) throw error;
    throw new TemporalUnusableError(
      `namespace ${namespace} does not exist on ${address}: create it (temporal operator namespace create ` +
        `--namespace ${namespace} --address ${address}) or set connection.namespace (TEMPORAL_NAMESPACE) to one that exists.`,
      error,
    );
  }
  return connection;
}

/** The gist of a tonic transport error, whose message is a Rust debug dump. */
function transportReason(message: string): string {
  if (/connection ?refused/i.test(message)) return 'connection refused: nothing listens there';
  if (/dns error|failed to lookup|Name or service not known/i.test(message)) return 'the host name does not resolve';
  if (/timed? ?out/i.test(message)) return 'timed out';
  if (/tls|certificate|handshake/i.test(message)) return 'TLS handshake failed';
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}
