/**
 * Hostile input, property-based: at least 2,000 generated requests per run to every /v1 route of the real app (read
 * from route-permissions.ts), over a real socket so that raw paths and bytes reach Express as a client sends them.
 * Wrong types, prototype keys, huge and deep values, bad encodings and path tricks, with a valid token of each role
 * or a bad one. Every answer is a 4xx with the API's error shape, or a 2xx where the input happens to be valid; never
 * a 5xx. Afterwards the service is healthy and a valid request still works.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { roles, type Role } from '../../src/auth/principal';
import { listenFacade } from '../../src/http';
import { routePermissions } from '../../src/http/route-permissions';
import { startTestStack, type TestStack } from './harness/test-stack';

const fixture = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures', file), 'utf8')) as Record<string, unknown>;

const routes = Object.keys(routePermissions).map((key) => {
  const [method = '', route = ''] = key.split(' ');
  return { method, route };
});

/** Names every JavaScript object answers to, and the ones that reach its prototype. */
const prototypeKeys = [
  'constructor',
  'valueOf',
  'toString',
  '__proto__',
  'hasOwnProperty',
  'prototype',
  'isPrototypeOf',
  '__defineGetter__',
];

/** Path segments as an attacker writes them, URL-encoded or not: traversal, NUL, broken escapes, odd characters. */
const pathTricks = [
  '..',
  '%2e%2e',
  '..%2f..%2fetc%2fpasswd',
  '%2F',
  '%00',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AE%C0%AE',
  '%FF%FE',
  ';',
  '.',
  '~',
  '*',
  'a%20b',
  '%0d%0aSet-Cookie:%20x=1',
  '\u00e9t\u00e9',
  encodeURIComponent('💥'),
  'job-',
  'investigation-x',
  'fraud',
  'replay-1',
];

const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(...prototypeKeys),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(-0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2),
);

/** A JSON value with prototype keys among its keys. */
const hostileJson = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...prototypeKeys), fc.string({ maxLength: 12 })), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const jobTypes = ['RISK_ASSESSMENT', 'FRAUD_DETECTION', 'EVIDENCE_PROCESSING', 'BANK_STATEMENT_PROCESSING', 'LITIGATION_SUPPORT'];

/** A job body close to a valid one, with one field made hostile: the checks past the first field are reached. */
const jobBody = fc
  .record({
    base: fc.constantFrom(...jobTypes.map((type) => fixture(`jobs/${type}.json`))),
    field: fc.constantFrom(
      'type',
      'priority',
      'tenant',
      'caseId',
      'data',
      'idempotencyKey',
      'dependsOn',
      'name',
      '__proto__',
      'constructor',
    ),
    value: fc.oneof(hostileJson, fc.constantFrom(...prototypeKeys)),
  })
  .map(({ base, field, value }) => {
    const body = { ...base };
    Object.defineProperty(body, field, { value, enumerable: true, writable: true, configurable: true });
    return JSON.stringify(body);
  });

/** An investigation body close to a valid one, with a hostile input field or definition. */
const investigationBody = fc
  .record({
    base: fc.constantFrom(
      ...['fraud-investigation', 'bank-reconciliation', 'compliance-review'].map((name) => fixture(`investigations/${name}.json`)),
    ),
    field: fc.constantFrom(
      'caseId',
      'entity',
      'transactions',
      'evidence',
      'watchList',
      'riskFactors',
      'statement',
      '__proto__',
      'constructor',
    ),
    value: hostileJson,
    asDefinition: fc.boolean(),
  })
  .map(({ base, field, value, asDefinition }) => {
    const input = { ...(base.input as Record<string, unknown>) };
    Object.defineProperty(input, field, { value, enumerable: true, writable: true, configurable: true });
    if (asDefinition) {
      const definition = { name: 'hostile', version: 1, steps: [{ name: field, agent: field, action: 'valueOf', input: value }] };
      return JSON.stringify({ definition, input });
    }
    return JSON.stringify({ ...base, input });
  });

/** The fixtures as they are: valid submissions, so that the property also meets the 2xx a valid input gets. */
const validBody = fc.constantFrom(
  JSON.stringify(fixture('jobs/RISK_ASSESSMENT.json')),
  JSON.stringify(fixture('investigations/fraud-investigation.json')),
);

