/**
 * Brings up the local cluster (deploy/local-cluster) for `npm run test:cluster`: PostgreSQL, the four Temporal
 * services with mTLS, the Web UI with its codec endpoint at TASKMASTER_TEST_CODEC_PORT, and the network hosts, in a
 * temporary folder on a subnet of its own. The suites then run with TASKMASTER_TEST_CONFIG, Taskmaster's
 * configuration for that cluster (TLS, no dev server, the PostgreSQL content store, the Web UI's address), exactly
 * as against the dev server; the Web UI test serves its facade on the codec port.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { LocalCluster } from '../../../deploy/local-cluster/local-cluster';
import { writeTaskmasterConfig } from '../../../deploy/local-cluster/taskmaster-config';
import { loadConfig } from '../../../src/config/load-config';
import { ensureKeyFile, keyFilePath } from '../../../src/crypto/key-ring';
import { ensureSearchAttributes } from '../../../src/temporal/ensure-search-attributes';
import { freePort } from '../../integration/harness/free-port';
import { clusterTestOptions } from './cluster-options';

export default async function clusterSetup(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-cluster-test-'));
  const codecPort = await freePort();
  const cluster = await LocalCluster.open({
    ...clusterTestOptions,
    dir,
    log: (message) => process.stderr.write(`[cluster] ${message}\n`),
    // As `npm run cluster -- up` points it: at the facade on this machine, where the browser runs too.
    codecEndpoint: `http://127.0.0.1:${codecPort}/codec`,
  });
  await cluster.up();
  if (!cluster.webUiRunning) throw new Error('the cluster Web UI did not start (its log says why)');
  const configFile = path.join(dir, 'taskmaster.yaml');
  await writeTaskmasterConfig(cluster, path.resolve(__dirname, '../../../temporal.yaml'), configFile);
  const config = loadConfig(configFile, {});
  ensureKeyFile(keyFilePath(config));
  const connection = await cluster.connect();
  try {
    await ensureSearchAttributes(new Client({ connection, namespace: config.connection.namespace }));
  } finally {
    await connection.close();
  }
  process.env.TASKMASTER_TEST_CLUSTER_DIR = dir;
  process.env.TASKMASTER_TEST_CONFIG = configFile;
  process.env.TASKMASTER_TEST_TEMPORAL_ADDRESS = cluster.frontendAddress;
  process.env.TASKMASTER_TEST_DATA_DIR = config.dataDirPath;
  process.env.TASKMASTER_TEST_UI_URL = cluster.webUiUrl;
  process.env.TASKMASTER_TEST_CODEC_PORT = String(codecPort);
}
