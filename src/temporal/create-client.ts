import { Client, Connection, type ConnectionLike, type WorkflowClientInterceptor } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { NativeConnection } from '@temporalio/worker';
import type { LoadedConfig } from '../config/load-config';
import { dataConverterFor } from '../content-store/data-converter';
import { processWorkflowTenants } from '../crypto/workflow-tenants';
import { connectionOptions } from './connection-options';
import { tenantRegistration } from './tenant-registration';

/**
 * A Temporal client for the configured namespace. Given the workers' NativeConnection, the client shares it, which
 * lets it start workflows eagerly: the first workflow task goes straight to the local orchestration worker instead
 * of through matching. Close the connection when done. Its starts register their workflow's tenant with the
 * process's codecs (tenant-registration.ts), so that each tenant's payloads are encrypted with its own data key.
 */
export async function createTemporalClient(config: LoadedConfig, nativeConnection?: NativeConnection): Promise<Client> {
  const connection = nativeConnection ?? (await Connection.connect(connectionOptions(config)));
  return new Client(temporalClientOptions(config, connection));
}

/** The options of every Taskmaster client of this deployment; `identity` names who its requests are made for. */
export function temporalClientOptions(
  config: LoadedConfig,
  connection: ConnectionLike | NativeConnection,
  identity?: string,
  /** Workflow client interceptors after the deployment's own. */
  interceptors: WorkflowClientInterceptor[] = [],
): ConstructorParameters<typeof Client>[0] {
  return {
    connection,
    namespace: config.connection.namespace,
    dataConverter: dataConverterFor(config),
    interceptors: {
      workflow: [
        tenantRegistration(processWorkflowTenants),
        // tracing.enabled: a span per start, signal, query..., whose context the workflow's header carries on.
        ...(config.tracing.enabled ? [new OpenTelemetryWorkflowClientInterceptor()] : []),
        ...interceptors,
      ],
    },
    ...(identity === undefined ? {} : { identity }),
  };
}
