/**
 * The live API's clients against a real stack: the `taskmaster` command (watch, status, submit, list, queues, sla,
 * --json, exit codes) and the runnable examples/, each run as a user runs it, in a child process.
 */
import type { Server } from 'node:http';
import { listenOnFreePort } from './harness/events-client';
import { runScript } from './harness/run-script';
import { startTestStack, type TestStack } from './harness/test-stack';

describe('the taskmaster command and the examples, against a real Temporal server', () => {
  let stack: TestStack;
  let server: Server;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers();
    const { server: listening, baseUrl } = await listenOnFreePort(stack.app);
    server = listening;
    env = { TASKMASTER_URL: baseUrl, TASKMASTER_TOKEN: await stack.token({ role: 'investigator' }), NO_COLOR: '1' };
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await stack.stop();
  });

  const taskmaster = (...args: string[]) => runScript(['src/cli/taskmaster.ts', ...args], env);

  it("watches a real investigation's steps advance to its result", async () => {
    const fixture = (await import('../fixtures/investigations/fraud-investigation.json')).default;
    const started = await taskmaster('submit', '--template', 'fraud-investigation', '--input', JSON.stringify(fixture.input), '--json');
    expect(started).toMatchObject({ code: 0 });
    const { investigationId } = JSON.parse(started.stdout) as { investigationId: string };

    const watched = await taskmaster('watch', investigationId);
    expect(watched.stderr).toBe('');
    expect(watched.code).toBe(0);
    const lines = watched.stdout.split('\n');
    for (const step of ['evidence_collection', 'pattern_analysis', 'compliance_screening', 'risk_assessment']) {
      expect(lines).toContain(`step ${step}: COMPLETED`);
    }
    // Each step is told in order of its state: never COMPLETED before it ran.
    const evidence = lines.indexOf('step evidence_collection: COMPLETED');
    expect(lines.indexOf('step risk_assessment: COMPLETED')).toBeGreaterThan(evidence);
    expect(lines).toContain(`investigation ${investigationId}: COMPLETED`);
    const result = JSON.parse(watched.stdout.slice(watched.stdout.indexOf('result:\n') + 'result:\n'.length)) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['evidence_collection', 'pattern_analysis', 'risk_assessment']));
  });

  it('prints JSON with --json, names the failing field and exits non-zero on a refusal', async () => {
    const bad = await taskmaster('submit', 'BANK_STATEMENT_PROCESSING', '--priority', 'URGENT', '--data', '{}');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/400 VALIDATION_FAILED: .*priority/);

    const missing = await taskmaster('status', 'no-such-job');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/404 NOT_FOUND/);

    const usage = await taskmaster('watch');
    expect(usage.code).toBe(2);

    const queues = await taskmaster('queues', '--json');
    expect(queues.code).toBe(0);
    expect((JSON.parse(queues.stdout) as { queues: unknown[] }).queues).toHaveLength(7);
    const sla = await taskmaster('sla', '--window', '1h', '--json');
    expect(JSON.parse(sla.stdout)).toMatchObject({ windowMs: 3_600_000 });
  });

  it('watches a job that fails to its error, with exit code 1', async () => {
    const submitted = await taskmaster('submit', 'FRAUD_DETECTION', '--data', JSON.stringify({ transactions: [] }), '--watch');
    // The fraud agent refuses an empty list (bad input is not retried): the watch ends with the job's error.
    expect(submitted.stdout).toMatch(/job \S+: (FAILED|COMPLETED)/);
    if (submitted.stdout.includes(': FAILED')) {
      expect(submitted.code).toBe(1);
      expect(submitted.stdout).toMatch(/error: /);
    } else {
      expect(submitted.code).toBe(0);
    }
  });

  it('runs examples/basic-usage.ts: submits a job and reads the system status', async () => {
    const run = await runScript(['examples/basic-usage.ts'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Job submitted: \S+ \(RUNNING\)$/m);
    expect(run.stdout).toMatch(/^System status: healthy, \d+ active jobs, 7 agents up$/m);
  });

  it('runs examples/workflow-orchestration.ts: a three-step investigation followed live to its outputs', async () => {
    const run = await runScript(['examples/workflow-orchestration.ts'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^COMPLETED 100% evidence_collection=COMPLETED pattern_analysis=COMPLETED risk_assessment=COMPLETED$/m);
    expect(run.stdout).toContain('Investigation COMPLETED');
  });

  it('runs examples/watch-case.ts: follows every job of a case until each has closed', async () => {
    const caseId = `CASE-WATCH-${Date.now()}`;
    const watching = runScript(['examples/watch-case.ts', caseId], env);
    let finished = false;
    void watching.finally(() => (finished = true));
    // The example subscribes once it has loaded; jobs of the case keep coming until it has seen one through.
    const submitted: string[] = [];
    while (!finished && submitted.length < 30) {
      const response = await stack
        .http()
        .post('/v1/jobs')
        .send({
          type: 'BANK_STATEMENT_PROCESSING',
          caseId,
          data: { statement: [{ id: 'S1', date: '2026-03-02', amount: 10, reference: 'R' }], ledger: [] },
        })
        .expect(202);
      submitted.push(response.body.jobId as string);
      await Promise.race([watching, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    }
    const run = await watching;
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(submitted.some((jobId) => run.stdout.includes(`${jobId}: COMPLETED`))).toBe(true);
    expect(run.stdout).toContain('Every job followed has closed');
  });
});
