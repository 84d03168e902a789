/**
 * A typed client of Taskmaster's API: every REST route, the live events (WebSocket) and GraphQL. The token comes from
 * the `token` option or TASKMASTER_TOKEN; the base URL from `baseUrl` or TASKMASTER_URL (default http://127.0.0.1:3000).
 */
import { terminalStatuses, type EventFilter, type JobStatusUpdate, type LiveEvent } from '../contracts/live-events';
import { TaskmasterApiError } from './api-error';
import type * as Api from './api-types';
import { errorOfAnswer, eventStream } from './event-stream';

export interface TaskmasterClientOptions {
  baseUrl?: string;
  token?: string;
  /** Per call; default 30 s. */
  timeoutMs?: number;
}

export const defaultBaseUrl = 'http://127.0.0.1:3000';

/** What watch() follows: a job or an investigation, by id. */
export type WatchTarget = { jobId: string } | { investigationId: string };

export interface WatchOptions {
  signal?: AbortSignal;
  /** Reconnects after an unexpected drop, each resuming from the last cursor; default 5. */
  maxReconnects?: number;
}

type Query = Record<string, string | number | undefined>;

export class TaskmasterClient {
  readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly timeoutMs: number;

  constructor(options: TaskmasterClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? process.env.TASKMASTER_URL ?? defaultBaseUrl).replace(/\/+$/, '');
    this.token = options.token ?? process.env.TASKMASTER_TOKEN;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  // Jobs
  submitJob = (request: Api.SubmitJobRequest) => this.call<Api.SubmittedJob>('POST', '/v1/jobs', { body: request });
  getJob = (jobId: string) => this.call<Api.JobDetails>('GET', `/v1/jobs/${encodeURIComponent(jobId)}`);
  listJobs = (query: Api.ListJobsQuery = {}) => this.call<Api.JobPage>('GET', '/v1/jobs', { query });
  cancelJob = (jobId: string) => this.call<Api.CancelAnswer>('POST', `/v1/jobs/${encodeURIComponent(jobId)}/cancel`);
  replayJob = (jobId: string, request: Api.RerunRequest = {}) =>
    this.call<Api.Rerun & { jobId: string }>('POST', `/v1/jobs/${encodeURIComponent(jobId)}/replay`, { body: request });

  // Investigations and templates
  startInvestigation = (request: Api.StartInvestigationRequest) =>
    this.call<Api.StartedInvestigation>('POST', '/v1/investigations', { body: request });
  getInvestigation = (id: string) => this.call<Api.InvestigationDetails>('GET', `/v1/investigations/${encodeURIComponent(id)}`);
  listInvestigations = (query: Api.ListInvestigationsQuery = {}) =>
    this.call<{ investigations: Api.InvestigationSummary[]; nextPageToken?: string }>('GET', '/v1/investigations', { query });
  cancelInvestigation = (id: string) => this.call<Api.CancelAnswer>('POST', `/v1/investigations/${encodeURIComponent(id)}/cancel`);
  replayInvestigation = (id: string, request: Api.RerunRequest = {}) =>
    this.call<Api.Rerun & { investigationId: string }>('POST', `/v1/investigations/${encodeURIComponent(id)}/replay`, { body: request });
  templates = () => this.call<{ templates: Api.TemplateView[] }>('GET', '/v1/templates');

  // The platform
  systemStatus = () => this.call<Api.SystemStatus>('GET', '/v1/system/status');
  queues = () => this.call<{ queues: Api.AgentQueueStatus[] }>('GET', '/v1/queues');
  queue = (agent: string) => this.call<Api.AgentQueueStatus>('GET', `/v1/queues/${encodeURIComponent(agent)}`);
  /** SLA standing per priority class over a window such as '24h' (default 24h). */
  sla = (window?: string) => this.call<Api.SlaReport>('GET', '/v1/sla', { query: { window } });
  startBulkReplay = (request: Api.BulkReplayRequest) => this.call<Api.StartedBulkReplay>('POST', '/v1/replays', { body: request });
  getBulkReplay = (batchId: string) => this.call<Record<string, unknown>>('GET', `/v1/replays/${encodeURIComponent(batchId)}`);
  audit = (query: Api.AuditListQuery = {}) => this.call<Api.AuditPage>('GET', '/v1/audit', { query });

