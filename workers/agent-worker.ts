/**
 * `npm run worker -- --agent fraud [--agent risk] [--orchestration]`: runs the named queues alone, so that each
 * agent type scales out on its own machines. `--all` serves every queue (what `npm start` does in-process).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/load-config';
import { agentTaskQueue, orchestrationTaskQueue } from '../src/config/task-queues';
import { startUpErrorMessage } from '../src/cli/start-up-errors';
import { loadKeyRing } from '../src/crypto/key-ring';
import { createLogger } from '../src/logging/logger';
import { connectToTemporal } from '../src/temporal/connect-to-temporal';
import { createTemporalClient } from '../src/temporal/create-client';
import { createWorkers } from './create-workers';
import { installRuntime } from './install-runtime';
import { runWorkers } from './run-workers';

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
  const unknown = agents.filter((agent) => !(agent in config.agents));
  if (unknown.length > 0) {
    throw new Error(
      `unknown agent type ${unknown.join(', ')}; configured in ${config.configFile}: ${Object.keys(config.agents).join(', ')}`,
    );
  }
  // A worker encrypts what it returns: no keys is a start-up error naming where they were looked for.
  if (config.encryption.enabled) loadKeyRing(config);
  const logger = createLogger({ component: 'worker' });
  installRuntime(config, logger);
  const connection = await connectToTemporal(config);
  const client = await createTemporalClient(config, connection);
  try {
    const running = runWorkers(await createWorkers({ config, connection, client, agents, orchestration }));
    const queues = [...(orchestration ? [orchestrationTaskQueue(config)] : []), ...agents.map((agent) => agentTaskQueue(config, agent))];
    logger.info({ address: config.connection.address, namespace: config.connection.namespace, taskQueues: queues }, 'worker running');
    const stop = (signal: string): void => {
      logger.info({ signal }, 'worker stopping');
      void running.stop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await running.done;
  } finally {
    await connection.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(startUpErrorMessage(error));
    process.exit(1);
  },
);
