import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { Worker, type NativeConnection, type WorkerOptions, type WorkflowBundle } from '@temporalio/worker';
import { createAgentActivities, type AgentActivities } from '../activities';
import { createAlertActivities } from '../activities/alerts';
import { createAlertHandOffActivities } from '../activities/alert-hand-off';
import { createAuditActivities } from '../activities/audit-log';
import { createDependencyActivities } from '../activities/job-dependencies';
import { createOperationsActivities } from '../activities/operations';
import { createStepRecordActivities } from '../activities/step-record';
import { builtInAgentSources, codeVersion, identityWithVersion, orchestrationSources } from '../src/record/code-version';
import { temporalAuditRecorder } from '../src/audit/audit-recorder';
import { ConfigError } from '../src/config/config-error';
import { custodyTrail } from '../src/evidence/custody';
import { evidenceKeeper } from '../src/evidence/evidence-keeper';
import { EvidenceVault } from '../src/evidence/evidence-vault';
import { dataConverterFor } from '../src/content-store/data-converter';
import type { LoadedConfig } from '../src/config/load-config';
import { agentTaskQueue, orchestrationTaskQueue } from '../src/config/task-queues';
import { jobSnapshotReader } from '../src/jobs/job-snapshot';
import { configuredWorkflowBundle } from '../src/temporal/workflow-bundle';
import { loadCustomAgentActivities, type ActivityFunctions } from './custom-agents';
import { ownValue } from '../src/contracts/own-value';
import type { ProcessTracing } from '../src/tracing/tracing';
import { workerTracingOptions } from '../src/tracing/worker-tracing';
import { stepHeartbeats } from './step-heartbeats';
import { limitHeapGrowth } from './workflow-heap';

export interface WorkerSetOptions {
  config: LoadedConfig;
  connection: NativeConnection;
  client: Client;
  /** The agent task queues to serve. */
  agents: readonly string[];
  /** Whether to serve the orchestration queue (the workflows). */
  orchestration: boolean;
  /** A prebuilt workflow bundle; built here when absent. */
  workflowBundle?: WorkflowBundle;
  /** This process's tracing (tracing.enabled): the workers add their activities' and workflows' spans to it. */
  tracing?: ProcessTracing | undefined;
}

/**
 * One worker per task queue: the orchestration queue runs workflows, each agent queue runs that agent's activities.
 * What can fail on the configuration (custom agent modules, the bundle) is done before any Worker exists: a Worker
 * once created holds the connection until it has run, so the connection could not be closed after the error.
 */
