/**
 * GET /v1/events's sockets as the fan-out process serves them (events.fanOut: process, the default) and as the
 * facade does itself (inline): the same messages either way; a client that stops answering pings is dropped; the
 * facade's stop closes every subscriber with 1001. The messages' content is live-events.test.ts's.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import request from 'supertest';
import type { JobStatusUpdate } from '../../src/contracts/live-events';
import type { LoadedConfig } from '../../src/config/load-config';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/logging/logger';
import { connectEvents, listenOnFreePort } from './harness/events-client';
import { startTestStack, type TestStack } from './harness/test-stack';

const riskJob = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/jobs/RISK_ASSESSMENT.json'), 'utf8')) as Record<
  string,
  unknown
>;

describe('the events fan-out', () => {
  let stack: TestStack;
  let admin: string;
  const servers: Server[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers();
    admin = await stack.token({ role: 'admin' });
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    await stack.stop();
  });

  /** A facade of its own on the shared stack, with these live events settings. */
  async function facade(events: Partial<LoadedConfig['events']>): Promise<{ server: Server; wsUrl: string }> {
    const config: LoadedConfig = { ...stack.config, events: { ...stack.config.events, ...events } };
    const app = createApp({ config, client: stack.client, logger: createLogger({}, 'silent'), eagerStart: true });
    const { server, wsUrl } = await listenOnFreePort(app);
    servers.push(server);
    return { server, wsUrl };
  }

  it.each(['process', 'inline'] as const)("gives a job's subscriber the same messages with fanOut %s", async (fanOut) => {
    const { wsUrl } = await facade({ fanOut });
    const caseId = `CASE-FANOUT-${fanOut}-${randomUUID().slice(0, 8)}`;
    const events = await connectEvents(wsUrl, { caseId }, admin);
    const jobId = (
      await request(stack.app)
        .post('/v1/jobs')
        .set('Authorization', `Bearer ${admin}`)
        .send({ ...riskJob, caseId })
        .expect(202)
    ).body.jobId as string;
    await events.waitFor((event) => event.type === 'job_status_update' && event.status === 'COMPLETED', 60_000);
    events.close();
    const updates = events.messages.filter((event): event is JobStatusUpdate => event.type === 'job_status_update');
    expect(updates.map((update) => `${update.jobId}/${update.status}/${update.stage}`)).toEqual([
      `${jobId}/RUNNING/SCHEDULED`,
      `${jobId}/RUNNING/COMPLETED`,
      `${jobId}/COMPLETED/COMPLETED`,
    ]);
  });

  it('drops a client that stops answering pings', async () => {
    const { wsUrl } = await facade({ pingInterval: 1_000 });
    const events = await connectEvents(wsUrl, {}, admin, false, {}, { autoPong: false });
    // The first ping goes unanswered; the next interval finds it so and cuts the connection.
    const closed = await events.closed;
    expect(closed.code).toBe(1006);
  });

  it('closes every subscriber with 1001 when the facade stops', async () => {
    const { server, wsUrl } = await facade({});
    const subscribers = await Promise.all([connectEvents(wsUrl, {}, admin), connectEvents(wsUrl, { type: 'RISK_ASSESSMENT' }, admin)]);
    server.close();
    for (const subscriber of subscribers) expect((await subscriber.closed).code).toBe(1001);
  });
});
