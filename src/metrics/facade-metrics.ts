/**
 * The facade's Prometheus metrics (prom-client), one registry per process: what the HTTP layer, the services and
 * the live API record, served by metrics-server.ts on its own port. Metric names are listed in
 * `facadeMetricNames`, which the Grafana dashboard's test checks its queries against.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const facadeRegistry = new Registry();
// CPU, memory, event loop lag and GC of the facade's process (process_*, nodejs_*).
collectDefaultMetrics({ register: facadeRegistry });

/** Seconds: API answers are tens of milliseconds, a slow Temporal call up to http.temporalTimeout (10 s). */
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const httpRequests = new Counter({
  name: 'taskmaster_http_requests_total',
  help: 'HTTP requests answered by the facade, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [facadeRegistry],
});

export const httpRequestDuration = new Histogram({
  name: 'taskmaster_http_request_duration_seconds',
  help: 'Time from the request arriving to its answer being sent, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: latencyBuckets,
  registers: [facadeRegistry],
});

export const submissions = new Counter({
  name: 'taskmaster_submissions_total',
  help: 'Jobs and investigations started (not an idempotent retry that found its job), by kind, type and priority class',
  labelNames: ['kind', 'type', 'priority'] as const,
  registers: [facadeRegistry],
});

export const admissionRejections = new Counter({
  name: 'taskmaster_admission_rejections_total',
  help:
    'Requests refused for capacity (429: class at maxOpen, rate limit, subscriber limit) ' +
    'or availability (503: Temporal or the token keys unreachable)',
  labelNames: ['status', 'code', 'route'] as const,
  registers: [facadeRegistry],
});

export const authRejections = new Counter({
  name: 'taskmaster_auth_rejections_total',
  help: 'Requests refused by sign-in (401: no or bad token) or authorization (403: the role lacks the permission)',
  labelNames: ['status', 'code', 'route'] as const,
  registers: [facadeRegistry],
});

export const liveHistoryPolls = new Counter({
  name: 'taskmaster_live_history_polls_total',
  help: 'History long-polls (GetWorkflowExecutionHistory with waitNewEvent) made by the live API to follow runs',
  registers: [facadeRegistry],
});

/** Sources of the gauges below, one per app in this process (tests build several); summed at each scrape. */
const liveSubscriberSources = new Set<() => number>();
const graphqlConnectionSources = new Set<() => number>();

export const liveSubscribers = new Gauge({
  name: 'taskmaster_live_subscribers',
  help: 'Open live-event subscriptions (GET /v1/events WebSockets and GraphQL subscriptions)',
  registers: [facadeRegistry],
  collect() {
    this.set(sum(liveSubscriberSources));
  },
});

export const graphqlConnections = new Gauge({
  name: 'taskmaster_graphql_ws_connections',
  help: 'Open GraphQL WebSocket connections (graphql-ws), each carrying any number of subscriptions',
  registers: [facadeRegistry],
  collect() {
    this.set(sum(graphqlConnectionSources));
  },
});

/** Counts a job or investigation that was started (not one an idempotency key found). */
export function recordSubmission(kind: 'job' | 'investigation', type: string, priority: string): void {
  submissions.inc({ kind, type, priority });
}

/** Adds an app's live subscriber and GraphQL connection counts to the gauges; returns the function that removes them. */
export function observeLiveApi(subscriberCount: () => number, graphqlConnectionCount: () => number): () => void {
  liveSubscriberSources.add(subscriberCount);
  graphqlConnectionSources.add(graphqlConnectionCount);
  return () => {
    liveSubscriberSources.delete(subscriberCount);
    graphqlConnectionSources.delete(graphqlConnectionCount);
  };
}

const sum = (sources: ReadonlySet<() => number>): number => [...sources].reduce((total, count) => total + count(), 0);
