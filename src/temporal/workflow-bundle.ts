import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { failureConverterPath } from '../content-store/data-converter';

/** Every workflow Taskmaster runs. */
export const workflowsPath = path.resolve(__dirname, '../../workflows');

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta),
};

/**
 * Builds the workflow bundle once, as workers and replays both run it. Nothing is preloaded into the reusable V8
 * context: the shared copy of a preloaded module is frozen, and zod writes to its own objects at run time
 * ("Cannot add property localeError, object is not extensible"), so each workflow evaluates its own zod. The bundle
 * carries the failure converter that encodes failure messages, so that the codecs encrypt them.
 */
export const bundleWorkflows = (entry: string = workflowsPath): Promise<WorkflowBundle> =>
  bundleWorkflowCode({ workflowsPath: entry, failureConverterPath, logger: quietBundlerLogger });