export async function createWorkers(options: WorkerSetOptions): Promise<Worker[]> {
  const { config, connection, client } = options;
  const namespace = config.connection.namespace;
  const identity = (queue: string): string => `${os.hostname()}/${process.pid}/${queue}`;
  const builtIn = createAgentActivities({
    describeJob: jobSnapshotReader(client, config),
    keepEvidence: evidenceKeeper(client, new EvidenceVault(config), custodyTrail(config, client, temporalAuditRecorder(config, client))),
  });
  const dataConverter = dataConverterFor(config);
  // What every worker of this process shares; each names its queue in its identity, so Temporal's tools tell them apart.
  // ...and the version of the code it runs, which Temporal writes into each activity's events (the step record).
  // Every activity with a heartbeat timeout is heartbeated while it runs: agents' steps and the orchestration's own.
  const tracing = workerTracingOptions(options.tracing);
  const onQueue = (taskQueue: string, version: string) => ({
    connection,
    namespace,
    taskQueue,
    identity: identityWithVersion(identity(taskQueue), version),
    dataConverter,
    ...tracing,
    interceptors: { ...tracing.interceptors, activity: [stepHeartbeats, ...(tracing.interceptors?.activity ?? [])] },
  });

  const agentActivities: Array<{ agent: string; activities: ActivityFunctions; version: string }> = [];
  for (const agent of options.agents) {
    const agentConfig = ownValue(config.agents, agent);
    if (!agentConfig) throw new Error(`unknown agent type "${agent}"; configured: ${Object.keys(config.agents).join(', ')}`);
    const activities = agentConfig.module
      ? await loadCustomAgentActivities(agent, { client, config })
      : builtInActivities(builtIn, agent, config.configFile);
    const sources = agentConfig.module ? [path.resolve(path.dirname(config.configFile), agentConfig.module)] : builtInAgentSources(agent);
    agentActivities.push({ agent, activities, version: codeVersion(sources) });
  }
  const workflowBundle = options.orchestration ? (options.workflowBundle ?? (await configuredWorkflowBundle(config))) : undefined;

  const workers: Worker[] = [];
  try {
    if (workflowBundle) {
      const taskQueue = orchestrationTaskQueue(config);
      // Before the SDK starts its workflow threads: V8 reads the flag at each of their full GCs.
      limitHeapGrowth(config.orchestration.heapGrowingPercent);
      workers.push(
        await Worker.create({
          ...onQueue(taskQueue, codeVersion(orchestrationSources)),
          workflowBundle,
          // The workflows' own activities (SLA alerts, dependencies, audit sealing) run beside them, not on an agent's queue.
          activities: {
            ...createAlertActivities({
              ...(config.alerts.webhookUrl ? { webhookUrl: config.alerts.webhookUrl } : {}),
              timeoutMs: config.alerts.timeout,
            }),
            ...createAlertHandOffActivities({ client, taskQueue }),
            ...createDependencyActivities({ client }),
            ...createAuditActivities(),
            ...createOperationsActivities({ config, client }),
            ...createStepRecordActivities({ client }),
          },
          maxConcurrentWorkflowTaskExecutions: config.orchestration.maxConcurrentWorkflowTasks,
          maxCachedWorkflows: config.orchestration.maxCachedWorkflows,
          workflowTaskPollerBehavior: { type: 'autoscaling' },
        }),
      );
    }
    for (const { agent, activities, version } of agentActivities) {
      workers.push(
        await Worker.create({
          ...onQueue(agentTaskQueue(config, agent), version),
          activities,
          ...activitySlotOptions(config, agent),
          activityTaskPollerBehavior: { type: 'autoscaling' },
          shutdownGraceTime: ownValue(config.agents, agent)?.drainTimeout ?? 10_000,
        }),
      );
    }
  } catch (error) {
    await releaseWorkers(workers);
    throw error;
  }
  return workers;
}

/** Lets go of workers created but never run: the SDK frees a worker's hold on the connection only when it stops. */
async function releaseWorkers(workers: readonly Worker[]): Promise<void> {
  await Promise.all(
    workers.map(async (worker) => {
      const running = worker.run();
      worker.shutdown();
      await running.catch(() => undefined);
    }),
  );
}

function builtInActivities(builtIn: AgentActivities, agent: string, configFile: string): ActivityFunctions {
  // Own keys only: an agent named "constructor" is not a built-in one.
  const activities = Object.hasOwn(builtIn, agent) ? (builtIn as unknown as Record<string, ActivityFunctions>)[agent] : undefined;
  if (!activities) {
    throw new ConfigError(configFile, [
      `agents.${agent}.module: "${agent}" is not a built-in agent (${Object.keys(builtIn).join(', ')}), so it needs a module`,
    ]);
  }
  return activities;
}

/**
 * An agent worker's activity slots: a fixed number (maxConcurrentActivities), or the SDK's resource-based tuner
 * handing out up to that many while the host stays under the CPU and memory targets. The tuner cannot be combined
 * with maxConcurrentActivityTaskExecutions, and the workflow and local-activity slots it also governs are unused on
 * an agent's queue.
 */
export function activitySlotOptions(
  config: LoadedConfig,
  agent: string,
): Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'tuner'> {
  const agentConfig = config.agents[agent];
  if (!agentConfig) throw new Error(`unknown agent type "${agent}"`);
  const { slots, maxConcurrentActivities } = agentConfig;
  if (slots.tuner === 'fixed') return { maxConcurrentActivityTaskExecutions: maxConcurrentActivities };
  return {
    tuner: {
      tunerOptions: { targetCpuUsage: slots.targetCpuUsage, targetMemoryUsage: slots.targetMemoryUsage },
      activityTaskSlotOptions: { minimumSlots: 1, maximumSlots: maxConcurrentActivities },
    },
  };
}
