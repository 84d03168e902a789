/**
 * The metrics the workflows record through the SDK's workflow metric meter (workflows/interceptors/job-metrics.ts),
 * exported by each orchestration worker's Prometheus endpoint beside the SDK's own temporal_* series. Pure module:
 * the workflow bundle, the workers (histogram buckets) and the dashboard's test share it.
 */

/**
 * The workflow types measured, by name: importing their contracts would load zod into every workflow's sandbox (a
 * unit test checks the names against jobWorkflowType and investigationWorkflowType).
 */
export const measuredWorkflowTypes = ['jobWorkflow', 'investigationWorkflow'] as const;
export const slaAlertWorkflowType = 'slaAlertWorkflow';

/** A job or investigation closed: tags type, priority, outcome (completed, failed, canceled), sla_status. */
export const jobsClosedMetric = 'taskmaster_jobs_closed_total';
/** From submission (the workflow's start) to its close, in seconds: tags type, priority, outcome. */
export const jobDurationMetric = 'taskmaster_job_duration_seconds';
/** An SLA warning (the job became AT_RISK) or breach raised: tags type, priority, event (SLA_WARNING, SLA_BREACH). */
export const slaEventsMetric = 'taskmaster_sla_events_total';

/** Seconds, from a fast job (well under a second) to a day-long investigation. */
export const jobDurationBuckets = [0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 43200, 86400];

/** Each worker process's resources, set every few seconds (src/metrics/worker-resources.ts): tag queues. */
export const workerResourceMetrics = {
  cpu: 'taskmaster_worker_cpu_utilization',
  memory: 'taskmaster_worker_resident_memory_bytes',
  heap: 'taskmaster_worker_heap_used_bytes',
  eventLoop: 'taskmaster_worker_event_loop_utilization',
} as const;

export const jobOutcomes = ['completed', 'failed', 'canceled'] as const;
export type JobOutcome = (typeof jobOutcomes)[number];
