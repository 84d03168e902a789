import { createHash } from 'node:crypto';
import { claimCheckEncoding } from '../../src/content-store/claim-check-codec';
import { contentStoreFor } from '../../src/content-store/content-store-for';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

describe('large data never travels in Temporal payloads', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers({ agents: ['fraud'] });
  });
  afterAll(() => stack.stop());

  it('stores a large job input in the content store, passes a reference, and still completes', async () => {
    const transactions = Array.from({ length: 2500 }, (_, index) => ({
      id: `TX-${String(index).padStart(5, '0')}`,
      date: `2026-0${1 + (index % 9)}-${String(1 + (index % 28)).padStart(2, '0')}`,
      amount: 100 + ((index * 7919) % 90_000) / 7,
      counterparty: `Supplier ${index % 40}`,
      description: 'Invoice payment for services rendered',
    }));
    const submitted = await stack.http().post('/v1/jobs').send({ type: 'FRAUD_DETECTION', data: { transactions } }).expect(202);
    const job = await eventually(async () => {
      const response = await stack.http().get(`/v1/jobs/${submitted.body.jobId}`).expect(200);
      return response.body.status === 'RUNNING' ? undefined : response.body;
    });
    expect(job.status).toBe('COMPLETED');
    expect(job.result.transactionCount).toBe(2500);

    const history = await stack.client.workflow.getHandle(submitted.body.workflowId).fetchHistory();
    const payloads = (history.events ?? []).flatMap((event) => [
      ...(event.workflowExecutionStartedEventAttributes?.input?.payloads ?? []),
      ...(event.activityTaskScheduledEventAttributes?.input?.payloads ?? []),
      ...(event.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
      ...(event.workflowExecutionCompletedEventAttributes?.result?.payloads ?? []),
    ]);
    const threshold = stack.config.contentStore.thresholdBytes;
    expect(payloads.length).toBeGreaterThanOrEqual(3);
    for (const payload of payloads) expect(payload.data?.byteLength ?? 0).toBeLessThanOrEqual(threshold);
    const claimChecks = payloads.filter(
      (payload) => new TextDecoder().decode(payload.metadata?.encoding ?? new Uint8Array()) === claimCheckEncoding,
    );
    expect(claimChecks.length).toBeGreaterThanOrEqual(2);
    const { sha256 } = JSON.parse(new TextDecoder().decode(claimChecks[0]?.data ?? new Uint8Array())) as { sha256: string };
    // In the configured store (a folder of the data dir, or the cluster's PostgreSQL), checked against its hash.
    const stored = await contentStoreFor(stack.config).get(sha256);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(sha256);
  });
});
