/**
 * The who-did-what record, end to end: every write through the real app leaves one entry in the deployment's audit
 * log workflow with the caller's principal, refusals included; GET /v1/audit filters and pages it for admins only;
 * audit:verify passes on what Temporal holds, and names the record that was edited in an exported history.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import request from 'supertest';
import { temporalAuditRecorder } from '../../src/audit/audit-recorder';
import { auditRunsFromServer } from '../../src/audit/audit-sources';
import { verifyAuditRuns } from '../../src/audit/audit-verify';
import { orchestrationTaskQueue } from '../../src/config/task-queues';
import { payloadCodecsFor } from '../../src/content-store/data-converter';
import { auditLogWorkflowType, type AuditRecord } from '../../src/contracts/audit-log';
import { auditLogWorkflowId } from '../../src/contracts/workflow-ids';
import { findOrInstallTemporalCli } from '../../src/dev-server/temporal-cli';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/logging/logger';
import { freePort } from './harness/free-port';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const riskJob = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/jobs/RISK_ASSESSMENT.json'), 'utf8')) as Record<string, unknown>;
const caseId = 'AUDIT-CASE-7';

interface AuditAnswer {
  entries: AuditRecord[];
  nextPageToken?: string;
}

describe('the audit trail', () => {
  let stack: TestStack;
  let investigator: string;
  let viewer: string;
  let jobId: string;
  let workflowId: string;
  const exportDir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-audit-'));

  const audit = async (query: string): Promise<AuditAnswer> =>
    (await stack.http().get(`/v1/audit${query}`).expect(200)).body as AuditAnswer;

  beforeAll(async () => {
    stack = await startTestStack();
    // The audit log runs on the orchestration queue; the job stays queued (no agent), which is all a cancel needs.
    await stack.startWorkers({ agents: [] });
    investigator = await stack.token({ role: 'investigator', sub: 'alice@example.test' });
    viewer = await stack.token({ role: 'viewer', sub: 'victor@example.test' });
    workflowId = auditLogWorkflowId(orchestrationTaskQueue(stack.config));

    const submitted = await stack
      .http()
      .post('/v1/jobs')
      .set('Authorization', `Bearer ${investigator}`)
      .send({ ...riskJob, caseId })
      .expect(202);
    jobId = (submitted.body as { jobId: string }).jobId;
    await stack.http().post(`/v1/jobs/${jobId}/cancel`).set('Authorization', `Bearer ${investigator}`).expect(202);
    await stack.http().post('/v1/jobs').set('Authorization', `Bearer ${viewer}`).send(riskJob).expect(403);
    await stack.http().post('/v1/jobs').set('Authorization', `Bearer ${investigator}`).send({ type: 'NO_SUCH_TYPE' }).expect(400);
    await eventually(async () => ((await audit('')).entries.length >= 4 ? true : undefined));
  });
  afterAll(() => stack.stop());

  /** The one entry that matches; appends are ordered as they reach the log, which need not be the order of the answers. */
  const only = (entries: AuditRecord[], match: Partial<AuditRecord>): AuditRecord => {
    const found = entries.filter((entry) => Object.entries(match).every(([key, value]) => entry[key as keyof AuditRecord] === value));
    expect(found).toHaveLength(1);
    return found[0] as AuditRecord;
  };

  it('records each write once, with who, what, on which workflow, from where and how it ended', async () => {
    const { entries } = await audit('');
    expect(entries.map((entry) => entry.seq)).toEqual([4, 3, 2, 1]);
    const submit = only(entries, { action: 'job.submit', outcome: 'accepted' });
    expect(submit).toMatchObject({
      subject: 'alice@example.test',
      roles: ['investigator'],
      route: 'POST /v1/jobs',
      targets: [`job-${jobId}`],
      caseId,
      status: 202,
    });
    expect(submit.remoteAddress).toMatch(/127\.0\.0\.1|::1/);
    expect(submit.requestId).not.toBe('');
    expect(only(entries, { action: 'job.cancel' })).toMatchObject({
      subject: 'alice@example.test',
      targets: [`job-${jobId}`],
      outcome: 'accepted',
    });
    expect(only(entries, { status: 403 })).toMatchObject({
      subject: 'victor@example.test',
      roles: ['viewer'],
      action: 'job.submit',
      outcome: 'refused',
      code: 'FORBIDDEN',
    });
    expect(only(entries, { status: 400 })).toMatchObject({ subject: 'alice@example.test', outcome: 'refused', code: 'VALIDATION_FAILED' });
    // Ids only: nothing of the job's data is in the record.
    expect(JSON.stringify(entries)).not.toContain(JSON.stringify((riskJob as { data: unknown }).data).slice(1, 30));
  });

  it('filters by principal, case, action and time, and pages newest first without overlap', async () => {
    const all = (await audit('')).entries;
    const victor = (await audit('?principal=victor%40example.test')).entries;
    expect(victor.map((entry) => entry.seq)).toEqual([only(all, { status: 403 }).seq]);
    expect((await audit(`?caseId=${caseId}`)).entries.map((entry) => entry.action)).toEqual(['job.submit']);
    expect((await audit('?action=job.cancel')).entries.map((entry) => entry.seq)).toEqual([only(all, { action: 'job.cancel' }).seq]);
    expect((await audit('?since=2999-01-01T00:00:00Z')).entries).toEqual([]);
    expect((await audit('?until=2000-01-01T00:00:00Z')).entries).toEqual([]);
    const first = await audit('?pageSize=3');
    expect(first.entries.map((entry) => entry.seq)).toEqual([4, 3, 2]);
    expect(first.nextPageToken).toBe('2');
    const second = await audit(`?pageSize=3&pageToken=${first.nextPageToken ?? ''}`);
    expect(second).toEqual({ entries: [expect.objectContaining({ seq: 1 })] });
    const bad = await stack.http().get('/v1/audit?action=DROP%20TABLE').expect(400);
    expect(JSON.stringify(bad.body)).toContain('query.action');
  });

  it('is for admins: an investigator gets 403', async () => {
    const refused = await stack.http().get('/v1/audit').set('Authorization', `Bearer ${investigator}`).expect(403);
    expect((refused.body as { error: { code: string } }).error.code).toBe('FORBIDDEN');
  });

  it('verifies the chain Temporal holds, and names the record edited in an exported history', async () => {
    const logs = await auditRunsFromServer(stack.client, workflowId);
    expect(verifyAuditRuns(logs.get(workflowId) ?? [])).toMatchObject({ ok: true, records: expect.any(Number) });

    // Export the run as an operator would, with the Temporal CLI.
    const cli = await findOrInstallTemporalCli(stack.config.devServer.cliVersion);
    const address = process.env.TASKMASTER_TEST_TEMPORAL_ADDRESS ?? '';
    const shown = await run(cli.path, ['workflow', 'show', '-w', workflowId, '--output', 'json', '--address', address]);
    const original = path.join(exportDir, 'audit.json');
    writeFileSync(original, shown.stdout);
    const verify = (file: string) =>
      run('node', ['--import', 'tsx', 'src/cli/audit-verify.ts', '--file', file], {
        cwd: root,
        env: { ...process.env, TASKMASTER_DATA_DIR: process.env.TASKMASTER_TEST_DATA_DIR },
      }).then(
        (done) => ({ code: 0, stdout: done.stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    // And from the server, as `npm run audit:verify` runs it.
    const fromServer = await run('node', ['--import', 'tsx', 'src/cli/audit-verify.ts', '--workflow-id', workflowId], {
      cwd: root,
      env: { ...process.env, TASKMASTER_DATA_DIR: process.env.TASKMASTER_TEST_DATA_DIR, TEMPORAL_ADDRESS: address },
    });
    expect(fromServer.stdout).toMatch(new RegExp(`^OK {4}${workflowId.replace(/[.]/g, '\\.')}: \\d+ records, head \\d+ [0-9a-f]{64}`));

    const intact = await verify(original);
    expect(intact.stdout).toMatch(/^OK {4}.*: \d+ records, head \d+ [0-9a-f]{64}/);
    expect(intact.code).toBe(0);

    // Someone with the keys rewrites who made the forbidden attempt: the chain names that record.
    const forbidden = only((await audit('')).entries, { status: 403 }).seq;
    const edited = path.join(exportDir, 'audit-edited.json');
    writeFileSync(edited, await editRecord(shown.stdout, forbidden, (record) => ({ ...record, subject: 'mallory@example.test' })));
    const tampered = await verify(edited);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain(`record ${forbidden} was changed`);
    expect(tampered.stdout).toContain('by mallory@example.test');
    expect(tampered.stdout).toContain('request ');

    // Without the keys, a changed byte of the ciphertext is caught too.
    const flipped = path.join(exportDir, 'audit-flipped.json');
    writeFileSync(flipped, flipRecordByte(shown.stdout, 1));
    const broken = await verify(flipped);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('cannot be read');
  });

  type JsonPayload = { metadata?: Record<string, string>; data?: string };
  type JsonEvent = {
    workflowExecutionUpdateCompletedEventAttributes?: { outcome?: { success?: { payloads?: JsonPayload[] } } };
    markerRecordedEventAttributes?: { markerName?: string; details?: Record<string, { payloads?: JsonPayload[] }> };
  };

  /** The payloads that hold records: an update's result (one record), a batch-sealing marker's result (several). */
  const recordPayloads = (history: { events: JsonEvent[] }): JsonPayload[] =>
    history.events.flatMap((event) => {
      const marker = event.markerRecordedEventAttributes;
      const data = marker?.details?.data?.payloads?.[0]?.data;
      const sealsBatch = data !== undefined && Buffer.from(data, 'base64').toString('utf8').includes('"sealAuditEntries"');
      if (marker?.markerName === 'core_local_activity' && sealsBatch) return marker.details?.result?.payloads?.slice(0, 1) ?? [];
      return event.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads?.slice(0, 1) ?? [];
    });

  /** Decrypts the record of the given seq with the deployment's codecs, changes it, and encrypts it again. */
  async function editRecord(exported: string, seq: number, change: (record: AuditRecord) => AuditRecord): Promise<string> {
    const history = JSON.parse(exported) as { events: JsonEvent[] };
    const codecs = payloadCodecsFor(stack.config);
    for (const json of recordPayloads(history)) {
      const payload: Payload = {
        metadata: Object.fromEntries(Object.entries(json.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
        data: Buffer.from(json.data ?? '', 'base64'),
      };
      let [decoded] = [payload];
      for (const codec of [...codecs].reverse()) [decoded] = (await codec.decode([decoded])) as [Payload];
      const held = JSON.parse(Buffer.from(decoded?.data ?? new Uint8Array()).toString('utf8')) as AuditRecord | AuditRecord[];
      const records = Array.isArray(held) ? held : [held];
      if (!records.some((record) => record.seq === seq)) continue;
      const changed = records.map((record) => (record.seq === seq ? change(record) : record));
      let [encoded] = [{ ...decoded, data: Buffer.from(JSON.stringify(Array.isArray(held) ? changed : changed[0])) } as Payload];
      for (const codec of codecs) [encoded] = (await codec.encode([encoded])) as [Payload];
      json.metadata = Object.fromEntries(
        Object.entries(encoded?.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
      );
      json.data = Buffer.from(encoded?.data ?? new Uint8Array()).toString('base64');
    }
    return JSON.stringify(history);
  }

  /** Flips one bit of the n-th record payload's ciphertext. */
  function flipRecordByte(exported: string, nth: number): string {
    const history = JSON.parse(exported) as { events: JsonEvent[] };
    const json = recordPayloads(history)[nth - 1];
    if (!json?.data) throw new Error(`no record payload ${nth}`);
    const bytes = Buffer.from(json.data, 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    json.data = bytes.toString('base64');
    return JSON.stringify(history);
  }
});

describe('the audit trail across runs (continue-as-new)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers({ agents: [] });
  });
  afterAll(() => stack.stop());

  it('chains each run to the one before, lists every record, and reports a run that was removed', async () => {
    const taskQueue = orchestrationTaskQueue(stack.config);
    const workflowId = auditLogWorkflowId(taskQueue);
    // Two records per run, so that five writes span three runs.
    await stack.client.workflow.start(auditLogWorkflowType, { workflowId, taskQueue, args: [{ maxRecordsPerRun: 2 }] });
    const listed = async (count: number): Promise<AuditRecord[]> =>
      eventually(async () => {
        const { entries } = (await stack.http().get('/v1/audit').expect(200)).body as AuditAnswer;
        return entries.length === count ? entries : undefined;
      });
    // One at a time, each recorded before the next, so that the runs split exactly.
    for (let i = 0; i < 5; i++) {
      await stack.http().post(`/v1/jobs/no-such-job-${i}/cancel`).expect(404);
      await listed(i + 1);
    }
    const entries = await listed(5);
    expect(entries.map((entry) => entry.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(entries.every((entry) => entry.action === 'job.cancel' && entry.outcome === 'refused' && entry.code === 'NOT_FOUND')).toBe(true);

    const runs = await eventually(async () => {
      const found = (await auditRunsFromServer(stack.client, workflowId)).get(workflowId) ?? [];
      return found.length >= 3 && found.reduce((count, run) => count + run.records.length, 0) === 5 ? found : undefined;
    });
    expect(runs.map((run) => run.records.map((record) => record.seq))).toEqual([[1, 2], [3, 4], [5]]);
    expect(runs[1]?.startHead).toEqual({ seq: 2, hash: runs[0]?.records[1]?.hash });
    expect(verifyAuditRuns(runs)).toMatchObject({ ok: true, records: 5, head: { seq: 5 } });
    expect(verifyAuditRuns([runs[0], runs[2]].filter((run) => run !== undefined))).toMatchObject({
      ok: false,
      seq: 3,
      reason: expect.stringContaining('records were removed'),
    });
  });

  it('loses no entry when writes arrive together while a run is full and continuing as new', async () => {
    const workflowId = auditLogWorkflowId(orchestrationTaskQueue(stack.config));
    await Promise.all(Array.from({ length: 6 }, (_, i) => stack.http().post(`/v1/jobs/burst-${i}/cancel`).expect(404)));
    const runs = await eventually(async () => {
      const found = (await auditRunsFromServer(stack.client, workflowId)).get(workflowId) ?? [];
      return found.reduce((count, run) => count + run.records.length, 0) === 11 ? found : undefined;
    });
    expect(verifyAuditRuns(runs)).toMatchObject({ ok: true, records: 11, head: { seq: 11 } });
    const targets = runs.flatMap((run) => run.records.flatMap((record) => record.targets));
    for (let i = 0; i < 6; i++) expect(targets.filter((target) => target === `job-burst-${i}`)).toHaveLength(1);
  });
});

describe('the audit trail under a burst of writes, and when the log cannot take an entry', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers({ agents: [] });
  });
  afterAll(() => stack.stop());

  it('answers each write once its entry is in the log, sending the entries of a burst in a few signals', async () => {
    const workflowId = auditLogWorkflowId(orchestrationTaskQueue(stack.config));
    const burst = 30;
    // Accepted writes: only they wait for their entry (a refused one changed nothing and answers at once).
    const answers = await Promise.all(Array.from({ length: burst }, () => stack.http().post('/v1/jobs').send(riskJob)));
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: burst }, () => 202));
    const jobIds = answers.map((answer) => (answer.body as { jobId: string }).jobId);
    // Every answered write is already in the log's history, as a signal: no wait for the worker to seal it.
    const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
    const signals = (history.events ?? []).filter((event) => event.workflowExecutionSignaledEventAttributes);
    expect(signals.length).toBeGreaterThan(0);
    expect(signals.length).toBeLessThan(burst);
    const runs = await eventually(async () => {
      const found = (await auditRunsFromServer(stack.client, workflowId)).get(workflowId) ?? [];
      return found.reduce((count, run) => count + run.records.length, 0) === burst ? found : undefined;
    });
    expect(verifyAuditRuns(runs)).toMatchObject({ ok: true, records: burst, head: { seq: burst } });
    const targets = runs.flatMap((run) => run.records.flatMap((record) => record.targets));
    for (const jobId of jobIds) expect(targets.filter((target) => target === `job-${jobId}`)).toHaveLength(1);
  });

  it('answers 503 AUDIT_UNAVAILABLE with Retry-After when the log cannot take the entry', async () => {
    // The same facade, but its audit log is behind an address where nothing listens: the write itself works.
    // No client-side retries (interceptors: []): a retry of the abandoned call on a timer after close() would throw
    // an uncaught "Channel has been shut down" in whichever suite runs next.
    const unreachable = new Client({
      connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: 1_000, interceptors: [] }),
      namespace: stack.config.connection.namespace,
    });
    const app = createApp({
      config: stack.config,
      client: stack.client,
      logger: createLogger({}, 'silent'),
      webUiUrl: 'http://127.0.0.1:8233',
      auditRecorder: temporalAuditRecorder(stack.config, unreachable, undefined, { attempts: 1, redeliverIntervalMs: 600_000 }),
    });
    const admin = await stack.token({ role: 'admin' });
    const answer = await request(app).post('/v1/jobs').set('Authorization', `Bearer ${admin}`).send(riskJob).expect(503);
    expect(answer.headers['retry-after']).toBe('5');
    expect((answer.body as { error: { code: string } }).error.code).toBe('AUDIT_UNAVAILABLE');
    // A refused write changed nothing: it answers at once, whatever the log.
    await request(app).post('/v1/jobs/no-such-job/cancel').set('Authorization', `Bearer ${admin}`).expect(404);
    // GraphQL mutations keep the same promise: the job is started, but the answer says the record is not confirmed.
    const mutation = 'mutation Submit($input: JobInput!) { submitJob(input: $input) { success jobId } }';
    const graphql = await request(app)
      .post('/graphql')
      .set('Authorization', `Bearer ${admin}`)
      .send({ query: mutation, variables: { input: riskJob } })
      .expect(503);
    expect(graphql.headers['retry-after']).toBe('5');
    expect((graphql.body as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('AUDIT_UNAVAILABLE');
    const cancel = 'mutation Cancel($jobId: ID!) { cancelJob(jobId: $jobId) { id status } }';
    const refused = await request(app)
      .post('/graphql')
      .set('Authorization', `Bearer ${admin}`)
      .send({ query: cancel, variables: { jobId: 'no-such-job' } });
    expect((refused.body as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('NOT_FOUND');
    await unreachable.connection.close();
  });
});
