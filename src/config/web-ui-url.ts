import type { TaskmasterConfig } from './schema';

/**
 * Base URL of the Temporal Web UI that goes with the configured server, or undefined when it is not known:
 * connection.webUiUrl when set; else the dev server's UI when `npm start` manages a dev server there (started it, or
 * found one answering at the address it would use). A server Taskmaster does not manage (devServer.enabled false,
 * TLS or an API key) has no known UI: a guess would point at a port where nothing listens.
 */
export function webUiBaseUrl(config: TaskmasterConfig, startedDevServer?: { webUiUrl: string }): string | undefined {
  const { webUiUrl, tls, apiKeyEnv } = config.connection;
  if (webUiUrl !== undefined) return webUiUrl.replace(/\/+$/, '');
  if (startedDevServer) return startedDevServer.webUiUrl;
  if (!config.devServer.enabled || tls.enabled || apiKeyEnv !== undefined) return undefined;
  return `http://${config.devServer.ip}:${config.devServer.uiPort}`;
}

/** The Web UI's list of workflows in a namespace (the root URL opens the default namespace). */
export const webUiNamespaceUrl = (baseUrl: string, namespace: string): string =>
  `${baseUrl}/namespaces/${encodeURIComponent(namespace)}/workflows`;

/** The summary line about the Web UI: where it is, or how to tell Taskmaster. */
export function webUiSummaryLine(baseUrl: string | undefined, namespace: string): string {
  return baseUrl === undefined
    ? '  Temporal Web UI not known for this server: set connection.webUiUrl in temporal.yaml for links'
    : `  Temporal Web UI ${webUiNamespaceUrl(baseUrl, namespace)}`;
}
