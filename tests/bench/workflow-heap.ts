/**
 * `node --expose-gc [V8 flags] --import tsx tests/bench/workflow-heap.ts [count] [churn]`: the V8 heap of a workflow
 * thread, measured the way the SDK runs workflows (its reusable VM context, the real bundle with the preloaded
 * modules), with no server: job workflows are created and activated with a recorded job's input
 * (tests/histories/job-sla-warning-with-breach.json), which leaves each waiting on its step and SLA timers as in
 * bench:scale.
 * - `count` alone: the live heap per cached workflow (after a full GC).
 * - with `churn`: `churn` workflows through a cache of `count` (the oldest evicted), without forced GCs, as the
 *   worker runs thousands of open jobs; prints the heap V8 committed at its peak against what was live. Compare V8
 *   flags, e.g. `--heap-growing-percent=50` (orchestration.heapGrowingPercent).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { coresdk } from '@temporalio/proto';
import { parseWorkflowCode } from '@temporalio/worker/lib/worker';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { bundleWorkflows } from '../../src/temporal/workflow-bundle';

const count = Number(process.argv[2] ?? 300);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

interface RecordedEvent {
  workflowExecutionStartedEventAttributes?: { input: { payloads: Array<{ metadata: Record<string, string>; data: string }> } };
}

async function main(): Promise<void> {
  const history = JSON.parse(readFileSync(path.resolve(__dirname, '../histories/job-sla-warning-with-breach.json'), 'utf8')) as {
    events: RecordedEvent[];
  };
  const recorded = history.events[0]?.workflowExecutionStartedEventAttributes?.input.payloads[0];
  if (!recorded) throw new Error('no input in the recorded history');
  const input = JSON.parse(Buffer.from(recorded.data, 'base64').toString('utf8')) as { sla?: { warningAt: string; deadline: string } };
  // Deadlines a day ahead: each workflow waits on its timers and its step, as a held job does.
  const later = new Date(Date.now() + 86_400_000).toISOString();
  if (input.sla) input.sla = { ...input.sla, warningAt: later, deadline: later };
  const payload = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(input)) };

  const { code } = await bundleWorkflows();
  const creator = await ReusableVMWorkflowCreator.create(parseWorkflowCode(code), 5_000, new Set());
  const heap = (): number => {
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const keep: Array<{ dispose(): Promise<void> }> = [];
  const create = async (index: number): Promise<void> => {
    const runId = `run-${index}`;
    const now = Date.now();
    const workflow = await creator.createWorkflow({
      info: {
        workflowId: `job-probe-${index}`,
        runId,
        workflowType: 'jobWorkflow',
        searchAttributes: {},
        taskQueue: 'probe',
        namespace: 'default',
        firstExecutionRunId: runId,
        originalExecutionRunId: runId,
        startTime: new Date(now),
        runStartTime: new Date(now),
        taskTimeoutMs: 10_000,
        attempt: 1,
        historyLength: 3,
        historySize: 0,
        continueAsNewSuggested: false,
        unsafe: { now: () => Date.now(), isReplaying: false, isReplayingHistoryEvents: false },
      } as never,
      randomnessSeed: [1, 2, 3, 4, 5, 6, 7, 8],
      now,
      showStackTraceSources: false,
      failureExceptionTypeNames: [],
    });
    const activation = coresdk.workflow_activation.WorkflowActivation.fromObject({
      runId,
      timestamp: { seconds: Math.floor(now / 1000) },
      isReplaying: false,
      historyLength: 3,
      jobs: [
        {
          initializeWorkflow: {
            workflowType: 'jobWorkflow',
            workflowId: `job-probe-${index}`,
            arguments: [payload],
            randomnessSeed: 1,
            firstExecutionRunId: runId,
            attempt: 1,
            startTime: { seconds: Math.floor(now / 1000) },
            workflowTaskTimeout: { seconds: 10 },
          },
        },
      ],
    });
    const completion = await workflow.activate(activation);
    if (completion.failed) throw new Error(`activation failed: ${JSON.stringify(completion.failed).slice(0, 500)}`);
    keep.push(workflow);
  };
  // A first workflow warms the context (lazily compiled code, shared caches): not counted.
  await create(-1);
  const churn = Number(process.argv[3] ?? 0);
  if (churn > 0) {
    // As the worker does with thousands of open jobs and a cache of `count`: create, and evict the oldest beyond it,
    // without forced GCs; the heap V8 then holds (garbage included) is what the worker thread's RSS follows.
    let peak = 0;
    for (let index = 0; index < churn; index += 1) {
      await create(index);
      if (keep.length > count) await keep.shift()?.dispose();
      peak = Math.max(peak, process.memoryUsage().heapTotal);
    }
    const live = heap();
    process.stdout.write(
      `${churn} job workflows through a cache of ${count}: V8 heap peak ${(peak / 2 ** 20).toFixed(0)} MB committed, ` +
        `${(live / 2 ** 20).toFixed(0)} MB live after a full GC; RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB\n`,
    );
    return;
  }
  const before = heap();
  for (let index = 0; index < count; index += 1) await create(index);
  const after = heap();
  const perWorkflow = (after - before) / count;
  process.stdout.write(
    `${count} job workflows waiting: heap ${(before / 2 ** 20).toFixed(0)} MB -> ${(after / 2 ** 20).toFixed(0)} MB, ` +
      `${(perWorkflow / 1024).toFixed(0)} KiB per cached workflow (V8 heap after a full GC, commands not sent anywhere)\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
