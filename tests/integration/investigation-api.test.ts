import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeConfigVariant } from './harness/config-variant';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const projectRoot = path.resolve(__dirname, '../..');
const journalFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'taskmaster-investigation-api-')), 'journal.log');
const journal = (marker: string): string[] => {
  try {
    return readFileSync(journalFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes(` ${marker}`))
      .map((line) => line.split(' ').slice(0, 2).join(' '));
  } catch {
    return [];
  }
};

describe('the investigations API keeps its promises', () => {
  let stack: TestStack;

  beforeAll(async () => {
    process.env.JOURNAL_FILE = journalFile;
    const configFile = writeConfigVariant((config) => {
      config.agents!.journal = { taskQueue: 'agent-journal', module: path.join(projectRoot, 'tests/fixtures/agents/journal-agent.ts') };
      // A custom agent's actions are those its job types name.
      for (const action of ['postEntry', 'reverseEntry', 'slowPost']) {
        config.jobTypes![`JOURNAL_${action.toUpperCase()}`] = { agent: 'journal', action, retryPolicy: 'immediate' };
      }
    });
    stack = await startTestStack({ configFile });
    await stack.startWorkers({ agents: ['journal'] });
  });
  afterAll(() => stack.stop());

  const start = async (definition: Record<string, unknown>, caseId?: string): Promise<string> => {
    const response = await stack
      .http()
      .post('/v1/investigations')
      .send({ definition, ...(caseId ? { caseId } : {}) })
      .expect(202);
    return response.body.investigationId as string;
  };
  const view = async (id: string) => (await stack.http().get(`/v1/investigations/${id}`).expect(200)).body;

  it('cancels a running investigation over HTTP, and its compensation runs', async () => {
    const id = await start({
      name: 'cancel-me',
      version: 1,
      steps: [
        {
          name: 'post',
          agent: 'journal',
          action: 'postEntry',
          input: { entryId: 'CX-1' },
          compensate: { agent: 'journal', action: 'reverseEntry' },
        },
        { name: 'wait', agent: 'journal', action: 'slowPost', input: { entryId: 'CZ-2', ms: 20_000 }, dependsOn: ['post'] },
      ],
    });
    await eventually(async () =>
      (await view(id)).steps.find((step: { name: string }) => step.name === 'wait')?.state === 'RUNNING' ? true : undefined,
    );
    const canceled = await stack.http().post(`/v1/investigations/${id}/cancel`).expect(202);
    expect(canceled.body).toEqual({ investigationId: id, status: 'CANCEL_REQUESTED' });
    const closed = await eventually(async () => {
      const body = await view(id);
      return body.status === 'RUNNING' ? undefined : body;
    }, 60_000);
    expect(closed.status).toBe('CANCELED');
    expect(journal('CX-')).toEqual(['post CX-1', 'reverse CX-1']);

    const refused = await stack.http().post(`/v1/investigations/${id}/cancel`).expect(409);
    expect(refused.body.error.message).toContain('CANCELED');
    await stack.http().post('/v1/investigations/no-such-investigation/cancel').expect(404);
  });

  it('shows the attempt, last failure and next retry of a running step waiting between attempts', async () => {
    const id = await start({
      name: 'retrying',
      version: 1,
      steps: [
        {
          name: 'slow',
          agent: 'journal',
          action: 'slowPost',
          input: { entryId: 'RT-1', ms: 5_000 },
          timeout: '1s',
          retry: { initialInterval: '1m', maximumAttempts: 3 },
        },
      ],
    });
    const step = await eventually(async () => {
      const found = (await view(id)).steps.find((candidate: { name: string }) => candidate.name === 'slow');
      return found?.retry?.attempt === 2 ? found : undefined;
    }, 30_000);
    expect(step).toMatchObject({ state: 'RUNNING', attempts: 1, retry: { attempt: 2, activityState: 'SCHEDULED' } });
    expect(step.retry.lastFailure).toMatch(/timeout|timed out/i);
    const nextAttemptAt = Date.parse(step.retry.nextAttemptAt as string);
    expect(nextAttemptAt).toBeGreaterThan(Date.now());
    expect(nextAttemptAt).toBeLessThan(Date.now() + 70_000);
    await stack.http().post(`/v1/investigations/${id}/cancel`).expect(202);
  });

  it('pages the investigation list and shows each one name and state', async () => {
    const caseId = `CASE-PAGES-${Date.now()}`;
    const definition = {
      name: 'one-post',
      version: 1,
      steps: [{ name: 'post', agent: 'journal', action: 'postEntry', input: { entryId: 'PG-1' } }],
    };
    const ids = [await start(definition, caseId), await start(definition, caseId), await start(definition, caseId)];
    await eventually(async () => {
      const response = await stack.http().get(`/v1/investigations?caseId=${caseId}&status=COMPLETED`).expect(200);
      return response.body.investigations.length === 3 ? true : undefined;
    }, 60_000);
    const first = await stack.http().get(`/v1/investigations?caseId=${caseId}&pageSize=2`).expect(200);
    expect(first.body.investigations).toHaveLength(2);
    expect(first.body.nextPageToken).toEqual(expect.any(String));
    expect(first.body.investigations[0]).toMatchObject({ name: 'one-post', state: 'COMPLETED' });
    const second = await stack
      .http()
      .get(`/v1/investigations?caseId=${caseId}&pageSize=2&pageToken=${first.body.nextPageToken}`)
      .expect(200);
    const seen = [...first.body.investigations, ...second.body.investigations].map(
      (row: { investigationId: string }) => row.investigationId,
    );
    expect(seen.sort()).toEqual([...ids].sort());

    const garbage = await stack.http().get('/v1/investigations?pageToken=garbage').expect(400);
    expect(garbage.body.error.details).toEqual([expect.objectContaining({ path: 'pageToken' })]);
  });

  it('names the failing input field once, and says what is missing when neither template nor definition is sent', async () => {
    const wrongInput = await stack
      .http()
      .post('/v1/investigations')
      .send({ template: 'fraud-investigation', input: { caseId: 5 } })
      .expect(400);
    const paths = (wrongInput.body.error.details as Array<{ path: string }>).map((problem) => problem.path);
    expect(paths).toContain('input.entity');
    expect(paths.filter((problemPath) => problemPath.startsWith('input.input'))).toEqual([]);

    const neither = await stack.http().post('/v1/investigations').send({ caseId: 'CASE-1' }).expect(400);
    expect(neither.body.error.message).toContain('missing');
    expect(neither.body.error.message).not.toContain('not both');
  });
});
