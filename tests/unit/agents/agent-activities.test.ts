import { builtInAgentTypes, createAgentActivities } from '../../../activities';

describe('createAgentActivities', () => {
  it('gives every built-in agent type its activities by their configured names', () => {
    const activities = createAgentActivities({ describeJob: () => Promise.resolve(undefined), now: () => new Date(0) });
    expect(Object.keys(activities)).toEqual([...builtInAgentTypes]);
    expect(Object.fromEntries(Object.entries(activities).map(([agent, fns]) => [agent, Object.keys(fns)]))).toEqual({
      reconciliation: ['reconcileStatement'],
      fraud: ['detectFraud'],
      risk: ['assessRisk'],
      evidence: ['processEvidence'],
      litigation: ['prepareCaseSummary'],
      compliance: ['monitorCompliance'],
      help: ['explainJob'],
    });
  });

  it('passes the clock to the litigation agent', async () => {
    const describeJob = () => Promise.resolve(undefined);
    const { litigation } = createAgentActivities({ describeJob, now: () => new Date(0) });
    const result = await litigation.prepareCaseSummary({ caseId: 'C', findings: [] });
    expect(result.generatedAt).toBe('1970-01-01T00:00:00.000Z');
  });
});
