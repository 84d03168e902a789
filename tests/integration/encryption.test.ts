/**
 * Case data is encrypted end to end: after jobs of every type and an investigation, neither the dev server's SQLite
 * file nor the content store holds a planted case string, while workflow ids and search attribute values stay
 * readable (Temporal needs them, and they prove the search is not blind). Also: a key rotation, and the codec server.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Payload } from '@temporalio/common';
import { addKeyToFile, ensureKeyFile, loadKeyRing } from '../../src/crypto/key-ring';
import { encryptionMetadata } from '../../src/crypto/encryption-codec';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const projectRoot = path.resolve(__dirname, '../..');
const fixture = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(projectRoot, file), 'utf8')) as Record<string, unknown>;
const jobFixtures = readdirSync(path.join(projectRoot, 'tests/fixtures/jobs'))
  .filter((file) => file.endsWith('.json') && file !== 'expected.json')
  .map((file) => fixture(`tests/fixtures/jobs/${file}`));
const investigation = fixture('tests/fixtures/investigations/fraud-investigation.json');

/** Counterparties, evidence file names and job names from the fixtures: what must never be stored in clear. */
function plantedStrings(documents: unknown[]): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, key?: string): void => {
    if (Array.isArray(value)) value.forEach((item) => walk(item, key));
    else if (typeof value === 'object' && value !== null) Object.entries(value).forEach(([child, item]) => walk(item, child));
    else if (typeof value === 'string' && (key === 'counterparty' || key === 'name') && value.length >= 10) found.add(value);
  };
  documents.forEach((document) => walk(document));
  return [...found];
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
const toRemote = (payload: Payload) => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
  data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
});
const metadataOf = (payload: Payload | undefined, key: string): string =>
  Buffer.from(payload?.metadata?.[key] ?? new Uint8Array()).toString();

async function finishedJob(stack: TestStack, jobId: string): Promise<Record<string, any>> {
  return eventually(async () => {
    const response = await stack.http().get(`/v1/jobs/${jobId}`).expect(200);
    return response.body.status === 'RUNNING' ? undefined : (response.body as Record<string, any>);
  }, 60_000);
}

async function startedInput(stack: TestStack, workflowId: string): Promise<Payload | undefined> {
  const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [])[0];
}

