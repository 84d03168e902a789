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
import { rateLimitPerPrincipal } from './rate-limit';
import { assertEveryRouteHasPermission } from './route-permissions';
import { temporalDeadline, within } from './temporal-deadline';
import { auditRouter } from './routes/audit-router';
import { codecRouter, type CodecAuthorizer } from './routes/codec-router';
import { jobsRouter } from './routes/jobs-router';
import { investigationsRouter } from './routes/investigations-router';
import { queuesRouter } from './routes/queues-router';
import { replaysRouter } from './routes/replays-router';
import { slaRouter } from './routes/sla-router';
import { systemRouter } from './routes/system-router';
import { templatesRouter } from './routes/templates-router';

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
  app.use(requestLog(logger));
  app.use(helmet());
  // The codec server answers the Web UI's CORS preflight itself, before any sign-in.
  const codec = new CodecService(payloadCodecsFor(config), config.connection.namespace);
  const corsOrigins = codecCorsOrigins(config, webUiUrl);
  const authorize = dependencies.authorizeCodec ?? codecAuthorizer(config, verifier);
  app.use('/codec', codecRouter(codec, { corsOrigins, ...(authorize ? { authorize } : {}) }));
  if (config.http.corsOrigins.length > 0)
    app.use(cors({ origin: config.http.corsOrigins, allowedHeaders: ['Authorization', 'Content-Type'] }));
  app.use('/v1', authenticate(verifier), rateLimitPerPrincipal(config.auth.rateLimit.requestsPerMinute, verifier !== undefined));
  // After sign-in (who is known), before authorization (a refusal is recorded too).
  app.use('/v1', auditWrites(dependencies.auditRecorder ?? temporalAuditRecorder(config, client), logger));
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
  // Writes are made by a client per principal, so that Temporal's history names who started, cancelled or reset.
  const acting = principalClients(config, client);
  const jobs = new JobService(config, client, links, new AdmissionControl(config, client), eagerStart, acting);
  const templates = loadTemplateFiles(shippedTemplatesDir, catalogFromConfig(config));
  const investigations = new InvestigationService(config, client, links, templates, eagerStart, acting);
  app.use('/v1/jobs', jobsRouter(config, acting, jobs));
  app.use('/v1/investigations', investigationsRouter(config, acting, investigations));
  app.use('/v1/templates', templatesRouter(investigations));
  app.use('/v1/replays', replaysRouter(config, client, acting));
  app.use('/v1/system', systemRouter(config, client, startedAt));
  app.use('/v1/queues', queuesRouter(config, client));
  app.use('/v1/sla', slaRouter(config, client));
  app.use('/v1/audit', auditRouter(new AuditService(config, client)));
  app.use((req, _res, next) => next(new HttpError(404, 'NOT_FOUND', `no route ${req.method} ${req.path}`)));
  app.use(errorMiddleware(logger));
  assertEveryRouteHasPermission(app);
  return app;
}

/** The configured Web UI origins, else the Web UI this stack links to and the dev server's, by IP and localhost. */
function codecCorsOrigins(config: LoadedConfig, webUiUrl: string | undefined): string[] {
  if (config.encryption.codecServer.corsOrigins.length > 0) return config.encryption.codecServer.corsOrigins;
  const uiPort = config.devServer.uiPort;
  const devUi = [`http://${config.devServer.ip}:${uiPort}`, `http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`];
  return webUiUrl === undefined ? devUi : [new URL(webUiUrl).origin, ...devUi];
}
