/**
 * The API's bodies and answers, as the client sends and reads them: request types inferred from the same zod schemas
 * the facade validates with (z.input: what a caller may send, defaults still optional), answers from the services
 * that make them. Type imports only: the client loads none of the server's code.
 */
import type { z } from 'zod';
import type { AuditQuery } from '../audit/audit-query';
import type { AuditPage } from '../audit/audit-service';
import type { PriorityClass } from '../config/priority-classes';
import type { EventFilter, JobStatusUpdate, LiveEvent } from '../contracts/live-events';
import type { startInvestigationRequestSchema } from '../investigations/service/investigation-request';
import type { InvestigationDetails, InvestigationSummary } from '../investigations/service/investigation-view';
import type { TemplateView } from '../investigations/service/template-view';
import type { listJobsQuerySchema, submitJobRequestSchema } from '../jobs/job-request';
import type { JobDetails, JobPage } from '../jobs/job-service';
import type { bulkReplayRequestSchema, StartedBulkReplay } from '../replay/batch-replay';
import type { Rerun } from '../replay/rerun';
import type { rerunRequestSchema } from '../replay/rerun-request';
import type { AgentQueueStatus } from '../system/queue-status';
import type { SlaReport } from '../system/sla-report';
import type { SystemStatus } from '../system/system-status';

export type { AuditPage, EventFilter, InvestigationDetails, InvestigationSummary, JobDetails, JobPage, JobStatusUpdate, LiveEvent };
export type { AgentQueueStatus, PriorityClass, Rerun, SlaReport, StartedBulkReplay, SystemStatus, TemplateView };

export type SubmitJobRequest = z.input<typeof submitJobRequestSchema>;
/** The query string of GET /v1/jobs (pageSize is coerced from text there, hence typed apart). */
export type ListJobsQuery = Omit<Partial<z.input<typeof listJobsQuerySchema>>, 'pageSize'> & { pageSize?: number };
export type ListInvestigationsQuery = Omit<ListJobsQuery, 'type'>;
export type StartInvestigationRequest = z.input<typeof startInvestigationRequestSchema>;
export type RerunRequest = z.input<typeof rerunRequestSchema>;
export type BulkReplayRequest = z.input<typeof bulkReplayRequestSchema>;
export type AuditListQuery = Partial<Record<keyof AuditQuery, string | number>>;

/** POST /v1/jobs's answer. */
export interface SubmittedJob {
  jobId: string;
  workflowId: string;
  runId: string;
  status: string;
  /** Seconds to completion estimated at submission, and the time that makes; null when nobody can tell. */
  estimatedTime: number | null;
  estimatedCompletion: string | null;
}

/** POST /v1/investigations's answer. */
export interface StartedInvestigation {
  investigationId: string;
  workflowId: string;
  runId: string;
  status: string;
}

export interface CancelAnswer {
  status: 'CANCEL_REQUESTED';
  jobId?: string;
  investigationId?: string;
}

/** The error shape of every 4xx and 5xx answer. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
