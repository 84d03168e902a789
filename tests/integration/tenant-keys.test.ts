/**
 * Per-tenant data keys and the principal in Temporal's history, end to end on the real dev server: the jobs of two
 * tenants are encrypted (input, activity result, workflow result) under two different data keys; the started and
 * cancel-requested events name the principal (subject and tenant); destroying tenant A's data key folder
 * (crypto-shredding) makes A's payloads fail to decode with a non-retryable error naming the key, while B's still
 * decode and B's new jobs still run. The stack has a key file of its own, so the shredding touches no other suite.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure, type Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import request from 'supertest';
import { payloadCodecsFor } from '../../src/content-store/data-converter';
import { encryptionMetadata } from '../../src/crypto/encryption-codec';
import { ensureKeyFile, keyFilePath, tenantKeysDir } from '../../src/crypto/key-ring';
import { tenantFolderName } from '../../src/crypto/tenant-keys';
import { FailureType } from '../../src/errors/failure-types';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const fixture = (file: string) => JSON.parse(readFileSync(path.resolve(__dirname, '../..', file), 'utf8')) as Record<string, unknown>;
const riskJob = fixture('tests/fixtures/jobs/RISK_ASSESSMENT.json');
const fraudJob = fixture('tests/fixtures/jobs/FRAUD_DETECTION.json');
const metadataOf = (payload: Payload | null | undefined, key: string): string =>
  Buffer.from(payload?.metadata?.[key] ?? new Uint8Array()).toString();
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

describe('tenant data keys and the principal in the history', () => {
  let stack: TestStack;
  const run = randomUUID().slice(0, 8);
  const tenantA = `acme/${run}`;
  const tenantB = `globex-${run}`;
  const bearer: Record<'a' | 'b', string> = { a: '', b: '' };
  const as = (who: 'a' | 'b') => ({
    get: (url: string) => request(stack.app).get(url).set('Authorization', bearer[who]),
    post: (url: string, body: object = {}) => request(stack.app).post(url).set('Authorization', bearer[who]).send(body),
  });
  const events = async (workflowId: string): Promise<HistoryEvent[]> =>
    (await stack.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const completed = async (who: 'a' | 'b', jobId: string): Promise<Record<string, unknown>> =>
    eventually(async () => {
      const body = (await as(who).get(`/v1/jobs/${jobId}`).expect(200)).body as Record<string, unknown>;
      return body.status === 'RUNNING' ? undefined : body;
    }, 60_000);

  beforeAll(async () => {
    const keyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'taskmaster-tenant-keys-')), 'keys', 'encryption-keys.json');
    ensureKeyFile(keyFile);
    stack = await startTestStack({ env: { TASKMASTER_ENCRYPTION_KEY_FILE: keyFile } });
    expect(keyFilePath(stack.config)).toBe(keyFile);
    // No fraud agent: a fraud job's step waits on its queue, so it can be cancelled while it runs.
    await stack.startWorkers({ agents: ['risk'] });
    bearer.a = `Bearer ${await stack.token({ role: 'investigator', tenant: tenantA, sub: 'ann@firm' })}`;
    bearer.b = `Bearer ${await stack.token({ role: 'investigator', tenant: tenantB, sub: 'bob@firm' })}`;
  });
  afterAll(() => stack.stop());

  let jobA: { jobId: string; workflowId: string };
  let jobB: { jobId: string; workflowId: string };

  it("encrypts each tenant's input, activity result and workflow result under its own data key", async () => {
    jobA = (await as('a').post('/v1/jobs', riskJob).expect(202)).body;
    jobB = (await as('b').post('/v1/jobs', riskJob).expect(202)).body;
    expect(await completed('a', jobA.jobId)).toMatchObject({ status: 'COMPLETED', tenant: tenantA });
    expect(await completed('b', jobB.jobId)).toMatchObject({ status: 'COMPLETED', tenant: tenantB });

    const keysOf = async (workflowId: string) => {
      const history = await events(workflowId);
      const payloads = [
        history.find((event) => event.workflowExecutionStartedEventAttributes)?.workflowExecutionStartedEventAttributes?.input
          ?.payloads?.[0],
        history.find((event) => event.activityTaskScheduledEventAttributes)?.activityTaskScheduledEventAttributes?.input?.payloads?.[0],
        history.find((event) => event.activityTaskCompletedEventAttributes)?.activityTaskCompletedEventAttributes?.result?.payloads?.[0],
        history.find((event) => event.workflowExecutionCompletedEventAttributes)?.workflowExecutionCompletedEventAttributes?.result
          ?.payloads?.[0],
      ];
      return payloads.map(
        (payload) => `${metadataOf(payload, encryptionMetadata.tenant)}|${metadataOf(payload, encryptionMetadata.dataKeyId)}`,
      );
    };
    const [inputA, ...restA] = await keysOf(jobA.workflowId);
    const [inputB, ...restB] = await keysOf(jobB.workflowId);
    expect(inputA).toMatch(new RegExp(`^${tenantA}\\|dk-`));
    expect(inputB).toMatch(new RegExp(`^${tenantB}\\|dk-`));
    expect(inputA!.split('|')[1]).not.toBe(inputB!.split('|')[1]);
    expect(restA).toEqual([inputA, inputA, inputA]);
    expect(restB).toEqual([inputB, inputB, inputB]);
  });

  it('names the principal (subject and tenant) as the identity of the start and of the cancel request', async () => {
    const started = await eventually(async () => {
      const history = await events(jobA.workflowId);
      return history.find((event) => event.workflowExecutionStartedEventAttributes)?.workflowExecutionStartedEventAttributes;
    });
    expect(started?.identity).toBe(`ann@firm (tenant ${tenantA})`);

    const waiting = (await as('a').post('/v1/jobs', fraudJob).expect(202)).body as { jobId: string; workflowId: string };
    await as('a').post(`/v1/jobs/${waiting.jobId}/cancel`).expect(202);
    expect(await completed('a', waiting.jobId)).toMatchObject({ status: 'CANCELED' });
    const history = await events(waiting.workflowId);
    const cancel = history.find((event) => event.workflowExecutionCancelRequestedEventAttributes);
    expect(cancel?.workflowExecutionCancelRequestedEventAttributes?.identity).toBe(`ann@firm (tenant ${tenantA})`);
    const start = history.find((event) => event.workflowExecutionStartedEventAttributes);
    expect(start?.workflowExecutionStartedEventAttributes?.identity).toBe(`ann@firm (tenant ${tenantA})`);
  });

  it("crypto-shredding: without tenant A's data key folder A's payloads fail naming the key; B's decode and B's jobs run", async () => {
    const inputOf = async (workflowId: string) =>
      (await events(workflowId)).find((event) => event.workflowExecutionStartedEventAttributes)!.workflowExecutionStartedEventAttributes!
        .input!.payloads![0]!;
    const payloadA = await inputOf(jobA.workflowId);
    const payloadB = await inputOf(jobB.workflowId);
    const dataKeyA = metadataOf(payloadA, encryptionMetadata.dataKeyId);
    rmSync(path.join(tenantKeysDir(stack.config), tenantFolderName(tenantA)), { recursive: true });

    // A process that starts now (a restarted worker, npm run replay, the codec server).
    const decodeFresh = async (payload: Payload): Promise<Payload> => {
      let decoded = [payload];
      for (const codec of [...payloadCodecsFor(stack.config)].reverse()) decoded = await codec.decode(decoded);
      return decoded[0]!;
    };
    const failure = await decodeFresh(payloadA).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).type).toBe(FailureType.EncryptionKeyUnavailable);
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    expect((failure as ApplicationFailure).message).toContain(`data key "${dataKeyA}" of tenant "${tenantA}"`);
    expect(metadataOf(await decodeFresh(payloadB), 'encoding')).toBe('json/plain');

    // The running facade notices too (it checks the keys it holds once a second): A's job no longer reads.
    const refused = await eventually(async () => {
      const response = await as('a').get(`/v1/jobs/${jobA.jobId}`);
      return response.status === 503 ? response : undefined;
    }, 10_000);
    expect(refused.body.error.code).toBe('ENCRYPTION_KEY_UNAVAILABLE');
    expect(refused.body.error.message).toContain(dataKeyA);
    expect(await completed('b', jobB.jobId)).toMatchObject({ status: 'COMPLETED', result: expect.anything() });
    const again = (await as('b').post('/v1/jobs', riskJob).expect(202)).body as { jobId: string };
    expect(await completed('b', again.jobId)).toMatchObject({ status: 'COMPLETED' });
  });
});
