/**
 * The Grafana dashboard (deploy/grafana/taskmaster-dashboard.json) queries only series that exist: the facade's
 * registry, the workflows' and workers' metrics (src/contracts/job-metrics.ts), and the SDK and server metrics that
 * Temporal documents. A renamed metric fails here rather than leaving an empty panel.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { investigationWorkflowType } from '../../../src/contracts/investigation-workflow';
import {
  jobDurationMetric,
  jobsClosedMetric,
  measuredWorkflowTypes,
  slaAlertWorkflowType,
  slaEventsMetric,
  workerResourceMetrics,
} from '../../../src/contracts/job-metrics';
import { jobWorkflowType } from '../../../src/contracts/job-workflow';
import { facadeRegistry } from '../../../src/metrics/facade-metrics';
import { slaAlertWorkflow } from '../../../workflows/sla-alert-workflow';

const histogramSeries = (name: string): string[] => [`${name}_bucket`, `${name}_sum`, `${name}_count`];

/**
 * From Temporal's SDK metrics reference (docs.temporal.io/references/sdk-metrics; the Core SDK's names, with the
 * temporal_ prefix and histograms in milliseconds) and its service metrics (metric_defs.go: matching's backlog).
 */
const temporalSdkMetrics = [
  'temporal_worker_task_slots_available',
  'temporal_worker_task_slots_used',
  'temporal_num_pollers',
  'temporal_workflow_completed',
  'temporal_workflow_failed',
  'temporal_request',
  'temporal_request_failure',
  ...histogramSeries('temporal_activity_schedule_to_start_latency'),
  ...histogramSeries('temporal_activity_execution_latency'),
  ...histogramSeries('temporal_workflow_task_schedule_to_start_latency'),
  ...histogramSeries('temporal_workflow_endtoend_latency'),
];
const temporalServerMetrics = ['approximate_backlog_count', 'approximate_backlog_age_seconds'];

function registeredNames(): Set<string> {
  const facade = facadeRegistry
    .getMetricsAsArray()
    .flatMap((metric) => (String(metric.type) === 'histogram' ? histogramSeries(metric.name) : [metric.name]));
  const workers = [jobsClosedMetric, slaEventsMetric, ...histogramSeries(jobDurationMetric), ...Object.values(workerResourceMetrics)];
  return new Set([...facade, ...workers, ...temporalSdkMetrics, ...temporalServerMetrics]);
}

const promqlKeywords = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset']);

/** The metric names a PromQL expression selects: what is left without strings, label matchers, ranges, groupings and functions. */
function metricNamesOf(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\b[a-zA-Z_][a-zA-Z0-9_]*\s*\(/g, '(')
    .replace(/\$__[a-z_]+/g, ' ');
  return [...bare.matchAll(/\b[a-zA-Z_:][a-zA-Z0-9_:]*\b/g)].map(([name]) => name).filter((name) => !promqlKeywords.has(name));
}

interface Panel {
  title?: string;
  targets?: Array<{ expr?: string }>;
  panels?: Panel[];
}

const dashboard = JSON.parse(readFileSync(path.resolve(__dirname, '../../../deploy/grafana/taskmaster-dashboard.json'), 'utf8')) as {
  panels: Panel[];
  templating: { list: Array<{ query?: unknown }> };
};
const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
const queries = panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title ?? '', expr: target.expr ?? '' })));

describe('the Grafana dashboard', () => {
  it('reads the names out of PromQL', () => {
    expect(metricNamesOf('histogram_quantile(0.95, sum by (le, priority) (rate(a_bucket{x=~"y|z"}[$__rate_interval])))')).toEqual([
      'a_bucket',
    ]);
    expect(metricNamesOf('sum(b{c!="NONE"}) / sum by (p) (increase(d[1h])) and on (p) e')).toEqual(['b', 'd', 'e']);
  });

  it('has panels for throughput, latency by class, SLA, backlog, and worker slots and resources', () => {
    const titles = panels.map((panel) => panel.title ?? '').join('\n');
    for (const topic of [/per second/i, /duration .* by priority class/i, /SLA compliance/i, /Backlog/, /slots/i, /CPU/, /memory/i]) {
      expect(titles).toMatch(topic);
    }
  });

  it('queries only metrics the code registers or Temporal documents', () => {
    const known = registeredNames();
    expect(queries.length).toBeGreaterThan(15);
    for (const { panel, expr } of queries) {
      const names = metricNamesOf(expr);
      expect({ panel, expr, selects: names.length > 0 }).toEqual({ panel, expr, selects: true });
      expect({ panel, unknown: names.filter((name) => !known.has(name)) }).toEqual({ panel, unknown: [] });
    }
    const variableQueries = dashboard.templating.list.flatMap((variable) => {
      const query = variable.query as { query?: string } | string | undefined;
      const text = typeof query === 'string' ? query : query?.query;
      return text?.startsWith('label_values(') ? [/label_values\(([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(text)?.[1] ?? ''] : [];
    });
    expect(variableQueries.filter((name) => !known.has(name))).toEqual([]);
  });
});

describe('the workflow metrics interceptor', () => {
  it('names the measured workflow types as their contracts do (it cannot import them: zod would load in every workflow)', () => {
    expect([...measuredWorkflowTypes]).toEqual([jobWorkflowType, investigationWorkflowType]);
    expect(slaAlertWorkflowType).toBe(slaAlertWorkflow.name);
  });
});
