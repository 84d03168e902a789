import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load-config';
import { payloadCodecsFor } from '../content-store/data-converter';
import { CodecService } from '../crypto/codec-service';
import { principalClients } from '../temporal/principal-clients';
import { catalogFromConfig } from '../investigations/service/catalog-from-config';
import { InvestigationService } from '../investigations/service/investigation-service';
import { loadTemplateFiles, shippedTemplatesDir } from '../investigations/template-files';
import { AdmissionControl } from '../jobs/admission-control';
import { JobService } from '../jobs/job-service';
import { PauseService } from '../pause/pause-service';
import { pauseWindows } from '../pause/pause-windows';
import type { WebUiLinks } from '../jobs/job-view';
import { createTokenVerifier, type TokenVerifier } from '../auth/token-verifier';
import { temporalAuditRecorder, type AuditRecorder } from '../audit/audit-recorder';
import { AuditService } from '../audit/audit-service';
import { auditWrites } from './audit-writes';
import { authenticate } from './authenticate';
import { authorizeRoute } from './authorize';
import { codecAuthorizer } from './codec-authorizer';
import { errorMiddleware } from './error-middleware';
import { HttpError } from './http-error';
import { requestLog } from './request-log';
import { httpMetrics } from './http-metrics';
import { httpTracing } from './http-tracing';
import { observeLiveApi } from '../metrics/facade-metrics';
import { rateLimitPerPrincipal } from './rate-limit';
import { assertEveryRouteHasPermission } from './route-permissions';
import { temporalDeadline, within } from './temporal-deadline';
import { agentsRouter } from './routes/agents-router';
import { auditRouter } from './routes/audit-router';
import { codecRouter, type CodecAuthorizer } from './routes/codec-router';
import { startedRunsInterceptor } from '../events/started-runs';
import { graphqlSignIn } from './graphql/graphql-sign-in';
import { graphqlWebSockets } from './graphql/graphql-ws-server';
import { graphqlPath, taskmasterYoga } from './graphql/yoga-server';
import { jobsRouter } from './routes/jobs-router';
import { investigationsRouter } from './routes/investigations-router';
import { queuesRouter } from './routes/queues-router';
import { replaysRouter } from './routes/replays-router';
import { slaRouter } from './routes/sla-router';
import { analyticsRouter } from './routes/analytics-router';
import { AnalyticsService } from '../analytics/analytics-service';
import { systemRouter } from './routes/system-router';
import { templatesRouter } from './routes/templates-router';
import { RecordService } from '../record/record-service';
import { custodyTrail } from '../evidence/custody';
import { EvidenceService } from '../evidence/evidence-service';
import { EvidenceVault } from '../evidence/evidence-vault';
import { evidenceRouter } from './routes/evidence-router';
import { casesRouter, forensicsRouter } from './routes/cases-router';
import { eventsRouter } from './routes/events-router';
import { serveUpgrades } from './upgrade';
import { createLiveEvents, type LiveEventService } from '../events/live-event-service';
import { CompletionEstimator } from '../estimates/completion-estimator';

export interface AppDependencies {
  config: LoadedConfig;
  client: Client;
  logger: Logger;
  /** Base URL of the Temporal Web UI, for the links in answers; none when unknown (see src/config/web-ui-url.ts). */
  webUiUrl?: string | undefined;
  startedAt?: Date;
  /** Start workflows eagerly: true only when this process runs the orchestration worker on the client's connection. */
  eagerStart?: boolean;
  /** Verifies bearer tokens; default: built from config.auth (none when auth.enabled is false). */
  verifier?: TokenVerifier;
  /** Decides who may use the codec server (/codec); default: codecAuthorizer (a token in jwks mode). */
  authorizeCodec?: CodecAuthorizer;
  /** Where writes are recorded (who did what); default: the deployment's audit log workflow. */
  auditRecorder?: AuditRecorder;
  /** The live events (GET /v1/events, GraphQL subscriptions); default: createLiveEvents on this client. */
  liveEvents?: LiveEventService;
  /** How long jobs and investigations take, for estimatedCompletion; default: one on this client. */
  estimator?: CompletionEstimator;
}

/** How long /healthz waits for Temporal before it reports it unreachable (load balancers time out at about 2 s). */
const healthTimeoutMs = 1_500;

/**
 * The HTTP facade over the Temporal client. Every answer is JSON, errors included, with helmet's security headers.
 * Every /v1 route needs a bearer token and the permission route-permissions.ts names; /healthz needs neither.
 */
