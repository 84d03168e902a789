import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { AuditRecorder } from '../../audit/audit-recorder';
import type { LoadedConfig } from '../../config/load-config';
import type { LiveEvents } from '../../events';
import type { InvestigationService } from '../../investigations/service/investigation-service';
import type { JobService } from '../../jobs/job-service';

/** The services the resolvers call: the same instances the REST routers use, so that both doors behave alike. */
export interface GraphQLServices {
  config: LoadedConfig;
  client: Client;
  jobs: JobService;
  investigations: InvestigationService;
  auditRecorder: AuditRecorder;
  logger: Logger;
  startedAt: Date;
  /** The source of the subscriptions: the one GET /v1/events reads. */
  liveEvents: LiveEvents;
}
