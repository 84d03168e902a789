/**
 * `npm run worker -- --agent fraud [--agent risk] [--orchestration]`: runs the named queues alone, so that each
 * agent type scales out on its own machines. `--all` serves every queue in one process.
 *
 * `npm start` runs this file too, once per agent type, as a supervised child (src/supervision): then it reports
 * "ready" to the parent over the IPC channel, and stops when the parent sends SIGTERM or goes away.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/load-config';
import { agentTaskQueue, orchestrationTaskQueue } from '../src/config/task-queues';
import { startUpErrorMessage } from '../src/cli/start-up-errors';
import { loadKeyRing } from '../src/crypto/key-ring';
import { createLogger } from '../src/logging/logger';
import { connectToTemporal } from '../src/temporal/connect-to-temporal';
import { isSupervisedChild, reportReady } from '../src/supervision/child-messages';
import { createTemporalClient } from '../src/temporal/create-client';
import { createWorkers } from './create-workers';
import { installRuntime } from './install-runtime';
import { startLoadReports } from './load-reporter';
import { runWorkers } from './run-workers';
import { targetsFileFor } from '../src/metrics/process-metrics';
import { startWorkerResourceGauges } from '../src/metrics/worker-resources';
import { startTracing } from '../src/tracing/tracing';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      agent: { type: 'string', multiple: true, default: [] },
      orchestration: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
    },
  });
  const config = loadConfig();
  const agents = values.all ? Object.keys(config.agents) : values.agent.flatMap((agent) => agent.split(','));
  const orchestration = values.all || values.orchestration;
  if (agents.length === 0 && !orchestration) {
    throw new Error(`say which queues to serve: --agent <${Object.keys(config.agents).join('|')}>, --orchestration or --all`);
  }
  const unknown = agents.filter((agent) => !Object.hasOwn(config.agents, agent));
  if (unknown.length > 0) {
    throw new Error(
      `unknown agent type ${unknown.join(', ')}; configured in ${config.configFile}: ${Object.keys(config.agents).join(', ')}`,
    );
  }
  const logger = createLogger({ component: 'worker', ...(agents.length === 1 ? { agentType: agents[0] } : {}), pid: process.pid });
  // A worker encrypts what it returns: no keys is a start-up error naming where they were looked for.
  if (config.encryption.enabled) loadKeyRing(config);
  const { metricsPort } = installRuntime(config, logger);
  const queueNames = [...(orchestration ? ['orchestration'] : []), ...agents].join(',');
  // Prometheus finds this process through its file_sd file in the data dir, whichever port it took.
  const targets = targetsFileFor(config);
  if (metricsPort !== undefined) {
    targets.set({ component: 'worker', host: config.metrics.host, port: metricsPort, labels: { queues: queueNames } });
    startWorkerResourceGauges(queueNames);
  }
  const tracing = startTracing(config.tracing, `worker:${queueNames}`);
  const connection = await connectToTemporal(config);
  const client = await createTemporalClient(config, connection);
  try {
    const workers = await createWorkers({ config, connection, client, agents, orchestration, tracing });
    const running = runWorkers(workers);
    const queues = [...(orchestration ? [orchestrationTaskQueue(config)] : []), ...agents.map((agent) => agentTaskQueue(config, agent))];
    logger.info(
      { address: config.connection.address, namespace: config.connection.namespace, taskQueues: queues, metricsPort },
      'worker running',
    );
    let stopping = false;
    const stop = (reason: string): void => {
      // Under npm a Ctrl-C arrives twice (from the terminal and forwarded by npm): the second one must not kill
      // the process in the middle of its drain, as Node's default action would after process.once.
      if (stopping) return logger.info({ reason }, 'worker already stopping');
      stopping = true;
      logger.info({ reason }, 'worker stopping: in-flight activities get their grace time');
      void running.stop();
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    if (isSupervisedChild()) {
      // The parent is gone (crashed or killed): nobody would stop this process, so it stops itself.
      process.once('disconnect', () => stop('supervisor gone'));
      reportReady(queues);
      // The autoscaler's measure of this process (src/supervision/autoscaler.ts).
      const slots = agents.reduce((sum, agent) => sum + (config.agents[agent]?.maxConcurrentActivities ?? 0), 0);
      const stopReports = startLoadReports(workers, slots, config.autoscaling.interval);
      void running.done.then(stopReports, stopReports);
    }
    await running.done;
  } finally {
    targets.remove();
    await connection.close();
    await tracing?.shutdown();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(startUpErrorMessage(error));
    process.exit(1);
  },
);
