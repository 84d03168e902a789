import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundle, type WorkflowBundlePath } from '@temporalio/worker';
import { ConfigError } from '../config/config-error';
import type { LoadedConfig } from '../config/load-config';
import { failureConverterPath } from '../content-store/data-converter';

/** Every workflow Taskmaster runs. */
export const workflowsPath = path.resolve(__dirname, '../../workflows');

/** Records each job's close and each SLA alert through the workflow metric meter (the workers' Prometheus endpoint). */
export const jobMetricsInterceptorsPath = path.resolve(__dirname, '../../workflows/interceptors/job-metrics');
/** Temporal's OpenTelemetry workflow interceptors: a span per workflow run and per activity it schedules. */
export const tracingInterceptorsPath = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

export interface BundleOptions {
  /**
   * Bundle Temporal's OpenTelemetry workflow interceptors (tracing.enabled): their spans go out through the
   * `exporter` sink, which only a tracing worker registers (src/tracing/worker-tracing.ts).
   */
  tracing?: boolean;
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta),
};

/**
 * zod, loaded once per workflow thread and shared by its workflows (workflows/sandbox-preload.ts says what must be
 * done before the SDK freezes it). Without it each cached workflow held its own zod.
 */
export const sandboxPreloadPath = path.join(workflowsPath, 'sandbox-preload.ts');

/**
 * Builds the workflow bundle once, as workers and replays both run it. The bundle carries the failure converter
 * that encodes failure messages, so that the codecs encrypt them.
 */
export const bundleWorkflows = (entry: string = workflowsPath, options: BundleOptions = {}): Promise<WorkflowBundle> =>
  bundleWorkflowCode({
    workflowsPath: entry,
    failureConverterPath,
    preloadModules: [sandboxPreloadPath],
    workflowInterceptorModules: [jobMetricsInterceptorsPath, ...(options.tracing ? [tracingInterceptorsPath] : [])],
    logger: quietBundlerLogger,
  });

/** Builds the bundle and writes its code to `outFile` (a container image ships it, so no worker bundles at start). */
export async function writeWorkflowBundle(outFile: string, options: BundleOptions = {}): Promise<{ file: string; bytes: number }> {
  const { code } = await bundleWorkflows(workflowsPath, options);
  const file = path.resolve(outFile);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, code);
  return { file, bytes: Buffer.byteLength(code) };
}

/**
 * The bundle a workflow worker runs: the prebuilt file of `orchestration.workflowBundle` when set (a missing file is
 * a ConfigError naming the key), else built now from workflows/.
 */
export async function configuredWorkflowBundle(
  config: Pick<LoadedConfig, 'orchestration' | 'configFile'> & { tracing?: { enabled: boolean } },
): Promise<WorkflowBundle | WorkflowBundlePath> {
  const prebuilt = config.orchestration.workflowBundle;
  if (prebuilt === undefined) return bundleWorkflows(workflowsPath, { tracing: config.tracing?.enabled ?? false });
  const codePath = path.resolve(prebuilt);
  if (!existsSync(codePath)) {
    throw new ConfigError(config.configFile, [
      `orchestration.workflowBundle: no prebuilt workflow bundle at ${codePath}; ` +
        `build it with npm run bundle:workflows -- --out ${prebuilt}`,
    ]);
  }
  return { codePath };
}
