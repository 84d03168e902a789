/**
 * Subscriber, in both of its delivery modes: the bounded queue its async iterator pulls (GraphQL subscriptions),
 * failed with SubscriberTooSlowError past its limit; and the synchronous sink GET /v1/events fans out through,
 * which hands over the very message object it is given and nothing once ended. Tenant walls and filters first.
 */
import type { LiveEvent } from '../../../src/contracts/live-events';
import type { FollowedMessage } from '../../../src/events/run-follower';
import { RunState } from '../../../src/events/run-state';
import { Subscriber } from '../../../src/events/subscriber';
import { SubscriberTooSlowError } from '../../../src/events/too-slow';

const event = (n: number): LiveEvent => ({
  type: 'job_status_update',
  cursor: `c${n}`,
  jobId: 'j1',
  workflowId: 'job-j1',
  runId: 'r1',
  status: 'RUNNING',
  progress: 0,
  estimatedCompletion: null,
  at: new Date(1_000 + n).toISOString(),
});
const noAgent = (): string | undefined => undefined;
const subscriber = (options: { tenant: string; limit?: number; sink?: (event: LiveEvent) => void }) =>
  new Subscriber(
    { caseId: 'C1' },
    { kind: 'tenant', tenant: options.tenant },
    0,
    undefined,
    options.limit ?? 10,
    noAgent,
    noAgent,
    options.sink,
  );

function run(tenant: string, caseId: string): RunState {
  const state = new RunState({ workflowId: 'job-j1', runId: 'r1', kind: 'job', id: 'j1' });
  state.tenant = tenant;
  state.caseId = caseId;
  return state;
}
const followed = (n: number): FollowedMessage => ({ event: event(n), eventId: n, atMs: 1_000 + n });

describe('Subscriber', () => {
  it('wants only the messages of its tenant and filter', () => {
    const mine = subscriber({ tenant: 'acme' });
    expect(mine.wants(run('acme', 'C1'), followed(1))).toBe(true);
    expect(mine.wants(run('globex', 'C1'), followed(1))).toBe(false);
    expect(mine.wants(run('acme', 'C2'), followed(1))).toBe(false);
  });

  it('hands each message to its sink at once, the same object, and nothing after it ended', () => {
    const received: LiveEvent[] = [];
    const direct = subscriber({ tenant: 'acme', limit: 10, sink: (message) => received.push(message) });
    const first = event(1);
    direct.push(first);
    // More than the queue's limit: a sink has no queue; the socket's owner bounds what it leaves unwritten.
    for (let n = 2; n <= 20; n++) direct.push(event(n));
    expect(received).toHaveLength(20);
    expect(received[0]).toBe(first);
    direct.end();
    direct.push(event(21));
    expect(received).toHaveLength(20);
  });

  it('queues for its iterator, and fails it with SubscriberTooSlowError past its limit', async () => {
    const queued = subscriber({ tenant: 'acme', limit: 10 });
    const abort = new AbortController();
    const messages = queued.messages(abort.signal);
    queued.push(event(1));
    expect((await messages.next()).value).toEqual(event(1));
    for (let n = 2; n <= 12; n++) queued.push(event(n));
    await expect(messages.next()).rejects.toBeInstanceOf(SubscriberTooSlowError);
  });
});
