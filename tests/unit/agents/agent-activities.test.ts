import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { agentCatalog, builtInAction, builtInActions, builtInAgentTypes, createAgentActivities } from '../../../activities';
import { createAgentActivity, defineAgentAction } from '../../../activities/agent-action';
import { FailureType } from '../../../src/errors/failure-types';
import { documentedAgentActions, quietActivityEnvironment } from './agent-test-helpers';

const noJobs = () => Promise.resolve(undefined);

describe('createAgentActivities', () => {
  it('gives every built-in agent type its activities by their configured names', () => {
    const activities = createAgentActivities({ describeJob: noJobs, now: () => new Date(0) });
    expect(Object.keys(activities)).toEqual([...builtInAgentTypes]);
    expect(Object.fromEntries(Object.entries(activities).map(([agent, fns]) => [agent, Object.keys(fns)]))).toEqual(documentedAgentActions);
  });

  it('passes the clock to the litigation agent', async () => {
    const { litigation } = createAgentActivities({ describeJob: noJobs, now: () => new Date(0) });
    const result = await litigation.prepareCaseSummary({ caseId: 'C', findings: [] });
    expect(result.generatedAt).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('the static catalog', () => {
  it('declares each action under its own agent, once, with a one-line description', () => {
    expect(Object.keys(agentCatalog)).toEqual([...builtInAgentTypes]);
    for (const [agent, actions] of Object.entries(agentCatalog)) {
      expect(actions.length).toBeGreaterThan(0);
      expect(new Set(actions.map((action) => action.name)).size).toBe(actions.length);
      for (const action of actions) {
        expect(action.agent).toBe(agent);
        expect(action.description).toMatch(/^[A-Z].{10,140}\.$/);
        expect(action.description).not.toContain('\n');
      }
    }
  });

  it('finds actions by own names only', () => {
    expect(builtInActions('fraud')?.map((action) => action.name)).toEqual(['detectFraud']);
    expect(builtInAction('fraud', 'detectFraud')?.input.safeParse({ transactions: [] }).success).toBe(true);
    expect(builtInAction('fraud', 'assessRisk')).toBeUndefined();
    expect(builtInActions('toString')).toBeUndefined();
    expect(builtInActions('__proto__')).toBeUndefined();
    expect(builtInActions('ocr')).toBeUndefined();
  });
});

describe('createAgentActivity', () => {
  const double = defineAgentAction({
    agent: 'test',
    name: 'double',
    description: 'Doubles a number.',
    input: z.strictObject({ n: z.number() }),
    run: ({ n }) => {
      if (n < 0) throw new Error('negative');
      return { doubled: 2 * n };
    },
    summarize: (result) => ({ message: 'Doubled', counts: { doubled: result.doubled } }),
  });

  it('validates, runs and logs the summary counts', async () => {
    const { run, logs } = quietActivityEnvironment();
    await expect(run(createAgentActivity(double, { describeJob: noJobs }), { n: 21 })).resolves.toEqual({ doubled: 42 });
    expect(logs.filter((entry) => entry.message === 'Doubled').map((entry) => entry.meta?.doubled)).toEqual([42]);
  });

  it('settles synchronous work as a promise: bad data and throws become rejections', async () => {
    const activity = createAgentActivity(double, { describeJob: noJobs });
    const invalid = activity({ n: 'x' });
    expect(invalid).toBeInstanceOf(Promise);
    await expect(invalid).rejects.toMatchObject({ type: FailureType.InvalidJobData, nonRetryable: true });
    await expect(invalid).rejects.toBeInstanceOf(ApplicationFailure);
    await expect(activity({ n: -1 })).rejects.toThrow('negative');
  });
});
