import path from 'node:path';
import { readHistoryDir } from '../../../src/replay/history-files';
import { replayHistories } from '../../../src/replay/replay-histories';

const histories = readHistoryDir(path.resolve(__dirname, '../../histories'));

describe('recorded workflow histories (tests/histories, exported with `temporal workflow show --output json`)', () => {
  it('covers every recorded shape', () => {
    expect(histories.map((history) => history.workflowId)).toEqual([
      // The audit log's first run: two appends in one task, one later, then continue-as-new with the chain head.
      'audit-log-continued',
      'investigation-compensated',
      'investigation-completed',
      'investigation-fallback-and-skip',
      'job-canceled',
      'job-completed',
      // Both sides of a dependency wait: the job told its registered dependant, and the dependant that waited.
      'job-dependency-with-dependants',
      'job-failed-invalid-data',
      // Recorded before the sla-alert-started-outside-run patch (the alert workflows were children): guards the old path.
      'job-sla-escalated-before-alert-start-patch',
      // The shape below recorded before the sla-alerts-beside-timers patch: guards the old path of patched().
      'job-sla-escalated-before-sla-alerts-patch',
      'job-sla-escalated',
      // Warning and deadline at one instant: one alert workflow for both (the sla-warning-with-breach patch).
      'job-sla-warning-with-breach',
      // Recorded before the dependency-wait-by-signals patch (waited in the awaitJobs activity): guards the old path.
      'job-with-dependency-before-signals-patch',
      'job-with-dependency',
      // The operational alert delivery, and the ops monitor's first run (risk agent down, recovered, a job failed) up to a termination.
      'ops-alert-sent',
      'ops-monitor',
      // An alert delivered (recorded before the sla-alert-local-delivery patch) by an activity task, and by local activity.
      'sla-alert-sent-before-local-delivery-patch',
      'sla-alert-sent',
      // The warning and the breach delivered by one alert workflow.
      'sla-alerts-sent-together',
    ]);
  });

  it('all replay cleanly against the current workflow code', async () => {
    const outcomes = await replayHistories(histories, { workflowsPath: require.resolve('../../../workflows') });
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    expect(outcomes).toHaveLength(histories.length);
  });

  it('a changed workflow fails replay, with a message naming the nondeterminism and the event', async () => {
    const jobs = histories.filter((history) => history.workflowId.startsWith('job-completed'));
    const [outcome] = await replayHistories(jobs, { workflowsPath: require.resolve('../../fixtures/modified-workflows') });
    expect(outcome?.ok).toBe(false);
    expect(outcome?.error).toMatch(/DeterminismViolationError|[Nn]ondeterminism/);
    expect(outcome?.error).toMatch(/event|Event/);
  });
});