/** Bytes no JSON parser should accept, JSON nested past any sane depth, and bodies past the size limit. */
const rawBody = (bodyLimit: number) =>
  fc.oneof(
    fc.constantFrom('', '{', '{"a":', 'null', '[]', '"x"', '1e999', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}'),
    fc.integer({ min: 100, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
    fc.integer({ min: 100, max: 20_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
    fc.constantFrom(bodyLimit + 1, 64 * 1024).map((size) => JSON.stringify({ type: 'RISK_ASSESSMENT', data: { blob: 'x'.repeat(size) } })),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
    fc.constant(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])),
    hostileJson.map((value) => JSON.stringify(value) ?? 'null'),
  );

const queryPart = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom('status', 'type', 'priority', 'caseId', 'pageSize', 'pageToken', 'window', 'query', 'action', 'subject', 'from'),
        fc.constantFrom(...prototypeKeys),
      ),
      fc.oneof(
        fc.string({ maxLength: 30 }).map(encodeURIComponent),
        fc.constantFrom(...pathTricks, ...prototypeKeys, '1', '-1', '1e9', 'x'.repeat(5_000)),
      ),
    ),
    { maxLength: 3 },
  )
  .map((pairs) => (pairs.length === 0 ? '' : '?' + pairs.map(([key, value]) => `${key}=${value}`).join('&')));

/** Path segments: tricks, prototype keys, and the ids of a real job and investigation (so that checks past the lookup run). */
const segment = (realIds: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(...realIds),
    fc.constantFrom(...pathTricks, ...prototypeKeys),
    fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
    fc.constant('x'.repeat(3_000)),
  );

type Auth = { kind: 'role'; role: Role } | { kind: 'bad'; header: string | undefined };

const hostileRequest = (bodyLimit: number, realIds: readonly string[]) =>
  fc.record({
    route: fc.constantFrom(...routes),
    params: fc.array(segment(realIds), { minLength: 3, maxLength: 3 }),
    query: queryPart,
    trailing: fc.oneof({ weight: 6, arbitrary: fc.constant('') }, fc.constantFrom('/', '/..', '/%2e%2e/jobs', '//')),
    body: fc.oneof(jobBody, investigationBody, rawBody(bodyLimit), validBody),
    contentType: fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-16', 'text/plain', undefined),
    auth: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...roles).map((role): Auth => ({ kind: 'role', role })) },
      fc.constantFrom<Auth>(
        { kind: 'bad', header: undefined },
        { kind: 'bad', header: 'Bearer ' },
        { kind: 'bad', header: 'Bearer a.b.c' },
        { kind: 'bad', header: 'Basic YWRtaW46YWRtaW4=' },
        { kind: 'bad', header: `Bearer ${'x'.repeat(8_000)}` },
      ),
    ),
  });

interface Answer {
  status: number;
  body: string;
}

