/**
 * Reproducible findings: a what-if rerun of an unchanged investigation of every shipped template reports every step
 * SAME, byte for byte (canonical JSON), because no agent reads its own clock for a finding.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { orchestrationTaskQueue } from '../../src/config/task-queues';
import { whatIf } from '../../src/investigations/service/what-if';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const fixtures = path.resolve(__dirname, '../fixtures/investigations');
const templates = readdirSync(path.resolve(__dirname, '../../src/investigations/templates'))
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => file.replace(/\.yaml$/, ''));

describe('what-if reruns of the shipped templates', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers();
  });
  afterAll(() => stack.stop());

  it('covers every shipped template with a sample request', () => {
    expect(templates.sort()).toEqual(['bank-reconciliation', 'compliance-review', 'fraud-investigation']);
  });

  it.each(templates)('%s: an unchanged rerun reports SAME for every step', async (template) => {
    const request = JSON.parse(readFileSync(path.join(fixtures, `${template}.json`), 'utf8')) as Record<string, unknown>;
    const started = await stack.http().post('/v1/investigations').send(request).expect(202);
    const id = started.body.investigationId as string;
    const finished = await eventually(async () => {
      const response = await stack.http().get(`/v1/investigations/${id}`).expect(200);
      return response.body.status === 'RUNNING' ? undefined : (response.body as { status: string; steps: Array<{ state: string }> });
    }, 90_000);
    expect(finished.status).toBe('COMPLETED');

    const report = await whatIf(stack.client, `investigation-${id}`, orchestrationTaskQueue(stack.config));
    expect(report.steps.length).toBe(finished.steps.length);
    for (const step of report.steps) {
      expect({ step: step.step, same: step.same, differences: step.differences }).toEqual({ step: step.step, same: true, differences: [] });
      expect(step.after).toBe(step.before);
    }
    expect(report.changedVersions).toBeUndefined();
  });
});
