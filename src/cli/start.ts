/**
 * `npm start`: the whole stack in one process tree. Finds or installs the Temporal CLI, starts the dev server
 * (unless a server already answers or devServer.enabled is false) and keeps it running; runs the orchestration
 * worker (the workflows) and the HTTP facade in this process and each agent type's worker in a supervised child
 * process, so that no agent's work blocks the facade; prints where each one is; on Ctrl-C or SIGTERM stops, in
 * order, the facade, the agent processes (each drains its activities), the workflow worker and the dev server.
 */
import { ensureLocalSigningKey, localKeyFile } from '../auth/local-keys';
import { mintWithLocalKey } from '../auth/token-minting';
import { formatDuration } from '../config/duration';
import { loadConfig, type LoadedConfig } from '../config/load-config';
import { encryptionKeysEnv, ensureKeyFile, keyFilePath, loadKeyRing } from '../crypto/key-ring';
import { agentTaskQueue, orchestrationTaskQueue } from '../config/task-queues';
import { webUiBaseUrl, webUiNamespaceUrl, webUiSummaryLine } from '../config/web-ui-url';
import { startDevServer, isTemporalReachable, type RunningDevServer } from '../dev-server/dev-server';
import { superviseDevServer } from '../dev-server/dev-server-supervisor';
import { findOrInstallTemporalCli } from '../dev-server/temporal-cli';
import { temporalAuditRecorder } from '../audit/audit-recorder';
import { createApp, listenFacade } from '../http';
import { createLogger } from '../logging/logger';
import { connectToTemporal } from '../temporal/connect-to-temporal';
import { createTemporalClient } from '../temporal/create-client';
import { startAgentWorkers } from '../supervision/agent-workers';
import { agentQueueBacklog } from '../system/queue-backlog';
import { ensureSearchAttributes } from '../temporal/ensure-search-attributes';
import { createWorkers } from '../../workers/create-workers';
import { installRuntime } from '../../workers/install-runtime';
import { ensureOpsMonitor } from '../operations/ops-monitor';
import { hostPort } from '../metrics/ports';
import { startFacadeMetrics, targetsFileFor } from '../metrics/process-metrics';
import { startWorkerResourceGauges } from '../metrics/worker-resources';
import { startTracing } from '../tracing/tracing';
import { runWorkers, type RunningWorkers } from '../../workers/run-workers';
import { reportStartUpError } from './start-up-errors';
import { SignalDeliveries } from './signal-deliveries';
import { StopList } from './stop-list';

const logger = createLogger({ component: 'start' });
const stops = new StopList();
/** The processes this one started, for a forced stop: they are killed rather than left running without a parent. */
const childPids: Array<() => Array<number | undefined>> = [];
/**
 * The metrics endpoints, the targets file and the trace exporter, closed after everything else so that they see the
 * stop through: kept out of the stop list, whose log line says what work is being stopped.
 */
