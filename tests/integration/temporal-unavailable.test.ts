import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { mintWithLocalKey } from '../../src/auth/token-minting';
import { loadConfig } from '../../src/config/load-config';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/logging/logger';
import { freePort } from './harness/free-port';

describe('when Temporal cannot be reached', () => {
  let connection: Connection;
  let app: ReturnType<typeof createApp>;
  let authorization: string;

  beforeAll(async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const config = loadConfig(path.resolve(__dirname, '../../temporal.yaml'), {
      TEMPORAL_ADDRESS: address,
      TASKMASTER_DATA_DIR: process.env.TASKMASTER_TEST_DATA_DIR,
    });
    config.http.temporalTimeout = 2_000;
    connection = Connection.lazy({ address, connectTimeout: 1_000 });
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
    // The deadline (2 s here, http.temporalTimeout) plus the lazy connection's first connect attempt.
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('still validates input first (400), and reports itself degraded on /healthz', async () => {
    await request(app).post('/v1/jobs').set('Authorization', authorization).send({ type: 'NOPE', data: {} }).expect(400);
    await request(app).get('/healthz').expect(503, { status: 'degraded', temporal: 'unreachable' });
  });
});
