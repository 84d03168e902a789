/**
 * Sign-in and roles, end to end through the real app: every /v1 route (read from the router, so that a new route
 * cannot escape) against every kind of bad token and every role; the tenant rule of submissions; the rate limit,
 * the security headers, CORS, the jwks mode against a key set served by this test, and tokens kept out of logs.
 */
import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { loadLocalSigningKey } from '../../src/auth/local-keys';
import { can, type Permission } from '../../src/auth/permissions';
import { roles } from '../../src/auth/principal';
import { mintLocalToken } from '../../src/auth/token-minting';
import type { LoadedConfig } from '../../src/config/load-config';
import { FairnessKeyAttribute } from '../../src/contracts/search-attributes';
import { jobWorkflowId } from '../../src/contracts/workflow-ids';
import { createApp } from '../../src/http/app';
import { routePermissions, routesOf, type AppRoute } from '../../src/http/route-permissions';
import { createLogger } from '../../src/logging/logger';
import { handmadeJwt, startJwksServer } from '../unit/auth/auth-test-helpers';
import { connectEvents, listenOnFreePort } from './harness/events-client';
import { startTestStack, type TestStack } from './harness/test-stack';

const riskJob = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/jobs/RISK_ASSESSMENT.json'), 'utf8')) as Record<
  string,
  unknown
>;

/** What the route matrix reads of an answer, from supertest or from a WebSocket handshake. */
interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // supertest's body: the matrix reads error.code and error.message
}

