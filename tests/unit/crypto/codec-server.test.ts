import { defaultPayloadConverter } from '@temporalio/common';
import express from 'express';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { CodecService } from '../../../src/crypto/codec-service';
import { encryptionKeyUnavailable } from '../../../src/crypto/crypto-errors';
import { EncryptionCodec } from '../../../src/crypto/encryption-codec';
import { WorkflowTenants } from '../../../src/crypto/workflow-tenants';
import { ForbiddenError } from '../../../src/errors/domain-errors';
import { errorMiddleware } from '../../../src/http/error-middleware';
import { codecRouter, type CodecAuthorizer } from '../../../src/http/routes/codec-router';
import { createLogger } from '../../../src/logging/logger';
import { ring, ringKey, tempDir } from './crypto-test-helpers';

const uiOrigin = 'http://127.0.0.1:8233';
const logger = createLogger({}, 'silent');

function codecApp(authorize?: CodecAuthorizer) {
  const codec = new EncryptionCodec(ring(tempDir(), ringKey('k1')));
  const app = express();
  app.use(pinoHttp({ logger }));
  app.use('/codec', codecRouter(new CodecService([codec], 'default'), { corsOrigins: [uiOrigin], ...(authorize ? { authorize } : {}) }));
  app.use(errorMiddleware(logger));
  return { app, codec };
}

const asRemote = (value: unknown) => {
  const payload = defaultPayloadConverter.toPayload(value);
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, bytes]) => [key, Buffer.from(bytes).toString('base64')]),
    ),
    data: Buffer.from(payload.data!).toString('base64'),
  };
};

