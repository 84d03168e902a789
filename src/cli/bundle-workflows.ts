/**
 * `npm run bundle:workflows -- --out dist/workflow-bundle.js [--tracing]`: builds the workflow bundle ahead of time, as the
 * Dockerfile does, so that a worker started with `orchestration.workflowBundle` (or TASKMASTER_WORKFLOW_BUNDLE)
 * loads it instead of running webpack at every start.
 */
import { parseArgs } from 'node:util';
import { writeWorkflowBundle } from '../temporal/workflow-bundle';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string', default: 'dist/workflow-bundle.js' }, tracing: { type: 'boolean', default: false } },
  });
  // --tracing: with Temporal's OpenTelemetry workflow interceptors, for workers that run with tracing.enabled.
  const { file, bytes } = await writeWorkflowBundle(values.out, { tracing: values.tracing });
  process.stdout.write(`wrote the workflow bundle to ${file} (${Math.round(bytes / 1024)} KiB)\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