describe('hostile input (property-based, every route)', () => {
  let stack: TestStack;
  let server: http.Server;
  let port: number;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const tokens = new Map<Role, string>();
  const seen = new Map<string, number>();
  const realIds: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    for (const role of roles) tokens.set(role, await stack.token({ role, tenant: role === 'admin' ? undefined : 'acme' }));
    server = await listenFacade(stack.app, '127.0.0.1', 0);
    port = (server.address() as AddressInfo).port;
    const job = await stack.http().post('/v1/jobs').send(fixture('jobs/RISK_ASSESSMENT.json')).expect(202);
    const investigation = await stack
      .http()
      .post('/v1/investigations')
      .send(fixture('investigations/fraud-investigation.json'))
      .expect(202);
    realIds.push((job.body as { jobId: string }).jobId, (investigation.body as { investigationId: string }).investigationId);
  });
  afterAll(async () => {
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
    await stack.stop();
  });

  /** One request as the bytes say, over the keep-alive agent; `path` goes on the wire unnormalised. */
  const send = (method: string, requestPath: string, headers: Record<string, string>, body?: string | Buffer): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path: requestPath, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });

  const expectErrorShapeOr2xx = (answer: Answer, what: string): void => {
    if (answer.status >= 200 && answer.status < 300) {
      expect(() => JSON.parse(answer.body) as unknown).not.toThrow();
      return;
    }
    if (answer.status < 400 || answer.status >= 500) throw new Error(`${what}: ${answer.status} ${answer.body.slice(0, 500)}`);
    let parsed: { error?: { code?: unknown; message?: unknown } } = {};
    try {
      parsed = JSON.parse(answer.body) as typeof parsed;
    } catch {
      // Reported below as a missing error shape.
    }
    if (typeof parsed.error?.code !== 'string' || typeof parsed.error.message !== 'string') {
      throw new Error(`${what}: ${answer.status} without the error shape: ${answer.body.slice(0, 500)}`);
    }
  };

  it('answers 2,000 generated hostile requests with a 4xx in the error shape (or a valid 2xx), never a 5xx', async () => {
    const bodyLimit = stack.config.http.bodyLimitBytes;
    const batch = fc.array(hostileRequest(bodyLimit, realIds), { minLength: 20, maxLength: 20 });
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(batch, async (requests) => {
        await Promise.all(
          requests.map(async (request) => {
            let params = 0;
            const concrete = request.route.route.replace(/:\w+/g, () => request.params[params++] ?? 'x');
            const requestPath = `${concrete}${request.trailing}${request.query}`;
            const headers: Record<string, string> = {};
            const authorization = request.auth.kind === 'role' ? `Bearer ${tokens.get(request.auth.role) ?? ''}` : request.auth.header;
            if (authorization !== undefined) headers.authorization = authorization;
            const body = request.route.method === 'POST' ? request.body : undefined;
            if (body !== undefined && request.contentType !== undefined) headers['content-type'] = request.contentType;
            const answer = await send(request.route.method, requestPath, headers, body);
            sent += 1;
            const key = `${request.route.method} ${request.route.route} ${answer.status}`;
            seen.set(key, (seen.get(key) ?? 0) + 1);
            expectErrorShapeOr2xx(answer, `${request.route.method} ${requestPath.slice(0, 300)}`);
          }),
        );
      }),
      // The failure's own message says which request failed; the counterexample (bodies of fixtures) is too long to read.
      {
        numRuns: 100,
        endOnFailure: true,
        reporter: (details) => {
          if (details.failed) throw new Error(`seed ${details.seed}: ${String(details.errorInstance)}`);
        },
      },
    );
    expect(sent).toBeGreaterThanOrEqual(2_000);
    // Every route was reached, and not only refused at the door: some answers got past sign-in.
    for (const { method, route } of routes) {
      const statuses = [...seen.keys()].filter((key) => key.startsWith(`${method} ${route} `));
      expect(statuses.length).toBeGreaterThan(0);
    }
    expect([...seen.keys()].some((key) => !key.endsWith(' 401'))).toBe(true);
  });

  it('is still healthy afterwards: /healthz, a list and a valid submission answer as documented', async () => {
    const admin = { authorization: `Bearer ${tokens.get('admin') ?? ''}` };
    expect((await send('GET', '/healthz', {})).status).toBe(200);
    expect((await send('GET', '/v1/jobs?pageSize=5', admin)).status).toBe(200);
    const valid = JSON.stringify(fixture('jobs/RISK_ASSESSMENT.json'));
    const submitted = await send('POST', '/v1/jobs', { ...admin, 'content-type': 'application/json' }, valid);
    expect(submitted.status).toBe(202);
  });

  it.each([
    ['POST', '/v1/jobs', { ...fixture('jobs/RISK_ASSESSMENT.json'), type: 'constructor' }, 'type'],
    ['POST', '/v1/jobs', { ...fixture('jobs/RISK_ASSESSMENT.json'), type: 'valueOf' }, 'type'],
    [
      'POST',
      '/v1/investigations',
      {
        ...fixture('investigations/fraud-investigation.json'),
        input: { ...(fixture('investigations/fraud-investigation.json').input as object), riskFactors: { adverseMedia: true } },
      },
      'input.riskFactors.adverseMedia',
    ],
  ])('%s %s names the field of a prototype key or a later step’s schema: %#', async (method, route, body, field) => {
    const admin = { authorization: `Bearer ${tokens.get('admin') ?? ''}`, 'content-type': 'application/json' };
    const answer = await send(method, route, admin, JSON.stringify(body));
    expect(answer.status).toBe(400);
    const parsed = JSON.parse(answer.body) as { error: { details?: { problems?: Array<{ path: string }> } } };
    expect(JSON.stringify(parsed.error)).toContain(`"${field}"`);
  });

  it.each(prototypeKeys.filter((key) => key !== '__proto__'))('GET /v1/queues/%s is a 404', async (name) => {
    const answer = await send('GET', `/v1/queues/${name}`, { authorization: `Bearer ${tokens.get('admin') ?? ''}` });
    expect(answer.status).toBe(404);
  });
});
