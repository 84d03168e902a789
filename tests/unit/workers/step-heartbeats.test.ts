import { MockActivityEnvironment } from '@temporalio/testing';
import { stepHeartbeats } from '../../../workers/step-heartbeats';

/** A step that waits without heartbeating itself, as the agents' steps do. */
const waitingStep = (ms: number) => async (): Promise<string> => {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return 'done';
};

describe('step heartbeats', () => {
  it('heartbeats a step with a heartbeat timeout while it runs, and stops when it ends', async () => {
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 600 }, { interceptors: [stepHeartbeats] });
    const beats: number[] = [];
    env.on('heartbeat', () => beats.push(Date.now()));
    await expect(env.run(waitingStep(1_300))).resolves.toBe('done');
    // Every 500 ms (a third of 600, raised to the 500 ms floor) over 1.3 s.
    expect(beats.length).toBeGreaterThanOrEqual(2);
    const after = beats.length;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(beats).toHaveLength(after);
  });

  it('leaves a step without a heartbeat timeout alone', async () => {
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 0 }, { interceptors: [stepHeartbeats] });
    const beats: unknown[] = [];
    env.on('heartbeat', (details) => beats.push(details));
    await expect(env.run(waitingStep(300))).resolves.toBe('done');
    expect(beats).toHaveLength(0);
  });
});
