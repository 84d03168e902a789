import Long from 'long';
import type { temporal } from '@temporalio/proto';
import { queueWaitFromHistory } from '../../../src/record/queue-wait-from-history';

type Event = temporal.api.history.v1.IHistoryEvent;
const at = (ms: number) => ({ seconds: Long.fromNumber(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 });
let nextId = 1;
const event = (ms: number, attributes: Omit<Event, 'eventId' | 'eventTime'>): Event => ({
  eventId: Long.fromNumber(nextId++),
  eventTime: at(ms),
  ...attributes,
});
const scheduled = (ms: number, taskQueue: string, activityType = 'reconcileStatement'): Event =>
  event(ms, { activityTaskScheduledEventAttributes: { taskQueue: { name: taskQueue }, activityType: { name: activityType } } });

describe('queue wait from a run history', () => {
  it("sums scheduled to started over the run's steps, leaving out the seal and the run's own queue", () => {
    nextId = 1;
    const events: Event[] = [event(0, { workflowExecutionStartedEventAttributes: { taskQueue: { name: 'orchestration' } } })];
    const step = scheduled(1_000, 'agent-reconciliation');
    const dependencyWait = scheduled(1_000, 'orchestration', 'awaitJobs');
    events.push(step, dependencyWait);
    events.push(event(1_250, { activityTaskStartedEventAttributes: { scheduledEventId: step.eventId } }));
    events.push(event(1_900, { activityTaskCompletedEventAttributes: { scheduledEventId: step.eventId } }));
    events.push(event(9_000, { activityTaskStartedEventAttributes: { scheduledEventId: dependencyWait.eventId } }));
    // An escalated step: cancelled while it waited (600 ms), scheduled again one class up, started 100 ms later.
    const waiting = scheduled(10_000, 'agent-reconciliation');
    events.push(waiting, event(10_600, { activityTaskCanceledEventAttributes: { scheduledEventId: waiting.eventId } }));
    const escalated = scheduled(10_600, 'agent-reconciliation');
    events.push(escalated, event(10_700, { activityTaskStartedEventAttributes: { scheduledEventId: escalated.eventId } }));
    const seal = scheduled(11_000, 'agent-reconciliation', 'sealStepRecord');
    events.push(seal, event(15_000, { activityTaskStartedEventAttributes: { scheduledEventId: seal.eventId } }));
    expect(queueWaitFromHistory(events)).toBe(250 + 600 + 100);
  });

  it('is 0 for a run without steps', () => {
    expect(queueWaitFromHistory([event(0, { workflowExecutionStartedEventAttributes: { taskQueue: { name: 'q' } } })])).toBe(0);
  });
});
