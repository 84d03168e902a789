import {
  decideScaling,
  drainCandidate,
  workerUtilisation,
  type ScalingPolicy,
  type WorkerLoad,
} from '../../../src/supervision/scaling-decision';

const policy: ScalingPolicy = {
  minWorkers: 1,
  maxWorkers: 3,
  scaleUpThreshold: 0.8,
  scaleDownThreshold: 0.2,
  scaleUpBacklogAge: 30_000,
  scaleCooldown: 60_000,
};
const busy: WorkerLoad = { stepsRunning: 2, slots: 2, eventLoopUtilisation: 0.4 };
const idle: WorkerLoad = { stepsRunning: 0, slots: 2, eventLoopUtilisation: 0.01 };
const noBacklog = { backlogCount: 0, backlogAgeMs: 0, starting: 0 };

describe('decideScaling', () => {
  it('adds a worker when utilisation reaches scaleUpThreshold', () => {
    const decision = decideScaling(policy, { ...noBacklog, workers: [busy] }, {}, 1_000);
    expect(decision).toMatchObject({ action: 'up', utilisation: 1, memory: { lastChangeAt: 1_000 } });
    expect(decision.reason).toContain('scaleUpThreshold 0.8');
  });

  it('counts a busy event loop as utilisation even with free slots (CPU work)', () => {
    expect(workerUtilisation({ stepsRunning: 1, slots: 20, eventLoopUtilisation: 0.97 })).toBe(0.97);
    expect(
      decideScaling(policy, { ...noBacklog, workers: [{ stepsRunning: 1, slots: 20, eventLoopUtilisation: 0.97 }] }, {}, 0).action,
    ).toBe('up');
  });

  it('adds a worker for an old backlog whatever the utilisation', () => {
    const decision = decideScaling(policy, { starting: 0, workers: [idle], backlogCount: 5, backlogAgeMs: 31_000 }, {}, 0);
    expect(decision.action).toBe('up');
    expect(decision.reason).toBe('5 steps waiting, the oldest 31 s');
    expect(decideScaling(policy, { starting: 0, workers: [idle], backlogCount: 5, backlogAgeMs: 29_000 }, {}, 0).action).toBe('hold');
  });

  it('never goes above maxWorkers, and holds while a worker is starting', () => {
    expect(decideScaling(policy, { ...noBacklog, workers: [busy, busy, busy] }, {}, 0).action).toBe('hold');
    expect(decideScaling(policy, { ...noBacklog, workers: [busy], starting: 1 }, {}, 0)).toMatchObject({
      action: 'hold',
      reason: '1 worker(s) starting',
    });
  });

  it('restores minWorkers when a worker failed to start', () => {
    expect(decideScaling({ ...policy, minWorkers: 2 }, { ...noBacklog, workers: [idle] }, {}, 0).action).toBe('up');
  });

  it('drains a worker only after a whole cooldown of low utilisation and no backlog', () => {
    let memory = decideScaling(policy, { ...noBacklog, workers: [idle, idle] }, { lastChangeAt: 0 }, 10_000).memory;
    expect(memory.quietSince).toBe(10_000);
    const early = decideScaling(policy, { ...noBacklog, workers: [idle, idle] }, memory, 69_999);
    expect(early.action).toBe('hold');
    memory = early.memory;
    const due = decideScaling(policy, { ...noBacklog, workers: [idle, idle] }, memory, 70_000);
    expect(due.action).toBe('down');
    expect(due.memory).toEqual({ lastChangeAt: 70_000, quietSince: undefined });
  });

  it('restarts the quiet period when a backlog appears, and never drains below minWorkers', () => {
    const quiet = decideScaling(policy, { ...noBacklog, workers: [idle, idle] }, {}, 0).memory;
    const interrupted = decideScaling(policy, { starting: 0, workers: [idle, idle], backlogCount: 1, backlogAgeMs: 100 }, quiet, 30_000);
    expect(interrupted.memory.quietSince).toBeUndefined();
    expect(decideScaling(policy, { ...noBacklog, workers: [idle] }, { quietSince: 0 }, 1_000_000).action).toBe('hold');
  });

  it('waits a cooldown after a scale-up before draining', () => {
    const decision = decideScaling(policy, { ...noBacklog, workers: [idle, idle] }, { lastChangeAt: 50_000, quietSince: 0 }, 100_000);
    expect(decision.action).toBe('hold');
  });
});

describe('drainCandidate', () => {
  it('picks the worker running the fewest steps, the newest among equals', () => {
    const workers = [
      { name: 'old idle', startedAt: 1, load: idle },
      { name: 'busy', startedAt: 3, load: busy },
      { name: 'new idle', startedAt: 2, load: idle },
    ];
    expect(drainCandidate(workers)?.name).toBe('new idle');
  });
});
