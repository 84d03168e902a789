import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { AnalyticsService } from '../../analytics/analytics-service';
import type { AuditRecorder } from '../../audit/audit-recorder';
import type { LoadedConfig } from '../../config/load-config';
import type { LiveEvents } from '../../events';
import type { InvestigationService } from '../../investigations/service/investigation-service';
import type { JobService } from '../../jobs/job-service';
import type { PauseService } from '../../pause/pause-service';
import type { PauseWindow } from '../../pause/pause-windows';

/** The services the resolvers call: the same instances the REST routers use, so that both doors behave alike. */
export interface GraphQLServices {
  config: LoadedConfig;
  client: Client;
  jobs: JobService;
  investigations: InvestigationService;
  auditRecorder: AuditRecorder;
  logger: Logger;
  startedAt: Date;
  /** What is paused (system status) and the pauses of a window (SLA report), as REST reads them. */
  pauses: PauseService;
  pausesOf: (since: Date) => Promise<PauseWindow[]>;
  /** The source of the subscriptions: the one GET /v1/events reads. */
  liveEvents: LiveEvents;
  /** Historical analytics, with the cache GET /v1/analytics fills. */
  analytics: AnalyticsService;
}
