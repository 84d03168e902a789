import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { LoadedConfig } from '../config/load-config';
import { catalogFromConfig } from '../investigations/service/catalog-from-config';
import { InvestigationService } from '../investigations/service/investigation-service';
import { loadTemplateFiles, shippedTemplatesDir } from '../investigations/template-files';
import { AdmissionControl } from '../jobs/admission-control';
import { JobService } from '../jobs/job-service';
import type { WebUiLinks } from '../jobs/job-view';
import { errorMiddleware } from './error-middleware';
import { HttpError } from './http-error';
import { temporalDeadline, within } from './temporal-deadline';
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
  /** Base URL of the Temporal Web UI, for the links in answers. */
  webUiUrl: string;
  startedAt?: Date;
  /** Start workflows eagerly: true only when this process runs the orchestration worker on the client's connection. */
  eagerStart?: boolean;
}

/** How long /healthz waits for Temporal before it reports it unreachable (load balancers time out at about 2 s). */
const healthTimeoutMs = 1_500;

/** The HTTP facade over the Temporal client. Every answer is JSON, errors included. */
export function createApp({ config, client, logger, webUiUrl, startedAt = new Date(), eagerStart = false }: AppDependencies): Express {
  const links: WebUiLinks = { baseUrl: webUiUrl, namespace: config.connection.namespace };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === '/healthz' }, quietReqLogger: true }));
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
  const jobs = new JobService(config, client, links, new AdmissionControl(config, client), eagerStart);
  const templates = loadTemplateFiles(shippedTemplatesDir, catalogFromConfig(config));
  const investigations = new InvestigationService(config, client, links, templates, eagerStart);
  app.use('/v1/jobs', jobsRouter(config, client, jobs));
  app.use('/v1/investigations', investigationsRouter(config, client, investigations));
  app.use('/v1/templates', templatesRouter(investigations));
  app.use('/v1/replays', replaysRouter(config, client));
  app.use('/v1/system', systemRouter(config, client, startedAt));
  app.use('/v1/queues', queuesRouter(config, client));
  app.use('/v1/sla', slaRouter(config, client));
  app.use((req, _res, next) => next(new HttpError(404, 'NOT_FOUND', `no route ${req.method} ${req.path}`)));
  app.use(errorMiddleware(logger));
  return app;
}
