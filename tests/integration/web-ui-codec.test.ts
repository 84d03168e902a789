/**
 * The Web UI shows a job's decoded input, checked in a real browser: Debian's chromium, driven by playwright-core,
 * opens the dev server's Web UI page of a job. The suite's dev server runs its UI with `--ui-codec-endpoint` at the
 * facade's /codec (harness/global-setup.ts), as `npm start` does, and this test serves the facade there. The job's
 * input holds a planted string that exists in clear nowhere but in the browser, after the codec server decrypted it.
 * `npm run test:cluster` runs it against the local cluster's Web UI server too (tests/cluster/harness/cluster-setup.ts).
 * Chromium comes from `npm run browser:install` (`.ci/run` runs it); CHROMIUM_PATH names another binary.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const riskJob = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/jobs/RISK_ASSESSMENT.json'), 'utf8')) as {
  data: { entity: Record<string, unknown> };
};

describe('the Web UI with the codec server, in a real browser', () => {
  let stack: TestStack;
  let server: Server;
  let browser: Browser;
  const uiUrl = process.env.TASKMASTER_TEST_UI_URL ?? '';
  const codecPort = Number(process.env.TASKMASTER_TEST_CODEC_PORT);

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) {
      throw new Error(`no chromium at ${chromiumPath}: run \`npm run browser:install\` (apt-get install -y chromium) or set CHROMIUM_PATH`);
    }
    stack = await startTestStack({ env: { TEMPORAL_UI_PORT: new URL(uiUrl).port } });
    await stack.startWorkers({ agents: ['risk'] });
    server = await new Promise<Server>((resolve) => {
      const listening = stack.app.listen(codecPort, '127.0.0.1', () => resolve(listening));
    });
    // As root (CI containers) chromium refuses to start without --no-sandbox.
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await stack?.stop();
  });

  it("shows the job's decoded input on its Web UI page", async () => {
    const planted = `Planted Holdings ${randomUUID().slice(0, 8)}`;
    const body = { ...riskJob, data: { ...riskJob.data, entity: { ...riskJob.data.entity, name: planted } } };
    const job = (await stack.http().post('/v1/jobs').send(body).expect(202)).body as { jobId: string; workflowId: string; runId: string };
    await eventually(async () => {
      const view = (await stack.http().get(`/v1/jobs/${job.jobId}`).expect(200)).body as { status: string };
      return view.status === 'COMPLETED' ? view : undefined;
    }, 60_000);

    const page = await browser.newPage();
    const decodeCalls: number[] = [];
    page.on('response', (response) => {
      if (response.url() === `http://127.0.0.1:${codecPort}/codec/decode`) decodeCalls.push(response.status());
    });
    await page.goto(`${uiUrl}/namespaces/${stack.config.connection.namespace}/workflows/${job.workflowId}/${job.runId}/history`);
    // The planted name is only in the encrypted input: seeing it means the browser called /codec/decode and showed the answer.
    await page.getByText(planted).first().waitFor({ timeout: 60_000 });
    expect(decodeCalls.length).toBeGreaterThan(0);
    expect(decodeCalls.every((status) => status === 200)).toBe(true);
    await page.close();
  });
});
