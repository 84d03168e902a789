import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { LocalCluster } from './local-cluster';

/**
 * Taskmaster's configuration for the cluster: the project's temporal.yaml with the connection (mTLS, no dev server)
 * and the shared content store changed, so that jobs types and classes stay as the project defines them. Workers on
 * any host of the cluster read this one file.
 */
export async function writeTaskmasterConfig(cluster: LocalCluster, sourceFile: string, targetFile: string): Promise<void> {
  const document = parseDocument(await readFile(sourceFile, 'utf8'));
  const { certificates } = cluster;
  document.setIn(['dataDir'], path.join(cluster.options.dir, 'taskmaster-data'));
  document.setIn(['connection', 'address'], cluster.frontendAddress);
  document.setIn(['connection', 'tls'], {
    enabled: true,
    serverNameOverride: certificates.frontendServerName,
    serverRootCaCertFile: certificates.caCert,
    clientCertFile: certificates.clientCert,
    clientKeyFile: certificates.clientKey,
  });
  document.setIn(['devServer', 'enabled'], false);
  // The answers' links go to the cluster's Web UI, and its origin may then call the facade's codec server (CORS).
  if (cluster.webUiRunning) document.setIn(['connection', 'webUiUrl'], cluster.webUiUrl);
  // Every worker host must read what another wrote: the cluster's PostgreSQL holds the large payloads.
  document.setIn(['contentStore', 'kind'], 'postgres');
  document.setIn(['contentStore', 'url'], cluster.contentStoreUrl);
  // The facade serves every host of the cluster, not only this machine's loopback.
  document.setIn(['http', 'host'], '0.0.0.0');
  document.commentBefore = ` Written by npm run cluster -- up for the local cluster in ${cluster.options.dir}; regenerated on each up.`;
  await writeFile(targetFile, document.toString(), { mode: 0o600 });
}
