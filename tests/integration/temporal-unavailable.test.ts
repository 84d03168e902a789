import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import request from 'supertest';
import { mintWithLocalKey } from '../../src/auth/token-minting';
import { loadConfig } from '../../src/config/load-config';
import { ensureKeyFile, keyFilePath } from '../../src/crypto/key-ring';
import { startDevServer, type RunningDevServer } from '../../src/dev-server/dev-server';
import { findOrInstallTemporalCli } from '../../src/dev-server/temporal-cli';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/logging/logger';
import { connectionOptions } from '../../src/temporal/connection-options';
import { createTemporalClient } from '../../src/temporal/create-client';
import { freePort } from './harness/free-port';

const configFile = path.resolve(__dirname, '../../temporal.yaml');
const fraudJob = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/jobs/FRAUD_DETECTION.json'), 'utf8')) as object;

describe('when Temporal cannot be reached', () => {
  let connection: Connection;
  let app: ReturnType<typeof createApp>;
  let authorization: string;

  beforeAll(async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const config = loadConfig(configFile, {
      TEMPORAL_ADDRESS: address,
      TASKMASTER_DATA_DIR: process.env.TASKMASTER_TEST_DATA_DIR,
    });
    config.http.temporalTimeout = 2_000;
    // No client-side retries: the facade abandons calls at its timers, and grpc-js's retry interceptor would retry
    // an abandoned call on a timer after afterAll closed the channel (an uncaught "Channel has been shut down").
    connection = Connection.lazy({ address, connectTimeout: 1_000, interceptors: [] });
    const client = new Client({ connection, namespace: config.connection.namespace });
    app = createApp({ config, client, logger: createLogger({}, 'silent'), webUiUrl: 'http://127.0.0.1:8233' });
    authorization = `Bearer ${await mintWithLocalKey(config.auth, config.dataDirPath, { subject: 'test', role: 'admin', ttlMs: 600_000 })}`;
  });
  afterAll(() => connection.close());

  it('answers 503 TEMPORAL_UNAVAILABLE with Retry-After, not a hang or a 500', async () => {
    const started = Date.now();
    const response = await request(app).get('/v1/jobs/some-job').set('Authorization', authorization).expect(503);
    expect(response.body.error.code).toBe('TEMPORAL_UNAVAILABLE');
    expect(response.headers['retry-after']).toBe('5');
    // Within the deadline (2 s here, http.temporalTimeout).
    expect(Date.now() - started).toBeLessThan(2_750);
  });

  it('still validates input first (400), and reports itself degraded on /healthz', async () => {
    await request(app).post('/v1/jobs').set('Authorization', authorization).send({ type: 'NOPE', data: {} }).expect(400);
    await request(app).get('/healthz').expect(503, { status: 'degraded', temporal: 'unreachable' });
  });
});

/**
 * The connection `npm start` uses (the workers' NativeConnection, shared with the facade's client) against a dev
 * server of this file's own, which the test freezes with SIGSTOP (a hung server: the TCP connection stays open and
 * nothing answers) and then kills (connection refused).
 */
describe('when the Temporal server hangs, then dies', () => {
  const temporalTimeout = 2_000;
  /** Scheduling slack on a loaded 2-core machine: the answer comes from a timer set to temporalTimeout. */
  const margin = 750;
  let server: RunningDevServer;
  let connection: NativeConnection;
  let app: ReturnType<typeof createApp>;
  let dataDir: string;
  let jobId: string;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-hung-'));
    const config = loadConfig(configFile, {
      TASKMASTER_DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
      TEMPORAL_UI_PORT: String(await freePort()),
    });
    config.devServer.headless = true;
    config.devServer.persistence = 'memory';
    config.http.temporalTimeout = temporalTimeout;
    // What this suite checks is Temporal's availability: sign-in is another suite's, and the key ring is a first start's.
    config.auth.enabled = false;
    ensureKeyFile(keyFilePath(config));
    const cli = await findOrInstallTemporalCli(config.devServer.cliVersion);
    server = await startDevServer(cli.path, config, createLogger({}, 'silent'));
    connection = await NativeConnection.connect(connectionOptions(config));
    const client = await createTemporalClient(config, connection);
    app = createApp({ config, client, logger: createLogger({}, 'silent'), webUiUrl: 'http://127.0.0.1:8233' });
    // A real job to read back. No worker runs here, so it is terminated: reading a running job also asks its
    // workflow for progress, a query that would wait for a worker.
    const submitted = (await request(app).post('/v1/jobs').send(fraudJob).expect(202)).body as { jobId: string; workflowId: string };
    jobId = submitted.jobId;
    await client.workflow.getHandle(submitted.workflowId).terminate('read back by the test');
    await request(app).get(`/v1/jobs/${jobId}`).expect(200);
  });
  afterAll(async () => {
    if (server.process.exitCode === null && server.process.signalCode === null) server.process.kill('SIGCONT');
    await server.stop();
    await connection.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const expectUnavailableWithin = async (send: () => request.Test, ms: number): Promise<void> => {
    const started = Date.now();
    const response = await send();
    const elapsed = Date.now() - started;
    expect({ status: response.status, code: response.body?.error?.code, retryAfter: response.headers['retry-after'] }).toEqual({
      status: 503,
      code: 'TEMPORAL_UNAVAILABLE',
      retryAfter: '5',
    });
    expect(elapsed).toBeLessThan(ms);
  };
  const expectDegradedWithin = async (ms: number): Promise<void> => {
    const started = Date.now();
    await request(app).get('/healthz').expect(503, { status: 'degraded', temporal: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(ms);
  };

  it('answers 503 with Retry-After within http.temporalTimeout while the server is stopped (SIGSTOP)', async () => {
    server.process.kill('SIGSTOP');
    await expectUnavailableWithin(() => request(app).post('/v1/jobs').send(fraudJob), temporalTimeout + margin);
    await expectUnavailableWithin(() => request(app).get(`/v1/jobs/${jobId}`), temporalTimeout + margin);
    await expectDegradedWithin(2_000);
  });

  it('answers 503 with Retry-After within http.temporalTimeout once the server is gone (connection refused)', async () => {
    server.process.kill('SIGCONT');
    await server.stop();
    await expectUnavailableWithin(() => request(app).post('/v1/jobs').send(fraudJob), temporalTimeout + margin);
    await expectUnavailableWithin(() => request(app).get(`/v1/jobs/${jobId}`), temporalTimeout + margin);
    await expectDegradedWithin(2_000);
  });
});
