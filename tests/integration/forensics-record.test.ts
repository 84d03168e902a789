/**
 * The verifiable record of every step, against a real Temporal server: a job's and an investigation's (with a
 * fallback and a compensation) sealed chains verify, over HTTP and with `npm run verify`; a byte changed in a stored
 * output, an event changed in an exported history and an entry rewritten (by someone holding the keys) each fail
 * verification at the step they break.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Payload } from '@temporalio/common';
import { decodeFromPayloadsAtIndex, encodeToPayload } from '@temporalio/common/lib/internal-non-workflow';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { claimCheckEncoding } from '../../src/content-store/claim-check-codec';
import { FileContentStore } from '../../src/content-store/file-content-store';
import { RecordHeadAttribute } from '../../src/contracts/search-attributes';
import type { SealedStepRecord } from '../../src/contracts/step-record';
import { writeConfigVariant } from './harness/config-variant';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const exportDir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-record-'));
process.env.JOURNAL_FILE = path.join(exportDir, 'journal.log');

type History = temporal.api.history.v1.IHistory;

describe('the step record against a real Temporal server', () => {
  let stack: TestStack;

  beforeAll(async () => {
    const configFile = writeConfigVariant((config) => {
      config.agents!.journal = {
        taskQueue: 'agent-journal',
        maxConcurrentActivities: 4,
        module: path.join(root, 'tests/fixtures/agents/journal-agent.ts'),
      };
      config.jobTypes!.JOURNAL_POST = { agent: 'journal', action: 'postEntry', timeout: '1m', retryPolicy: 'immediate' };
      config.jobTypes!.JOURNAL_REVERSE = { agent: 'journal', action: 'reverseEntry', timeout: '1m', retryPolicy: 'immediate' };
      config.jobTypes!.JOURNAL_CHECK = { agent: 'journal', action: 'checkBalance', timeout: '1m', retryPolicy: 'immediate' };
      // Every payload over 1 KiB goes to the content store, so that a step's output can be altered there.
      config.contentStore = { thresholdBytes: 1024 };
    });
    stack = await startTestStack({ configFile });
    await stack.startWorkers();
  });
  afterAll(() => stack.stop());

  const verifyCli = (target: string) =>
    run('node', ['--import', 'tsx', 'src/cli/verify.ts', target], {
      cwd: root,
      env: {
        ...process.env,
        TASKMASTER_DATA_DIR: process.env.TASKMASTER_TEST_DATA_DIR,
        TEMPORAL_ADDRESS: process.env.TASKMASTER_TEST_TEMPORAL_ADDRESS,
      },
    }).then(
      (done) => ({ code: 0, stdout: done.stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout + error.stderr }),
    );
  const converter = () => stack.client.options.loadedDataConverter;
  const eventsOf = (history: History) => history.events ?? [];
  const completedEventOf = (history: History, activityType: string) => {
    const scheduled = eventsOf(history).find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === activityType);
    return eventsOf(history).find(
      (event) => String(event.activityTaskCompletedEventAttributes?.scheduledEventId ?? '') === String(scheduled?.eventId),
    );
  };

  it("seals a job's record: its head is in the result and in visibility, and it verifies over HTTP and with npm run verify", async () => {
    const body = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/jobs/FRAUD_DETECTION.json'), 'utf8')) as Record<string, unknown>;
    const submitted = await stack.http().post('/v1/jobs').send(body).expect(202);
    const jobId = submitted.body.jobId as string;
    const job = await eventually(async () => {
      const response = await stack.http().get(`/v1/jobs/${jobId}`).expect(200);
      return response.body.status === 'RUNNING' ? undefined : (response.body as Record<string, any>);
    }, 60_000);
    expect(job.status).toBe('COMPLETED');

    const record = (await stack.http().get(`/v1/jobs/${jobId}/record`).expect(200)).body as Record<string, any>;
    expect(record).toMatchObject({ workflowId: `job-${jobId}`, sealed: true, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(
      record.entries.map((entry: Record<string, unknown>) => [
        entry.seq,
        entry.step,
        entry.role,
        entry.agent,
        entry.action,
        entry.attempt,
        entry.outcome,
      ]),
    ).toEqual([
      [0, 'submission', 'submission', 'orchestration', 'jobWorkflow', 1, 'SUBMITTED'],
      [1, 'FRAUD_DETECTION', 'primary', 'fraud', 'detectFraud', 1, 'COMPLETED'],
    ]);
    expect(record.entries[1].agentVersion).toMatch(/^taskmaster@\d+\.\d+\.\d+\+sha256:[0-9a-f]{32}$/);
    expect(record.entries[1].prevHash).toBe(record.entries[0].hash);
    expect(record.head).toBe(record.entries[1].hash);

    const handle = stack.client.workflow.getHandle(`job-${jobId}`);
    const result = (await handle.result()) as { record: { head: string; entries: number } };
    expect(result.record).toEqual({ head: record.head, entries: 2 });
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(RecordHeadAttribute)).toBe(record.head);

    expect((await stack.http().get(`/v1/jobs/${jobId}/record/verify`).expect(200)).body).toEqual({
      workflowId: `job-${jobId}`,
      runId: description.runId,
      holds: true,
      sealed: true,
      head: record.head,
      entries: 2,
    });
    const cli = await verifyCli(`job-${jobId}`);
    expect(cli.stdout).toContain(`OK    job-${jobId}: 2 entries, head ${record.head}`);
    expect(cli.code).toBe(0);

    // One byte of the step's stored output changed in the content store: verification names the step.
    const history = await handle.fetchHistory();
    const output = completedEventOf(history, 'detectFraud')?.activityTaskCompletedEventAttributes?.result?.payloads?.[0] as Payload;
    expect(new TextDecoder().decode(output.metadata?.encoding ?? new Uint8Array())).toBe(claimCheckEncoding);
    const { sha256 } = JSON.parse(new TextDecoder().decode(output.data ?? new Uint8Array())) as { sha256: string };
    const file = new FileContentStore(path.join(stack.config.dataDirPath, stack.config.contentStore.dir)).fileOf(sha256);
    const original = readFileSync(file);
    const altered = Buffer.from(original);
    altered[altered.length - 10] = (altered[altered.length - 10] ?? 0) ^ 0x01;
    writeFileSync(file, altered);
    try {
      const verdict = (await stack.http().get(`/v1/jobs/${jobId}/record/verify`).expect(200)).body as Record<string, unknown>;
      expect(verdict).toMatchObject({ holds: false, seq: 1, step: 'FRAUD_DETECTION' });
      expect(verdict.reason).toMatch(/its output \(event \d+\) cannot be read: content [0-9a-f]{64} is corrupt/);
    } finally {
      writeFileSync(file, original);
    }
    expect((await stack.http().get(`/v1/jobs/${jobId}/record/verify`).expect(200)).body.holds).toBe(true);
  });

  it('seals the record of an investigation with a fallback and a compensation, and finds a changed event or entry', async () => {
    const started = await stack
      .http()
      .post('/v1/investigations')
      .send({
        caseId: 'CASE-RECORD',
        definition: {
          name: 'record-saga',
          version: 1,
          steps: [
            {
              name: 'open',
              agent: 'journal',
              action: 'postEntry',
              input: { entryId: 'REC-1', amount: 10 },
              compensate: { agent: 'journal', action: 'reverseEntry' },
            },
            {
              name: 'check',
              agent: 'journal',
              action: 'checkBalance',
              input: { entryId: 'REC-2', fail: true },
              retry: 'immediate',
              dependsOn: ['open'],
              onFailure: { fallback: { agent: 'journal', action: 'postEntry' } },
            },
            { name: 'close', agent: 'journal', action: 'checkBalance', input: { entryId: 'REC-3', fail: true }, dependsOn: ['check'] },
          ],
        },
      });
    expect(started.status === 202 ? 202 : JSON.stringify(started.body)).toBe(202);
    const id = started.body.investigationId as string;
    const investigation = await eventually(async () => {
      const response = await stack.http().get(`/v1/investigations/${id}`).expect(200);
      return response.body.status === 'RUNNING' ? undefined : (response.body as Record<string, any>);
    }, 60_000);
    expect(investigation.status).toBe('FAILED');

    const record = (await stack.http().get(`/v1/investigations/${id}/record`).expect(200)).body as Record<string, any>;
    expect(record.sealed).toBe(true);
    expect(record.entries.map((entry: Record<string, unknown>) => [entry.step, entry.role, entry.action, entry.outcome])).toEqual([
      ['submission', 'submission', 'investigationWorkflow', 'SUBMITTED'],
      ['open', 'primary', 'postEntry', 'COMPLETED'],
      ['check', 'primary', 'checkBalance', 'FAILED'],
      ['check', 'fallback', 'postEntry', 'COMPLETED'],
      ['close', 'primary', 'checkBalance', 'FAILED'],
      ['open', 'compensate', 'reverseEntry', 'COMPLETED'],
    ]);
    const workflowId = `investigation-${id}`;
    const description = await stack.client.workflow.getHandle(workflowId).describe();
    expect(description.typedSearchAttributes.get(RecordHeadAttribute)).toBe(record.head);
    expect((await stack.http().get(`/v1/investigations/${id}/record/verify`).expect(200)).body).toMatchObject({ holds: true, entries: 6 });

    // Exported as an operator would; verified from the file with this deployment's keys.
    const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
    const exported = path.join(exportDir, `${workflowId}.json`);
    writeFileSync(exported, historyToJSON(history));
    const intact = await verifyCli(exported);
    expect(intact.stdout).toContain(`OK    ${exported}: 6 entries, head ${record.head}`);

    // One event changed: the fallback ran at attempt 3, says the edited history.
    const edited = JSON.parse(historyToJSON(history)) as { events: Array<Record<string, any>> };
    const fallbackScheduled = edited.events.find((event) => event.activityTaskScheduledEventAttributes?.activityId === 'check/fallback');
    const fallbackStarted = edited.events.find(
      (event) => String(event.activityTaskStartedEventAttributes?.scheduledEventId) === String(fallbackScheduled?.eventId),
    );
    fallbackStarted!.activityTaskStartedEventAttributes.attempt = 3;
    const editedFile = path.join(exportDir, 'edited-event.json');
    writeFileSync(editedFile, JSON.stringify(edited));
    const eventTampered = await verifyCli(editedFile);
    expect(eventTampered.code).toBe(1);
    expect(eventTampered.stdout).toContain('FAIL');
    expect(eventTampered.stdout).toContain('entry 3 (step check, fallback): the history (event');
    expect(eventTampered.stdout).toContain('gives attempt 3, the record says 1');

    // One entry rewritten by someone with the keys: the compensation's output hash, in the sealed record.
    const sealedEvent = completedEventOf(history, 'sealStepRecord');
    const payloads = sealedEvent?.activityTaskCompletedEventAttributes?.result?.payloads as Payload[];
    const sealed = await decodeFromPayloadsAtIndex<SealedStepRecord>(converter(), 0, payloads);
    sealed.chain[5] = { ...sealed.chain[5]!, outputSha256: '0'.repeat(64) };
    sealedEvent!.activityTaskCompletedEventAttributes!.result!.payloads = [await encodeToPayload(converter(), sealed)];
    const entryFile = path.join(exportDir, 'edited-entry.json');
    writeFileSync(entryFile, historyToJSON(history));
    const entryTampered = await verifyCli(entryFile);
    expect(entryTampered.code).toBe(1);
    expect(entryTampered.stdout).toContain('entry 5 (step open, compensate) was changed: its content does not match its hash');
  });

  it('answers 404 for a job of another tenant, as for an unknown one', async () => {
    const token = await stack.token({ role: 'investigator', tenant: 'other-tenant' });
    const body = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/jobs/FRAUD_DETECTION.json'), 'utf8')) as Record<string, unknown>;
    const submitted = await stack
      .http()
      .post('/v1/jobs')
      .send({ ...body, tenant: 'acme' })
      .expect(202);
    const jobId = submitted.body.jobId as string;
    await stack.http().get(`/v1/jobs/${jobId}/record`).set('Authorization', `Bearer ${token}`).expect(404);
    await stack.http().get('/v1/jobs/no-such-job/record/verify').expect(404);
  });
});