const telemetryStops: Array<() => Promise<void>> = [];
/** How long a stopping facade waits for its last audit appends (an entry still pending then is logged as not recorded). */
const auditDrainMs = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const address = config.connection.address;
  const local = config.devServer.enabled && !config.connection.tls.enabled && config.connection.apiKeyEnv === undefined;
  if (config.encryption.enabled && local && !process.env[encryptionKeysEnv]) {
    // Local use: the first start creates the key ring (mode 0600). Elsewhere keys are provisioned, never invented.
    if (ensureKeyFile(keyFilePath(config))) logger.info({ keyFile: keyFilePath(config) }, 'created the encryption key file');
  }
  // Before anything starts: no keys is a start-up error naming where they were looked for.
  if (config.encryption.enabled) loadKeyRing(config);
  // Where Prometheus finds this process's endpoints (file_sd); removed last, when everything else has stopped.
  const targets = targetsFileFor(config);
  telemetryStops.push(() => Promise.resolve(targets.remove()));
  // tracing.enabled: this process's spans (HTTP, client, workflows); flushed once the facade and the workers stopped.
  const tracing = startTracing(config.tracing, 'facade');
  if (tracing) telemetryStops.unshift(() => tracing.shutdown());
  let devServer: RunningDevServer | undefined;
  if (!config.devServer.enabled) {
    logger.info({ address }, 'devServer.enabled is false: using the configured Temporal server');
  } else if (config.connection.tls.enabled || config.connection.apiKeyEnv !== undefined) {
    // The reachability probe below speaks plaintext, and a dev server never serves TLS or API keys.
    logger.info({ address }, 'TLS or an API key is configured: using that Temporal server, starting no dev server');
  } else if (await isTemporalReachable(address)) {
    logger.info({ address }, 'a Temporal server already answers at this address: using it, starting no dev server');
  } else {
    const cli = await findOrInstallTemporalCli(config.devServer.cliVersion, { onInstallStart: (message) => logger.info(message) });
    logger.info({ cli: cli.path, source: cli.source, version: cli.version }, 'starting the Temporal dev server');
    const start = async (): Promise<RunningDevServer> => {
      const started = await startDevServer(cli.path, config, logger, { ownProcessGroup: true });
      const { ip, metricsPort } = started.endpoints;
      if (metricsPort !== undefined) targets.set({ component: 'dev-server', host: ip, port: metricsPort });
      return started;
    };
    devServer = await start();
    const supervised = superviseDevServer(devServer, {
      logger,
      restart: start,
      onGiveUp: (reason) => {
        logger.fatal({ reason }, 'the Temporal dev server keeps dying; stopping Taskmaster');
        void shutdown(1);
      },
    });
    stops.add('dev server', () => supervised.stop());
    childPids.push(() => [supervised.pid()]);
  }

  const { metricsPort: workerMetricsPort } = installRuntime(config, logger);
  if (workerMetricsPort !== undefined) {
    targets.set({ component: 'worker', host: config.metrics.host, port: workerMetricsPort, labels: { queues: 'orchestration' } });
    startWorkerResourceGauges('orchestration');
  }
  // Before the agents start: the facade's endpoint takes the first port from metrics.port.
  const facadeMetrics = await startFacadeMetrics(config, logger, targets);
  if (facadeMetrics) telemetryStops.unshift(() => facadeMetrics.close());
  const connection = await connectToTemporal(config);
  stops.add('connection', () => connection.close());
  // The facade's client shares the workers' connection, so that jobs start eagerly on the local workflow worker.
  const client = await createTemporalClient(config, connection);
  // Also for the dev server: a data dir from an older version lacks the attributes added since.
  const added = await ensureSearchAttributes(client);
  if (added.length > 0) logger.info({ added }, 'registered missing search attributes');
  const agents = Object.keys(config.agents);
  // The workflows stay here: workflow tasks run in the SDK's worker threads, and eager start needs the worker on
  // the client's connection. The agents' activities run on this event loop if in-process, so they go to children.
  const workers: RunningWorkers = runWorkers(await createWorkers({ config, connection, client, agents: [], orchestration: true, tracing }));
  stops.add('workflow worker', () => workers.stop());
  workers.done.catch((error: unknown) => {
    logger.error({ err: error }, 'the workflow worker failed; stopping');
    void shutdown(1);
  });
  // Each agent's worker processes, scaled between its minWorkers and maxWorkers on its queue's backlog (from
  // Temporal) and their own load reports.
  const agentWorkers = startAgentWorkers({
    config,
    agents,
    logger,
    readBacklog: (agent) => agentQueueBacklog(config, client, agent),
  });
  stops.add('agent processes', () => agentWorkers.stop());
  childPids.push(() => Object.values(agentWorkers.pids()).flat());
  await agentWorkers.ready;
  // One per deployment (USE_EXISTING): a second facade finds it running. Started once the agents poll, so that a
  // first start raises no AGENT_DOWN for agents still starting.
  await ensureOpsMonitor(config, client);

  const signIn = await prepareSignIn(config);
  const webUiUrl = webUiBaseUrl(config, devServer);
  // Stopped after the HTTP server (the list stops in reverse): the entries of the last answered writes get appended.
  const auditRecorder = temporalAuditRecorder(config, client);
  stops.add('audit appends', () => auditRecorder.drain(auditDrainMs));
  const app = createApp({ config, client, logger, webUiUrl, eagerStart: true, auditRecorder });
  const server = await listenFacade(app, config.http.host, config.http.port);
  stops.add('HTTP', () => new Promise<void>((resolve) => server.close(() => resolve())));

  const apiUrl = `http://${config.http.host}:${config.http.port}`;
  logger.info(
    {
      temporal: address,
      namespace: config.connection.namespace,
      webUi: webUiUrl === undefined ? undefined : webUiNamespaceUrl(webUiUrl, config.connection.namespace),
      api: apiUrl,
      dataDir: devServer ? config.dataDirPath : undefined,
      taskQueues: [orchestrationTaskQueue(config), ...agents.map((agent) => agentTaskQueue(config, agent))],
      pid: process.pid,
      agentProcesses: agentWorkers.pids(),
      metrics: metricsUrl(config.metrics.host, facadeMetrics?.port),
      workerMetrics: metricsUrl(config.metrics.host, workerMetricsPort),
      devServerMetrics: devServer ? metricsUrl(devServer.endpoints.ip, devServer.endpoints.metricsPort) : undefined,
      metricsTargets: facadeMetrics || workerMetricsPort !== undefined ? targets.path : undefined,
    },
    'Taskmaster is running',
  );
  // The summary for people goes last, after the JSON lines already queued.
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  process.stdout.write(
    [
      '',
      `  Temporal gRPC   ${address} (namespace ${config.connection.namespace})${devServer ? ', dev server started by Taskmaster' : ''}`,
      webUiSummaryLine(webUiUrl, config.connection.namespace),
      `  Taskmaster API  ${apiUrl}/v1/jobs`,
      devServer ? `  Data dir        ${config.dataDirPath}` : '',
      facadeMetrics
        ? `  Metrics         ${metricsUrl(config.metrics.host, facadeMetrics.port) ?? ''} (facade); every process: ${targets.path}`
        : '',
      ...signIn,
      '  Ctrl-C stops everything.',
      '',
    ]
      .filter((line) => line !== '')
      .join('\n') + '\n',
  );
}

