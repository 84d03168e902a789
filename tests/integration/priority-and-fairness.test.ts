import { writeConfigVariant } from './harness/config-variant';
import { stepEvents } from './harness/history';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const riskData = (id: string) => ({ entity: { id, name: `Entity ${id}` }, factors: { adverseMedia: 1 } });

/** Risk jobs on an agent with one activity slot, whose worker starts only after everything is queued. */
async function oneSlotStack(): Promise<TestStack> {
  const configFile = writeConfigVariant((config) => {
    (config.agents!.risk as Record<string, unknown>).maxConcurrentActivities = 1;
  });
  const stack = await startTestStack({ configFile });
  await stack.startWorkers({ agents: [] });
  return stack;
}

async function submit(stack: TestStack, body: Record<string, unknown>): Promise<string> {
  const response = await stack.http().post('/v1/jobs').send(body).expect(202);
  return response.body.workflowId as string;
}

/** Waits until every job's step is scheduled on the agent queue (so the queue holds the whole backlog). */
async function allScheduled(stack: TestStack, workflowIds: readonly string[]): Promise<void> {
  await eventually(async () => {
    const events = await Promise.all(workflowIds.map((id) => stepEvents(stack.client, id)));
    return events.every((event) => event.scheduled.length > 0) ? true : undefined;
  });
}

async function startOrder(stack: TestStack, workflowIds: readonly string[]): Promise<string[]> {
  const started = await eventually(async () => {
    const events = await Promise.all(workflowIds.map(async (id) => ({ id, events: await stepEvents(stack.client, id) })));
    return events.every(({ events: e }) => e.startedAt.length > 0) ? events : undefined;
  }, 60_000);
  return started.sort((a, b) => (a.events.startedAt[0] ?? 0) - (b.events.startedAt[0] ?? 0)).map(({ id }) => id);
}

describe('priority routing: CRITICAL overtakes a NORMAL backlog', () => {
  let stack: TestStack;
  beforeAll(async () => (stack = await oneSlotStack()));
  afterAll(() => stack.stop());

  it('starts a CRITICAL job submitted last before the backlog has drained', async () => {
    const backlog: string[] = [];
    for (let index = 0; index < 12; index++) {
      backlog.push(
        await submit(stack, { type: 'RISK_ASSESSMENT', priority: 'NORMAL', caseId: 'CASE-BACKLOG', data: riskData(`N${index}`) }),
      );
    }
    const critical = await submit(stack, { type: 'RISK_ASSESSMENT', priority: 'CRITICAL', caseId: 'CASE-URGENT', data: riskData('C1') });
    await allScheduled(stack, [...backlog, critical]);
    const criticalEvents = await stepEvents(stack.client, critical);
    expect(criticalEvents.scheduled[0]?.priorityKey).toBe(1);
    expect((await stepEvents(stack.client, backlog[0] ?? '')).scheduled[0]?.priorityKey).toBe(3);

    // The queue status comes from Temporal's DescribeTaskQueue, in total and per priority key.
    const queue = await eventually(async () => {
      const response = await stack.http().get('/v1/queues/risk').expect(200);
      return response.body.backlogCount === 13 ? response.body : undefined;
    });
    // The same names as /v1/system/status (livePollers), and every class, queued or not.
    expect(queue).toMatchObject({ agent: 'risk', livePollers: 0 });
    expect(Object.keys(queue.byPriority)).toEqual(['CRITICAL', 'HIGH', 'NORMAL', 'LOW', 'MAINTENANCE']);
    expect(queue.byPriority.CRITICAL).toMatchObject({ priorityKey: 1, backlogCount: 1 });
    expect(queue.byPriority.HIGH).toMatchObject({ priorityKey: 2, backlogCount: 0 });
    expect(queue.byPriority.NORMAL).toMatchObject({ priorityKey: 3, backlogCount: 12 });
    const critical1 = await stack.http().get('/v1/queues?priority=CRITICAL').expect(200);
    expect(critical1.body).toMatchObject({ priority: 'CRITICAL', priorityKey: 1, backlogCount: 1 });
    expect(critical1.body).toHaveProperty('backlogAgeSeconds');
    expect(critical1.body).not.toHaveProperty('oldestBacklogAgeSeconds');
    expect(critical1.body.queues.find((entry: { agent: string }) => entry.agent === 'risk')).toMatchObject({ backlogCount: 1 });
    // One agent queue, one class: ?priority= is honoured there too.
    const riskNormal = await stack.http().get('/v1/queues/risk?priority=NORMAL').expect(200);
    expect(riskNormal.body).toMatchObject({ agent: 'risk', priority: 'NORMAL', priorityKey: 3, backlogCount: 12, livePollers: 0 });
    const unknownParameter = await stack.http().get('/v1/queues?priorty=HIGH').expect(400);
    expect(unknownParameter.body.error.details).toEqual([{ path: 'query.priorty', message: 'unknown query parameter "priorty"' }]);
    await stack.http().get('/v1/queues/nope').expect(404);
    await stack.http().get('/v1/queues?priority=URGENT').expect(400);

    await stack.startWorkers({ agents: ['risk'], orchestration: false });
    const order = await startOrder(stack, [...backlog, critical]);
    // One slot: the CRITICAL task is the first one served, ahead of all twelve NORMAL tasks queued before it.
    expect(order.indexOf(critical)).toBe(0);
  });
});

describe('fairness: one huge case does not starve a small one in the same class', () => {
  let stack: TestStack;
  beforeAll(async () => (stack = await oneSlotStack()));
  afterAll(() => stack.stop());

  it('serves the small case before the big case has drained', async () => {
    const big: string[] = [];
    const small: string[] = [];
    for (let index = 0; index < 50; index++) {
      big.push(await submit(stack, { type: 'RISK_ASSESSMENT', priority: 'NORMAL', caseId: 'CASE-BIG', data: riskData(`B${index}`) }));
    }
    for (let index = 0; index < 5; index++) {
      small.push(await submit(stack, { type: 'RISK_ASSESSMENT', priority: 'NORMAL', caseId: 'CASE-SMALL', data: riskData(`S${index}`) }));
    }
    await allScheduled(stack, [...big, ...small]);
    expect((await stepEvents(stack.client, small[0] ?? '')).scheduled[0]?.fairnessKey).toBe('CASE-SMALL');

    await stack.startWorkers({ agents: ['risk'], orchestration: false });
    const order = await startOrder(stack, [...big, ...small]);
    const smallPositions = small.map((id) => order.indexOf(id)).sort((a, b) => a - b);
    // FIFO would serve the small case at positions 50-54; fairness interleaves the two keys.
    expect(smallPositions[0]).toBeLessThan(10);
    expect(smallPositions[smallPositions.length - 1]).toBeLessThan(50);
  });
});