export function createApp(dependencies: AppDependencies): Express {
  const { config, client, logger, webUiUrl, startedAt = new Date(), eagerStart = false } = dependencies;
  const verifier = dependencies.verifier ?? (config.auth.enabled ? createTokenVerifier(config.auth, config.dataDirPath) : undefined);
  const links: WebUiLinks = { baseUrl: webUiUrl, namespace: config.connection.namespace };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // First: every answer is counted and timed, refusals by sign-in and admission included.
  app.use(httpMetrics());
  if (config.tracing.enabled) app.use(httpTracing());
  app.use(requestLog(logger));
  app.use(helmet());
  // The codec server answers the Web UI's CORS preflight itself, before any sign-in.
  const codec = new CodecService(payloadCodecsFor(config), config.connection.namespace);
  const corsOrigins = codecCorsOrigins(config, webUiUrl);
  const authorize = dependencies.authorizeCodec ?? codecAuthorizer(config, verifier);
  app.use('/codec', codecRouter(codec, { corsOrigins, ...(authorize ? { authorize } : {}) }));
  if (config.http.corsOrigins.length > 0)
    app.use(cors({ origin: config.http.corsOrigins, allowedHeaders: ['Authorization', 'Content-Type'] }));
  const rateLimit = rateLimitPerPrincipal(config.auth.rateLimit.requestsPerMinute, verifier !== undefined);
  const auditRecorder = dependencies.auditRecorder ?? temporalAuditRecorder(config, client);
  app.use('/v1', authenticate(verifier), rateLimit);
  // The same sign-in and rate limit for GraphQL; its fields check their permissions and audit their writes themselves.
  const graphiql = config.auth.mode === 'local';
  app.use(graphqlPath, graphqlSignIn(verifier, graphiql), rateLimit);
  // After sign-in (who is known), before authorization (a refusal is recorded too).
  app.use('/v1', auditWrites(auditRecorder, logger));
  app.use('/v1', authorizeRoute());
  app.use(express.json({ limit: config.http.bodyLimitBytes }));
  app.use(temporalDeadline(client, config.http.temporalTimeout));

  // Answers within healthTimeoutMs whatever Temporal does: the deadline alone does not bound a refused connection's retries.
  app.get('/healthz', async (_req, res) => {
    const probe = client
      .withDeadline(Date.now() + healthTimeoutMs, () => client.workflowService.getSystemInfo({}))
      .then(() => 'reachable' as const)
      .catch(() => 'unreachable' as const);
    const temporal = await within(probe, healthTimeoutMs, 'unreachable');
    res.status(temporal === 'reachable' ? 200 : 503).json({ status: temporal === 'reachable' ? 'ok' : 'degraded', temporal });
  });
  const estimator = dependencies.estimator ?? new CompletionEstimator(config, client);
  const liveEvents = dependencies.liveEvents ?? createLiveEvents({ config, client, logger, estimator });
  const events = eventsRouter(config, liveEvents, logger);
  // Writes are made by a client per principal, so that Temporal's history names who started, cancelled or reset.
  // Starts made here are told to the live events at once (src/events/started-runs.ts).
  const acting = principalClients(config, client, { interceptors: [startedRunsInterceptor((run) => liveEvents.noticeStarted(run))] });
  const jobs = new JobService(config, client, links, new AdmissionControl(config, client), eagerStart, estimator, acting);
  const templates = loadTemplateFiles(shippedTemplatesDir, catalogFromConfig(config));
  const investigations = new InvestigationService(config, client, links, templates, eagerStart, estimator, acting);
  const records = new RecordService(config, client);
  app.use('/v1/jobs', jobsRouter(jobs, records));
  app.use('/v1/investigations', investigationsRouter(investigations, records));
  app.use('/v1/templates', templatesRouter(investigations));
  app.use('/v1/replays', replaysRouter(config, client, acting));
  const pauses = new PauseService(config, client);
  app.use('/v1/system', systemRouter(config, client, startedAt, pauses));
  app.use('/v1/queues', queuesRouter(config, client, pauses));
  app.use('/v1/agents', agentsRouter(config, client));
  const audit = new AuditService(config, client);
  const agents = Object.keys(config.agents);
  const pausesOf = (since: Date) => pauseWindows(audit, pauses, agents, since);
  app.use('/v1/sla', slaRouter(config, client, pausesOf));
  const analytics = new AnalyticsService(config, client);
  app.use('/v1/analytics', analyticsRouter(config, analytics));
  app.use('/v1/audit', auditRouter(audit));
  const custody = custodyTrail(config, client, auditRecorder);
  const evidence = new EvidenceService(config, client, new EvidenceVault(config), custody, audit, logger);
  app.use('/v1/evidence', evidenceRouter(evidence));
  app.use(
    '/v1/cases',
    casesRouter({ config, client, codecs: payloadCodecsFor(config), recorder: auditRecorder, custody, audit, evidence }),
  );
  app.use('/v1/forensics', forensicsRouter(config.dataDirPath));
  app.use('/v1/events', events.router);
  const yoga = taskmasterYoga(
    { config, client, jobs, investigations, auditRecorder, logger, startedAt, liveEvents, pauses, pausesOf, analytics },
    graphiql,
  );
  const graphqlSockets = graphqlWebSockets(yoga);
  const stopObserving = observeLiveApi(
    () => liveEvents.subscriberCount,
    () => graphqlSockets.connections(),
  );
  app.use(graphqlPath, graphqlSockets.handler, (req, res, next) => yoga(req, res, { req, res }).catch(next));
  app.use((req, _res, next) => next(new HttpError(404, 'NOT_FOUND', `no route ${req.method} ${req.path}`)));
  app.use(errorMiddleware(logger));
  assertEveryRouteHasPermission(app);
  // Every server app.listen() makes also serves WebSocket upgrades (GET /v1/events), through the same middleware.
  const listen = app.listen.bind(app) as (...args: unknown[]) => Server;
  app.listen = ((...args: unknown[]) => {
    const server = listen(...args);
    serveUpgrades(server, app);
    // Open WebSockets would hold server.close() forever: they are closed first (1001), and the service stopped.
    const close = server.close.bind(server);
    server.close = (callback?: (error?: Error) => void) => {
      events.close();
      graphqlSockets.close();
      stopObserving();
      if (dependencies.liveEvents === undefined) liveEvents.close();
      return close(callback);
    };
    return server;
  }) as Express['listen'];
  return app;
}

/** The configured Web UI origins, else the Web UI this stack links to and the dev server's, by IP and localhost. */
function codecCorsOrigins(config: LoadedConfig, webUiUrl: string | undefined): string[] {
  if (config.encryption.codecServer.corsOrigins.length > 0) return config.encryption.codecServer.corsOrigins;
  const uiPort = config.devServer.uiPort;
  const devUi = [`http://${config.devServer.ip}:${uiPort}`, `http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`];
  return webUiUrl === undefined ? devUi : [new URL(webUiUrl).origin, ...devUi];
}