const metricsUrl = (host: string, port: number | undefined): string | undefined =>
  port === undefined ? undefined : `http://${hostPort(host, port)}/metrics`;

/**
 * Sign-in, before the facade starts: the local signing key is created on first start and an admin token printed;
 * jwks names the IdP; auth.enabled: false is said loudly, in the log and the summary.
 */
async function prepareSignIn(config: LoadedConfig): Promise<string[]> {
  const { auth } = config;
  if (!auth.enabled) {
    logger.warn('auth.enabled is false: the API asks no token and treats every caller as admin; for throwaway stacks only');
    return ['  Sign-in         DISABLED (auth.enabled: false): anyone who reaches the API is admin'];
  }
  if (auth.mode === 'jwks')
    return [`  Sign-in         tokens from ${auth.issuer ?? ''} (keys: ${auth.jwksUrl ?? ''}), audience ${auth.audience}`];
  if (await ensureLocalSigningKey(config.dataDirPath)) {
    logger.info({ keyFile: localKeyFile(config.dataDirPath) }, 'created the local signing key');
  }
  const token = await mintWithLocalKey(auth, config.dataDirPath, { subject: 'local-admin', role: 'admin', ttlMs: auth.adminTokenTtl });
  return [
    `  Admin token     ${token}`,
    `                  (valid ${formatDuration(auth.adminTokenTtl)}; send it as Authorization: Bearer <token>;`,
    '                  other roles: npm run -s token -- --role viewer|investigator|admin [--tenant <t>])',
  ];
}

let stopping = false;
async function shutdown(exitCode: number, reason = 'error'): Promise<void> {
  if (stopping) return;
  stopping = true;
  await stops.stopAll(logger);
  for (const stop of telemetryStops.splice(0))
    await stop().catch((error: unknown) => logger.warn({ err: error }, 'stopping telemetry failed'));
  logger.info({ reason }, 'stopped');
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  process.exit(exitCode);
}

/**
 * The process owns its shutdown (the SDK runtime is installed with shutdownSignals: []). One request to stop (a
 * Ctrl-C, which npm makes two signals; a SIGTERM to the group) stops in order: HTTP, then the agents drain their
 * running steps, then the workers, the connection and the dev server, waiting for each. Asking again while it drains
 * changes nothing; the third request forces it: the children are killed and their running steps will be retried.
 */
const deliveries = new SignalDeliveries();
function onSignal(signal: NodeJS.Signals): void {
  const { request, fresh } = deliveries.receive(Date.now());
  if (!fresh) return;
  if (request === 1) {
    logger.info({ signal }, 'stopping: new requests are refused, running steps get their drain time');
    void shutdown(0, signal);
    return;
  }
  if (request === 2 || !stopping) {
    logger.warn({ signal }, 'already stopping: running steps are finishing; ask once more to stop at once (they will run again)');
    return;
  }
  const pids = childPids.flatMap((pids) => pids()).filter((pid): pid is number => pid !== undefined);
  logger.error({ signal, killed: pids }, 'forced stop: killing the child processes now; their running steps will be retried');
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  logger.flush(() => process.exit(130));
}

// process.on, not once: a second signal must not fall to Node's default action, which exits mid-shutdown and
// leaves the children behind. Every step of the shutdown is bounded (worker grace times, SIGKILL after a timeout).
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

main().catch(async (error: unknown) => {
  reportStartUpError(error, logger);
  await shutdown(1);
});
