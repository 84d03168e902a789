import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { orchestrationTaskQueue } from '../../src/config/task-queues';
import { whatIf } from '../../src/investigations/service/what-if';
import { writeConfigVariant } from './harness/config-variant';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const projectRoot = path.resolve(__dirname, '../..');
const journalFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'taskmaster-journal-')), 'journal.log');
const journal = (): string[] => {
  try {
    return readFileSync(journalFile, 'utf8').trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

describe('investigations against a real Temporal server', () => {
  let stack: TestStack;

  beforeAll(async () => {
    process.env.JOURNAL_FILE = journalFile;
    const configFile = writeConfigVariant((config) => {
      config.agents!.journal = {
        taskQueue: 'agent-journal',
        maxConcurrentActivities: 4,
        module: path.join(projectRoot, 'tests/fixtures/agents/journal-agent.ts'),
      };
      config.jobTypes!.JOURNAL_POST = { agent: 'journal', action: 'postEntry', timeout: '1m', retryPolicy: 'immediate' };
      config.jobTypes!.JOURNAL_REVERSE = { agent: 'journal', action: 'reverseEntry', timeout: '1m', retryPolicy: 'immediate' };
      config.jobTypes!.JOURNAL_CHECK = { agent: 'journal', action: 'checkBalance', timeout: '1m', retryPolicy: 'immediate' };
      config.jobTypes!.JOURNAL_SLOW = { agent: 'journal', action: 'slowPost', timeout: '1m', retryPolicy: 'immediate' };
    });
    stack = await startTestStack({ configFile });
    await stack.startWorkers();
  });
  afterAll(() => stack.stop());

  const start = async (body: Record<string, unknown>): Promise<string> => {
    const response = await stack.http().post('/v1/investigations').send(body).expect(202);
    expect(response.headers.location).toBe(`/v1/investigations/${response.body.investigationId}`);
    return response.body.investigationId as string;
  };
  const finished = (id: string) =>
    eventually(async () => {
      const response = await stack.http().get(`/v1/investigations/${id}`).expect(200);
      return response.body.status === 'RUNNING' ? undefined : response.body;
    }, 60_000);
  const stepOf = (investigation: { steps: Array<{ name: string }> }, name: string) =>
    investigation.steps.find((step) => step.name === name) as Record<string, any>;

  it('runs the fraud-investigation template end to end on the sample data', async () => {
    const body = JSON.parse(
      readFileSync(path.join(projectRoot, 'tests/fixtures/investigations/fraud-investigation.json'), 'utf8'),
    ) as Record<string, unknown>;
    const id = await start(body);
    const investigation = await finished(id);
    expect(investigation).toMatchObject({
      status: 'COMPLETED',
      state: 'COMPLETED',
      progress: 1,
      caseId: 'CASE-2026-001',
      priority: 'HIGH',
    });
    for (const step of ['evidence_collection', 'pattern_analysis', 'compliance_screening', 'risk_assessment', 'litigation_summary']) {
      expect(stepOf(investigation, step)).toMatchObject({ state: 'COMPLETED', attempts: 1 });
    }
    const rules = (investigation.outputs.pattern_analysis.findings as Array<{ rule: string }>).map((finding) => finding.rule);
    expect(rules).toEqual(expect.arrayContaining(['DUPLICATE_PAYMENT', 'JUST_UNDER_THRESHOLD', 'ROUND_AMOUNT', 'VELOCITY']));
    expect(investigation.outputs.litigation_summary.document).toContain('Duplicate payment');
    expect(investigation.outputs.risk_assessment.score).toBeGreaterThan(0);

    // What-if: the same investigation again on today's code finds the same thing, step by step.
    const report = await whatIf(stack.client, `investigation-${id}`, orchestrationTaskQueue(stack.config));
    expect(report.steps.map((step) => [step.step, step.after, step.differences.length])).toEqual([
      ['evidence_collection', 'COMPLETED', 0],
      ['pattern_analysis', 'COMPLETED', 0],
      ['compliance_screening', 'COMPLETED', 0],
      ['risk_assessment', 'COMPLETED', 0],
      ['litigation_summary', 'COMPLETED', 0],
    ]);
    // The summary is dated at the submission time, which the rerun shares: the same document, byte for byte.
    expect(report.steps.every((step) => step.same)).toBe(true);
    const listed = await stack.http().get('/v1/investigations?caseId=CASE-2026-001').expect(200);
    expect(listed.body.investigations.map((entry: { workflowId: string }) => entry.workflowId)).not.toContain(report.whatIf);

    const templates = await stack.http().get('/v1/templates').expect(200);
    expect(templates.body.templates.map((template: { name: string }) => template.name).sort()).toEqual([
      'bank-reconciliation',
      'compliance-review',
      'fraud-investigation',
    ]);
  });

  it('runs another template as a child workflow with use:', async () => {
    const fixture = JSON.parse(readFileSync(path.join(projectRoot, 'tests/fixtures/investigations/fraud-investigation.json'), 'utf8')) as {
      input: Record<string, unknown>;
    };
    const id = await start({
      caseId: 'CASE-2026-001',
      input: fixture.input,
      definition: {
        name: 'case-file',
        version: 1,
        steps: [
          { name: 'open_case', agent: 'journal', action: 'postEntry', input: { entryId: 'CASE-FILE-OPEN' } },
          { name: 'investigate', use: 'fraud-investigation', input: '${input}', dependsOn: ['open_case'] },
        ],
      },
    });
    const investigation = await finished(id);
    expect(investigation.status).toBe('COMPLETED');
    expect(stepOf(investigation, 'investigate')).toMatchObject({ state: 'COMPLETED', use: 'fraud-investigation' });
    const child = investigation.outputs.investigate as { name: string; outputs: Record<string, any> };
    expect(child.name).toBe('fraud-investigation');
    expect(child.outputs.litigation_summary.caseId).toBe('CASE-2026-001');
    const childDescription = await stack.client.workflow.getHandle(`investigation-${id}.investigate`).describe();
    expect(childDescription.status.name).toBe('COMPLETED');
  });

  it('runs independent steps in parallel, and skips a step whose condition is false', async () => {
    const id = await start({
      caseId: 'CASE-PAR',
      input: { skipAudit: true },
      definition: {
        name: 'parallel-posts',
        version: 1,
        steps: [
          { name: 'post_a', agent: 'journal', action: 'slowPost', input: { entryId: 'PAR-A' } },
          { name: 'post_b', agent: 'journal', action: 'slowPost', input: { entryId: 'PAR-B' } },
          {
            name: 'audit',
            agent: 'journal',
            action: 'checkBalance',
            input: { entryId: 'PAR-AUDIT' },
            when: '!input.skipAudit',
            dependsOn: ['post_a', 'post_b'],
          },
        ],
      },
    });
    const investigation = await finished(id);
    expect(investigation.status).toBe('COMPLETED');
    const a = investigation.outputs.post_a as { started: number; finished: number };
    const b = investigation.outputs.post_b as { started: number; finished: number };
    expect(a.started).toBeLessThan(b.finished);
    expect(b.started).toBeLessThan(a.finished);
    expect(stepOf(investigation, 'audit')).toMatchObject({ state: 'SKIPPED', attempts: 0 });
    expect(journal().some((line) => line.startsWith('check PAR-AUDIT'))).toBe(false);
  });

  it('succeeds through the fallback agent when a step with a fallback fails', async () => {
    const id = await start({
      definition: {
        name: 'fallback-check',
        version: 1,
        steps: [
          {
            name: 'check',
            agent: 'journal',
            action: 'checkBalance',
            input: { entryId: 'FB-1', fail: true },
            retry: 'immediate',
            onFailure: { fallback: { agent: 'journal', action: 'postEntry' } },
          },
        ],
      },
    });
    const investigation = await finished(id);
    expect(investigation.status).toBe('COMPLETED');
    expect(stepOf(investigation, 'check')).toMatchObject({ state: 'COMPLETED', via: 'fallback' });
    expect(investigation.outputs.check).toMatchObject({ entryId: 'FB-1', posted: true });
  });

  it('compensates completed steps in reverse order and fails naming the step when a step without fallback fails', async () => {
    const id = await start({
      caseId: 'CASE-SAGA',
      definition: {
        name: 'saga',
        version: 1,
        steps: [
          {
            name: 'first',
            agent: 'journal',
            action: 'postEntry',
            input: { entryId: 'SAGA-1', amount: 10 },
            compensate: { agent: 'journal', action: 'reverseEntry' },
          },
          {
            name: 'second',
            agent: 'journal',
            action: 'postEntry',
            input: { entryId: 'SAGA-2', amount: 20 },
            dependsOn: ['first'],
            compensate: { agent: 'journal', action: 'reverseEntry', input: { entryId: '${steps.second.output.entryId}' } },
          },
          { name: 'third', agent: 'journal', action: 'checkBalance', input: { entryId: 'SAGA-3', fail: true }, dependsOn: ['second'] },
          { name: 'never', agent: 'journal', action: 'postEntry', input: { entryId: 'SAGA-4' }, dependsOn: ['third'] },
        ],
      },
    });
    const investigation = await finished(id);
    expect(investigation.status).toBe('FAILED');
    expect(investigation.error).toMatchObject({ type: 'InvestigationStepFailed' });
    expect(investigation.error.message).toContain('step third failed: balance check of SAGA-3 found a difference');
    expect(stepOf(investigation, 'first').state).toBe('COMPENSATED');
    expect(stepOf(investigation, 'second').state).toBe('COMPENSATED');
    expect(stepOf(investigation, 'third').state).toBe('FAILED');
    expect(stepOf(investigation, 'never').state).toBe('PENDING');
    const saga = journal()
      .filter((line) => / SAGA-/.test(line))
      .map((line) => line.split(' ').slice(0, 2).join(' '));
    expect(saga).toEqual(['post SAGA-1', 'post SAGA-2', 'check SAGA-3', 'reverse SAGA-2', 'reverse SAGA-1']);
  });

  it('answers 400 listing every problem of a bad definition, a cycle included, before anything starts', async () => {
    const response = await stack
      .http()
      .post('/v1/investigations')
      .send({
        definition: {
          name: 'broken',
          version: 1,
          steps: [
            { name: 'a', agent: 'journal', action: 'postEntry', dependsOn: ['b'] },
            { name: 'b', agent: 'journal', action: 'postEntry', dependsOn: ['a'] },
            { name: 'c', agent: 'nobody', action: 'nothing' },
            { name: 'c', agent: 'journal', action: 'postEntry', input: { x: '${steps.ghost.output}' } },
          ],
        },
      })
      .expect(400);
    const messages = (response.body.error.details as Array<{ path: string; message: string }>)
      .map((problem) => `${problem.path}: ${problem.message}`)
      .join('\n');
    expect(messages).toMatch(/cycle/i);
    expect(messages).toMatch(/nobody/);
    expect(messages).toMatch(/duplicate|more than once|already/i);
    expect(messages).toMatch(/ghost/);
    await stack.http().post('/v1/investigations').send({ template: 'no-such-template' }).expect(400);
    await stack.http().get('/v1/investigations/unknown-id').expect(404);
  });
});