describe('case data at rest', () => {
  let stack: TestStack;
  const workflowIds: string[] = [];
  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers();
  });
  afterAll(() => stack.stop());

  it('leaves no planted case string in the SQLite file or the content store, and ids and search attributes readable', async () => {
    const large = {
      type: 'FRAUD_DETECTION',
      name: 'Large screening of Quillfeather Maritime Partners',
      caseId: 'CASE-ENC-LARGE',
      data: {
        transactions: Array.from({ length: 2500 }, (_, index) => ({
          id: `TX-${String(index).padStart(5, '0')}`,
          date: '2026-02-03',
          amount: 100 + index,
          counterparty: 'Quillfeather Maritime Partners',
          description: 'Invoice payment',
        })),
      },
    };
    const jobs = [];
    for (const body of [...jobFixtures, large]) {
      const submitted = await stack.http().post('/v1/jobs').send(body).expect(202);
      jobs.push(submitted.body as { jobId: string; workflowId: string });
    }
    for (const job of jobs) {
      expect(await finishedJob(stack, job.jobId)).toMatchObject({ status: 'COMPLETED' });
      workflowIds.push(job.workflowId);
    }
    const started = await stack.http().post('/v1/investigations').send(investigation).expect(202);
    const done = await eventually(async () => {
      const response = await stack.http().get(`/v1/investigations/${started.body.investigationId}`).expect(200);
      return response.body.status === 'RUNNING' ? undefined : response.body;
    }, 60_000);
    expect(done.status).toBe('COMPLETED');
    workflowIds.push(started.body.workflowId as string);

    const planted = plantedStrings([...jobFixtures, investigation, large]);
    expect(planted).toEqual(expect.arrayContaining(['Harbour Estate Management', 'invoice-KE-9120.pdf', 'Quillfeather Maritime Partners']));
    const databaseFile = path.join(stack.config.dataDirPath, 'temporal.sqlite');
    const database = Buffer.concat(
      [databaseFile, `${databaseFile}-wal`].filter((file) => statSync(file, { throwIfNoEntry: false })).map((file) => readFileSync(file)),
    );
    const contentDir = path.join(stack.config.dataDirPath, stack.config.contentStore.dir);
    const content = filesUnder(contentDir).map((file) => readFileSync(file));
    expect(content.length).toBeGreaterThan(0);
    // Controls: what Temporal must read is still there in clear, so the search below is not blind.
    for (const workflowId of workflowIds) expect(database.includes(workflowId)).toBe(true);
    expect(database.includes('CASE-ENC-LARGE')).toBe(true);
    expect(database.includes('FRAUD_DETECTION')).toBe(true);
    const leaks = planted.filter((text) => database.includes(text) || content.some((bytes) => bytes.includes(text)));
    expect(leaks).toEqual([]);
  });

  it('is readable through the codec server the Web UI calls, which answers its preflight and refuses bad input', async () => {
    const origin = 'http://127.0.0.1:8233';
    const fraudJob = workflowIds[jobFixtures.findIndex((job) => job.type === 'FRAUD_DETECTION')]!;
    const input = await startedInput(stack, fraudJob);
    expect(metadataOf(input, 'encoding')).toBe('binary/encrypted');
    const preflight = await stack
      .http()
      .options('/codec/decode')
      .set({ Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace' })
      .expect(204);
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type, x-namespace, authorization');
    const decoded = await stack
      .http()
      .post('/codec/decode')
      .set({ Origin: origin, 'X-Namespace': stack.config.connection.namespace })
      .send({ payloads: [toRemote(input!)] })
      .expect(200);
    expect(decoded.headers['access-control-allow-origin']).toBe(origin);
    const [payload] = decoded.body.payloads as Array<{ metadata: Record<string, string>; data: string }>;
    expect(Buffer.from(payload!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
    expect(Buffer.from(payload!.data, 'base64').toString()).toContain('Harbour Estate Management');
    const bad = await stack
      .http()
      .post('/codec/decode')
      .send({ payloads: [{ data: 'not base64!' }] })
      .expect(400);
    expect(bad.body.error.details).toEqual([{ path: 'payloads.0.data', message: 'expected base64' }]);
  });
});

describe('key rotation', () => {
  it('reads a job written under key 1 after key 2 is added, and writes new jobs under key 2', async () => {
    const keyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'taskmaster-rotation-')), 'keys', 'encryption-keys.json');
    ensureKeyFile(keyFile);
    const env = { TASKMASTER_ENCRYPTION_KEY_FILE: keyFile };
    const body = jobFixtures.find((job) => job.type === 'RISK_ASSESSMENT')!;

    const before = await startTestStack({ env });
    const firstKey = loadKeyRing(before.config, {}).currentKeyId;
    let first: { jobId: string; workflowId: string };
    try {
      await before.startWorkers({ agents: ['risk'] });
      first = (await before.http().post('/v1/jobs').send(body).expect(202)).body as typeof first;
      expect(await finishedJob(before, first.jobId)).toMatchObject({ status: 'COMPLETED' });
    } finally {
      await before.stop();
    }

    const secondKey = addKeyToFile(keyFile).id;
    const after = await startTestStack({ env });
    try {
      await after.startWorkers({ agents: ['risk'] });
      const old = (await after.client.workflow.getHandle(first.workflowId).result()) as { output: unknown };
      expect(old.output).toMatchObject({ entityId: 'ENT-0042', level: 'HIGH' });
      expect(metadataOf(await startedInput(after, first.workflowId), encryptionMetadata.keyId)).toBe(firstKey);
      const second = (await after.http().post('/v1/jobs').send(body).expect(202)).body as typeof first;
      expect(await finishedJob(after, second.jobId)).toMatchObject({ status: 'COMPLETED' });
      expect(metadataOf(await startedInput(after, second.workflowId), encryptionMetadata.keyId)).toBe(secondKey);
    } finally {
      await after.stop();
    }
  });
});
