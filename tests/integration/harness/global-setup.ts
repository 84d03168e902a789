/**
 * Starts one real Temporal dev server for the integration suite: free ports, a temporary SQLite file and key file,
 * never the user's data dir. Test files reach it through TASKMASTER_TEST_TEMPORAL_ADDRESS and keep apart from each other by
 * task-queue prefix. Like `npm start`, its Web UI decodes payloads through a codec server: the facade's /codec on
 * TASKMASTER_TEST_CODEC_PORT, which a test that opens the Web UI (TASKMASTER_TEST_UI_URL) serves its app on.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/load-config';
import { ensureKeyFile, keyFilePath } from '../../../src/crypto/key-ring';
import { startDevServer } from '../../../src/dev-server/dev-server';
import { findOrInstallTemporalCli } from '../../../src/dev-server/temporal-cli';
import { createLogger } from '../../../src/logging/logger';
import { freePort } from './free-port';

export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-test-'));
  const grpcPort = await freePort();
  const uiPort = await freePort();
  const codecPort = await freePort();
  const config = loadConfig(path.resolve(__dirname, '../../../temporal.yaml'), {
    TASKMASTER_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: `127.0.0.1:${grpcPort}`,
    TEMPORAL_UI_PORT: String(uiPort),
  });
  config.devServer.headless = false;
  config.http.host = '127.0.0.1';
  config.http.port = codecPort;
  // Like a first `npm start`: a key ring of one key in the data dir, which every stack of the suite reads.
  ensureKeyFile(keyFilePath(config));
  const cli = await findOrInstallTemporalCli(config.devServer.cliVersion);
  const server = await startDevServer(cli.path, config, createLogger({ component: 'test-dev-server' }, 'warn'));
  process.env.TASKMASTER_TEST_TEMPORAL_ADDRESS = `127.0.0.1:${grpcPort}`;
  process.env.TASKMASTER_TEST_DATA_DIR = dataDir;
  process.env.TASKMASTER_TEST_UI_URL = `http://127.0.0.1:${uiPort}`;
  process.env.TASKMASTER_TEST_CODEC_PORT = String(codecPort);
  // The server's Prometheus endpoint (devServer.metricsPort, the first free port from it), which metrics tests scrape.
  if (server.endpoints.metricsPort !== undefined) {
    process.env.TASKMASTER_TEST_DEV_SERVER_METRICS_URL = `http://127.0.0.1:${server.endpoints.metricsPort}/metrics`;
  }
  (globalThis as { taskmasterTestServer?: typeof server }).taskmasterTestServer = server;
}