describe('sign-in and roles', () => {
  let stack: TestStack;
  let v1Routes: AppRoute[];

  let server: Server;
  let wsUrl: string;

  beforeAll(async () => {
    stack = await startTestStack();
    v1Routes = routesOf(stack.app).filter((route) => route.path.startsWith('/v1/'));
    ({ server, wsUrl } = await listenOnFreePort(stack.app));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await stack.stop();
  });

  /**
   * A request to the route with made-up ids and a body no route accepts: an allowed caller gets 200, 400 or 404,
   * never a change. GET /v1/events is a WebSocket: it gets a real handshake, and an allowed caller an upgrade (101).
   */
  const call = async (route: AppRoute, authorization?: string): Promise<Answer> => {
    if (route.method === 'GET' && route.path === '/v1/events') return handshake(authorization);
    const concrete = route.path.replace(/:agent\b/, 'fraud').replace(/:(\w+)/g, 'no-such-$1');
    const test = route.method === 'POST' ? request(stack.app).post(concrete).send({ bogus: true }) : request(stack.app).get(concrete);
    return authorization === undefined ? test : test.set('Authorization', authorization);
  };

  const handshake = async (authorization?: string): Promise<Answer> => {
    const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
    try {
      const connection = await connectEvents(wsUrl, {}, undefined, false, headers);
      connection.close();
      return { status: 101, headers: {}, body: {} };
    } catch (error) {
      const refusal = error as { status?: number; headers?: Record<string, string>; body?: unknown };
      if (refusal.status === undefined) throw error;
      return { status: refusal.status, headers: refusal.headers ?? {}, body: refusal.body ?? {} };
    }
  };

  const app = (change: (config: LoadedConfig) => LoadedConfig, logs?: Writable) =>
    createApp({
      config: change(stack.config),
      client: stack.client,
      logger: logs ? createLogger({}, 'info', logs) : createLogger({}, 'silent'),
      webUiUrl: 'http://127.0.0.1:8233',
    });

  it('knows every /v1 route of the app, and the table names no route the app lacks', () => {
    const keys = v1Routes.map((route) => `${route.method} ${route.path}`).sort();
    expect(keys).toEqual(Object.keys(routePermissions).sort());
    expect(keys.length).toBeGreaterThanOrEqual(16);
  });

  it('answers 401 with a Bearer challenge on every route for no token, forged, expired, wrong-audience and alg-none tokens', async () => {
    const auth = stack.config.auth;
    const key = await loadLocalSigningKey(stack.config.dataDirPath);
    const forger = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'mallory', roles: ['admin'], iss: 'taskmaster-local', aud: auth.audience, iat: now, exp: now + 600 };
    const token = (claimsOf: typeof auth, now?: Date) =>
      mintLocalToken(claimsOf, key, { subject: 'ann', role: 'admin', ttlMs: 60_000 }, now).then((signed) => `Bearer ${signed}`);
    const bad: Record<string, string | undefined> = {
      'no token': undefined,
      'not bearer': 'Basic YWRtaW46YWRtaW4=',
      forged: `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: key.kid }).sign(forger.privateKey)}`,
      expired: await token(auth, new Date(Date.now() - 3_600_000)),
      'wrong audience': await token({ ...auth, audience: 'another-api' }),
      'alg none': `Bearer ${handmadeJwt({ alg: 'none', typ: 'JWT' }, claims)}`,
    };
    const seen: string[] = [];
    for (const route of v1Routes) {
      for (const [kind, authorization] of Object.entries(bad)) {
        const response = await call(route, authorization);
        const challenge = response.headers['www-authenticate'] ?? '';
        const invalidToken = challenge.includes('error="invalid_token"') ? ' invalid_token' : '';
        seen.push(`${route.method} ${route.path} ${kind}: ${response.status} ${response.body?.error?.code}${invalidToken}`);
        expect(challenge).toMatch(/^Bearer realm="taskmaster"/);
        expect(Object.keys(response.body)).toEqual(['error']);
        expect(typeof response.body.error.message).toBe('string');
      }
    }
    const expected = v1Routes.flatMap((route) =>
      Object.keys(bad).map(
        (kind) => `${route.method} ${route.path} ${kind}: 401 ${kind === 'no token' ? 'UNAUTHENTICATED' : 'INVALID_TOKEN invalid_token'}`,
      ),
    );
    expect(seen).toEqual(expected);
  });

  it('answers each role 403 FORBIDDEN exactly where the table denies it, and lets it through elsewhere', async () => {
    const seen: string[] = [];
    const expected: string[] = [];
    for (const role of roles) {
      const authorization = `Bearer ${await stack.token({ role })}`;
      for (const route of v1Routes) {
        const permission: Permission = routePermissions[`${route.method} ${route.path}` as keyof typeof routePermissions];
        const response = await call(route, authorization);
        const outcome = response.status === 403 ? `403 ${response.body.error.code}` : response.status === 401 ? '401' : 'through';
        seen.push(`${role} ${route.method} ${route.path}: ${outcome}`);
        expected.push(
          `${role} ${route.method} ${route.path}: ${can({ subject: 'x', roles: [role] }, permission) ? 'through' : '403 FORBIDDEN'}`,
        );
        if (response.status === 403) {
          expect(response.body.error).toEqual({ code: 'FORBIDDEN', message: expect.stringContaining(permission), details: { permission } });
        } else {
          expect([101, 200, 400, 404]).toContain(response.status);
        }
      }
    }
    expect(seen).toEqual(expected);
    expect(seen.filter((line) => line.includes('403'))).toHaveLength(22);
  });

  it('answers a token with no known role 403 everywhere, and an unknown /v1 path 401 without a token, 404 with one', async () => {
    const key = await loadLocalSigningKey(stack.config.dataDirPath);
    const now = Math.floor(Date.now() / 1000);
    const roleless = await new SignJWT({ roles: ['superuser'] })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('eve')
      .setIssuer('taskmaster-local')
      .setAudience(stack.config.auth.audience)
      .setExpirationTime(now + 600)
      .sign(key.privateKey);
    await request(stack.app).get('/v1/templates').set('Authorization', `Bearer ${roleless}`).expect(403);
    await request(stack.app).get('/v1/nothing-here').expect(401);
    const missing = await stack.http().get('/v1/nothing-here').expect(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });

  it('lets /healthz in without a token, and sends security headers on every answer, with no CORS header', async () => {
    const answers = [
      await request(stack.app).get('/healthz'),
      await request(stack.app).get('/v1/jobs'),
      await stack.http().get('/v1/templates').expect(200),
      await stack.http().get('/v1/nothing-here'),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 200, 404]);
    for (const answer of answers) {
      expect(answer.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'content-security-policy': expect.stringContaining("default-src 'self'"),
        'strict-transport-security': expect.stringContaining('max-age='),
      });
      expect(answer.headers['x-powered-by']).toBeUndefined();
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('answers CORS for the configured origins only, preflight included', async () => {
    const withCors = app((config) => ({ ...config, http: { ...config.http, corsOrigins: ['https://console.example.com'] } }));
    const preflight = await request(withCors)
      .options('/v1/jobs')
      .set('Origin', 'https://console.example.com')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://console.example.com');
    expect(preflight.headers['access-control-allow-headers']).toBe('Authorization,Content-Type');
    const other = await request(withCors).get('/v1/jobs').set('Origin', 'https://evil.example.com').expect(401);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('limits requests per principal: 429 with Retry-After past the limit, while another principal goes on', async () => {
    const limited = app((config) => ({ ...config, auth: { ...config.auth, rateLimit: { requestsPerMinute: 3 } } }));
    const ann = `Bearer ${await stack.token({ role: 'viewer', sub: 'ann' })}`;
    const bob = `Bearer ${await stack.token({ role: 'viewer', sub: 'bob' })}`;
    for (let i = 0; i < 3; i++) await request(limited).get('/v1/templates').set('Authorization', ann).expect(200);
    const refused = await request(limited).get('/v1/templates').set('Authorization', ann).expect(429);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', details: { requestsPerMinute: 3 } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    await request(limited).get('/v1/templates').set('Authorization', bob).expect(200);
  });

  it("holds submissions to the token's tenant, and gives a body without tenant the token's", async () => {
    const acme = `Bearer ${await stack.token({ role: 'investigator', tenant: 'acme' })}`;
    const noTenant = `Bearer ${await stack.token({ role: 'investigator' })}`;
    const other = await request(stack.app)
      .post('/v1/jobs')
      .set('Authorization', acme)
      .send({ ...riskJob, tenant: 'globex' })
      .expect(403);
    expect(other.body.error).toEqual({ code: 'TENANT_FORBIDDEN', message: 'your token is for tenant "acme", not "globex"' });
    const investigation = await request(stack.app)
      .post('/v1/investigations')
      .set('Authorization', acme)
      .send({ template: 'fraud-investigation', tenant: 'globex', input: {} })
      .expect(403);
    expect(investigation.body.error.code).toBe('TENANT_FORBIDDEN');
    await request(stack.app)
      .post('/v1/jobs')
      .set('Authorization', noTenant)
      .send({ ...riskJob, tenant: 'globex' })
      .expect(403);

    const own = await request(stack.app).post('/v1/jobs').set('Authorization', acme).send(riskJob).expect(202);
    const anyTenant = await stack
      .http()
      .post('/v1/jobs')
      .send({ ...riskJob, tenant: 'globex' })
      .expect(202);
    const fairnessKey = async (jobId: string) =>
      (await stack.client.workflow.getHandle(jobWorkflowId(jobId)).describe()).typedSearchAttributes.get(FairnessKeyAttribute);
    expect(await fairnessKey(own.body.jobId as string)).toBe('acme');
    expect(await fairnessKey(anyTenant.body.jobId as string)).toBe('globex');
    for (const id of [own.body.jobId, anyTenant.body.jobId] as string[])
      await stack.client.workflow.getHandle(jobWorkflowId(id)).terminate();
  });

  it('verifies IdP tokens against its JWKS (jwks mode), with its claim names, and refuses algorithm confusion', async () => {
    const idp = await generateKeyPair('RS256');
    const jwks = await startJwksServer({ keys: [{ ...(await exportJWK(idp.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' }] });
    try {
      const issuer = 'https://idp.example.com/realms/firm';
      const jwksApp = app((config) => ({
        ...config,
        auth: { ...config.auth, mode: 'jwks', issuer, jwksUrl: jwks.url, rolesClaim: 'groups', tenantClaim: 'org' },
      }));
      const now = Math.floor(Date.now() / 1000);
      const claims = { sub: 'ann@firm', groups: ['viewer'], org: 'acme', iss: issuer, aud: stack.config.auth.audience, exp: now + 600 };
      const token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'idp-1' }).sign(idp.privateKey);
      await request(jwksApp).get('/v1/templates').set('Authorization', `Bearer ${token}`).expect(200);
      await request(jwksApp).post('/v1/jobs').set('Authorization', `Bearer ${token}`).send(riskJob).expect(403);
      const local = await stack.token({ role: 'admin' });
      await request(jwksApp).get('/v1/templates').set('Authorization', `Bearer ${local}`).expect(401);
      const unsigned = handmadeJwt({ alg: 'HS256', kid: 'idp-1' }, claims).slice(0, -1);
      const confused = `${unsigned}.${createHmac('sha256', await exportSPKI(idp.publicKey))
        .update(unsigned)
        .digest('base64url')}`;
      await request(jwksApp).get('/v1/templates').set('Authorization', `Bearer ${confused}`).expect(401);
    } finally {
      await jwks.stop();
    }
  });

  it('lets everyone in as admin when auth.enabled is false', async () => {
    const open = app((config) => ({ ...config, auth: { ...config.auth, enabled: false } }));
    await request(open).get('/v1/templates').expect(200);
    await request(open).post('/v1/replays').send({ bogus: true }).expect(400);
  });

  it('never writes a token to the log', async () => {
    const lines: string[] = [];
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logged = app((config) => config, logs);
    const token = await stack.token({ role: 'viewer' });
    await request(logged).get('/v1/templates').set('Authorization', `Bearer ${token}`).expect(200);
    await request(logged).get('/v1/templates').set('Authorization', `Bearer ${token}x`).expect(401);
    const text = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    // Request lines carry no headers at all (src/http/request-log.ts), so neither the header nor the token is there.
    expect(text.toLowerCase()).not.toContain('authorization');
    expect(text).not.toContain(token.split('.')[2] ?? 'no signature');
    expect(text).not.toContain(token.split('.')[1] ?? 'no payload');
  });
});