  /** A GraphQL operation at /graphql; GraphQL errors are thrown as TaskmasterApiError with the HTTP status and code. */
  async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const answer = await this.call<{ data?: T; errors?: Array<{ message: string; extensions?: { code?: string; details?: unknown } }> }>(
      'POST',
      '/graphql',
      { body: { query, variables }, graphql: true },
    );
    const [error] = answer.errors ?? [];
    if (error) throw new TaskmasterApiError(200, error.extensions?.code ?? 'GRAPHQL_ERROR', error.message, error.extensions?.details);
    if (answer.data === undefined) throw new TaskmasterApiError(200, 'GRAPHQL_ERROR', 'the answer has no data');
    return answer.data;
  }

  /** The live events matching the filter (GET /v1/events), as they happen, until the signal aborts or the server closes. */
  events(filter: EventFilter = {}, signal?: AbortSignal): AsyncGenerator<LiveEvent> {
    return eventStream({ baseUrl: this.baseUrl, token: this.token, filter, signal });
  }

  /**
   * A job's or investigation's updates as they happen, ending after its terminal status (COMPLETED, FAILED,
   * CANCELED...). A dropped connection is resumed from the last cursor, so that no terminal status is lost.
   */
  async *watch(target: WatchTarget, options: WatchOptions = {}): AsyncGenerator<JobStatusUpdate> {
    let since: string | undefined;
    let reconnects = 0;
    for (;;) {
      const filter: EventFilter = { ...target, ...(since === undefined ? {} : { since }) };
      try {
        for await (const event of this.events(filter, options.signal)) {
          if (event.type !== 'job_status_update') continue;
          since = event.cursor;
          reconnects = 0;
          yield event;
          if (terminalStatuses.includes(event.status)) return;
        }
      } catch (error) {
        if (error instanceof TaskmasterApiError) throw error;
        if (reconnects >= (options.maxReconnects ?? 5)) throw error;
      }
      if (options.signal?.aborted) return;
      if (reconnects >= (options.maxReconnects ?? 5)) throw new Error('the event stream kept closing; giving up');
      reconnects++;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** reconnects));
    }
  }

  /** Whether an id names a job or an investigation that the token may see (a job first); a 404 when neither. */
  async resolveTarget(
    id: string,
  ): Promise<{ kind: 'job'; job: Api.JobDetails } | { kind: 'investigation'; investigation: Api.InvestigationDetails }> {
    try {
      return { kind: 'job', job: await this.getJob(id) };
    } catch (error) {
      if (!(error instanceof TaskmasterApiError) || error.status !== 404) throw error;
    }
    return { kind: 'investigation', investigation: await this.getInvestigation(id) };
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; query?: Query; graphql?: boolean } = {},
  ): Promise<T> {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.token !== undefined) headers.Authorization = `Bearer ${this.token}`;
    if (method === 'POST') headers['Content-Type'] = 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      ...(method === 'POST' ? { body: JSON.stringify(options.body ?? {}) } : {}),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    if (options.graphql && response.headers.get('content-type')?.includes('json') && text.includes('"errors"')) {
      const parsed = JSON.parse(text) as { errors?: Array<{ message: string; extensions?: { code?: string; details?: unknown } }> };
      const [error] = parsed.errors ?? [];
      if (error && !response.ok)
        throw new TaskmasterApiError(response.status, error.extensions?.code ?? 'GRAPHQL_ERROR', error.message, error.extensions?.details);
    }
    if (!response.ok) throw errorOfAnswer(response.status, text);
    return JSON.parse(text) as T;
  }
}
