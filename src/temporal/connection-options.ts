import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { ConfigError } from '../config/config-error';
import type { LoadedConfig } from '../config/load-config';

/**
 * Connection options for the client and the workers, from temporal.yaml: plain for the dev server, TLS (mTLS or
 * an API key read from the environment) for a cluster or Temporal Cloud.
 */
export function connectionOptions(config: LoadedConfig, env: NodeJS.ProcessEnv = process.env): ConnectionOptions & NativeConnectionOptions {
  const { address, tls, apiKeyEnv } = config.connection;
  const apiKey = apiKeyEnv ? env[apiKeyEnv] : undefined;
  if (apiKeyEnv && !apiKey) {
    throw new ConfigError(config.configFile, [`connection.apiKeyEnv: the environment variable ${apiKeyEnv} is not set`]);
  }
  const read = (key: string, file: string | undefined): Buffer | undefined => {
    if (!file) return undefined;
    try {
      return readFileSync(file);
    } catch (error) {
      throw new ConfigError(config.configFile, [`connection.tls.${key}: cannot read ${file}: ${(error as Error).message}`]);
    }
  };
  const cert = read('clientCertFile', tls.clientCertFile);
  const key = read('clientKeyFile', tls.clientKeyFile);
  const serverRootCACertificate = read('serverRootCaCertFile', tls.serverRootCaCertFile);
  const useTls = tls.enabled || Boolean(apiKey);
  return {
    address,
    ...(useTls
      ? {
          tls: {
            ...(tls.serverNameOverride ? { serverNameOverride: tls.serverNameOverride } : {}),
            ...(serverRootCACertificate ? { serverRootCACertificate } : {}),
            ...(cert && key ? { clientCertPair: { crt: cert, key } } : {}),
          },
        }
      : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}