describe('the codec server (Temporal remote codec protocol)', () => {
  it('encodes and decodes what the Web UI sends, with CORS for its origin', async () => {
    const { app } = codecApp();
    const input = { counterparty: 'Blackwood Offshore Holdings' };
    const encoded = await request(app)
      .post('/codec/encode')
      .set({ Origin: uiOrigin, 'X-Namespace': 'default' })
      .send({ payloads: [asRemote(input)] })
      .expect(200);
    expect(encoded.headers['access-control-allow-origin']).toBe(uiOrigin);
    const [payload] = encoded.body.payloads as Array<{ metadata: Record<string, string>; data: string }>;
    expect(Buffer.from(payload!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(payload!.data, 'base64').toString('latin1')).not.toContain('Blackwood');

    const decoded = await request(app)
      .post('/codec/decode')
      .set({ Origin: uiOrigin, 'X-Namespace': 'default', 'Content-Type': 'application/json' })
      .send({ payloads: [payload, asRemote('plain')] })
      .expect(200);
    expect(decoded.body.payloads).toEqual([asRemote(input), asRemote('plain')]);
  });

  it("answers the Web UI's preflight, and refuses other origins", async () => {
    const { app } = codecApp();
    const preflight = await request(app)
      .options('/codec/decode')
      .set({ Origin: uiOrigin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace' })
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(uiOrigin);
    expect(preflight.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type, x-namespace, authorization');
    const other = await request(app).options('/codec/decode').set({ Origin: 'https://evil.example' }).expect(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(other.body.error.code).toBe('ORIGIN_NOT_ALLOWED');
    await request(app).post('/codec/decode').set({ Origin: 'https://evil.example' }).send({ payloads: [] }).expect(403);
  });

  it('refuses bad bodies with a 400 naming the field, and another namespace', async () => {
    const { app } = codecApp();
    const missing = await request(app).post('/codec/decode').send({}).expect(400);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: 'payloads' })]);
    const notBase64 = await request(app)
      .post('/codec/decode')
      .send({ payloads: [{ metadata: { encoding: 'json/plain!' }, data: 'e30=' }] })
      .expect(400);
    expect(notBase64.body.error.details).toEqual([{ path: 'payloads.0.metadata.encoding', message: 'expected base64' }]);
    const badData = await request(app)
      .post('/codec/encode')
      .send({ payloads: [{ data: 42 }] })
      .expect(400);
    expect(badData.body.error.details[0].path).toBe('payloads.0.data');
    await request(app).post('/codec/decode').set('Content-Type', 'application/json').send('{"payloads": [').expect(400);
    const namespace = await request(app).post('/codec/decode').set('X-Namespace', 'other').send({ payloads: [] }).expect(400);
    expect(namespace.body.error.details).toEqual([{ path: 'X-Namespace', message: 'expected "default", the namespace these keys serve' }]);
  });

  it('leaves a payload it cannot decrypt as it was, and still decodes the others', async () => {
    const { app, codec } = codecApp();
    const [foreign] = await new EncryptionCodec(ring(tempDir(), ringKey('k-other'))).encode([defaultPayloadConverter.toPayload(1)]);
    const [ours] = await codec.encode([defaultPayloadConverter.toPayload(2)]);
    const remote = [foreign!, ours!].map((payload) => ({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([key, bytes]) => [key, Buffer.from(bytes).toString('base64')]),
      ),
      data: Buffer.from(payload.data!).toString('base64'),
    }));
    const decoded = await request(app).post('/codec/decode').send({ payloads: remote }).expect(200);
    expect(decoded.body.payloads).toEqual([remote[0], asRemote(2)]);
  });

  it('asks the authorize hook first (the seam for sign-in)', async () => {
    const { app } = codecApp((req) => {
      if (req.get('authorization') !== 'Bearer good') throw new ForbiddenError('no valid token');
    });
    await request(app).post('/codec/decode').send({ payloads: [] }).expect(403);
    await request(app).post('/codec/decode').set('Authorization', 'Bearer good').send({ payloads: [] }).expect(200, { payloads: [] });
  });

  it("decodes only the payloads of the tenant scope the hook returns (a jwks user's tenant)", async () => {
    const tenants = new WorkflowTenants();
    tenants.register('job-acme', 'acme');
    tenants.register('job-globex', 'globex');
    const codec = new EncryptionCodec(ring(tempDir(), ringKey('k1')), tenants);
    const app = express();
    app.use(pinoHttp({ logger }));
    app.use(
      '/codec',
      codecRouter(new CodecService([codec], 'default'), { corsOrigins: [uiOrigin], authorize: () => ({ kind: 'tenant', tenant: 'acme' }) }),
    );
    app.use(errorMiddleware(logger));
    const encoded = async (workflowId: string, value: unknown) => {
      const [payload] = await codec.encode([defaultPayloadConverter.toPayload(value)], {
        type: 'workflow',
        namespace: 'default',
        workflowId,
      });
      return {
        metadata: Object.fromEntries(
          Object.entries(payload!.metadata ?? {}).map(([key, bytes]) => [key, Buffer.from(bytes).toString('base64')]),
        ),
        data: Buffer.from(payload!.data!).toString('base64'),
      };
    };
    const ours = await encoded('job-acme', 'acme data');
    const theirs = await encoded('job-globex', 'globex data');
    const system = await encoded('audit-log/q', 'no tenant');
    const decoded = await request(app)
      .post('/codec/decode')
      .send({ payloads: [ours, theirs, system] })
      .expect(200);
    expect(decoded.body.payloads).toEqual([asRemote('acme data'), theirs, system]);
  });
});

describe('the facade and a payload it cannot decrypt', () => {
  it('answers 503 ENCRYPTION_KEY_UNAVAILABLE naming the key, not an anonymous 500', async () => {
    const app = express();
    app.get('/job', () => {
      throw encryptionKeyUnavailable('encryption key "k-old" is not in the key ring (it holds k-new)');
    });
    app.use(errorMiddleware(logger));
    const response = await request(app).get('/job').expect(503);
    expect(response.headers['retry-after']).toBe('60');
    expect(response.body.error.code).toBe('ENCRYPTION_KEY_UNAVAILABLE');
    expect(response.body.error.message).toMatch(/encryption key "k-old" is not in the key ring/);
  });
});
