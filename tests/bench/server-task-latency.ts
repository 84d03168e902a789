/**
 * The Temporal history service's own account of its queue tasks, from its Prometheus endpoint: two scrapes around a
 * moment (the due timers' second) and the difference of their histograms, so that a benchmark can say where a late
 * timer spent its time: waiting to be read from persistence (`task_latency_load`), waiting for a worker of the
 * service's task scheduler (`task_latency_schedule`), or being processed (`task_latency_processing`: loading the
 * workflow's state and writing TimerFired). `task_latency_queue` is the whole span, from the task's due time to done.
 */

/** Bucket upper bounds (seconds) to cumulative counts, summed over every series of one metric and operation. */
export type Histogram = Map<number, number>;

/** metric name -> histogram, for one operation (a task type, as `TimerActiveTaskUserTimer`). */
export type TaskLatencies = Map<string, Histogram>;

export const taskLatencyMetrics = ['task_latency_load', 'task_latency_schedule', 'task_latency_processing', 'task_latency_queue'] as const;

const bucketLine = /^([a-z_]+)_bucket\{(.*)\}\s+(\S+)$/;

/** The histograms of `metrics` for `operation` in a Prometheus text exposition. */
export function parseTaskLatencies(text: string, operation: string, metrics: readonly string[] = taskLatencyMetrics): TaskLatencies {
  const latencies: TaskLatencies = new Map();
  for (const line of text.split('\n')) {
    const match = bucketLine.exec(line);
    if (!match) continue;
    const [, name = '', labels = '', value = ''] = match;
    if (!metrics.includes(name) || !labels.includes(`operation="${operation}"`)) continue;
    const le = /(?:^|,)le="([^"]+)"/.exec(labels)?.[1];
    if (le === undefined) continue;
    const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
    const histogram = latencies.get(name) ?? new Map<number, number>();
    histogram.set(bound, (histogram.get(bound) ?? 0) + Number(value));
    latencies.set(name, histogram);
  }
  return latencies;
}

/** What was recorded between two scrapes. */
export function histogramDifference(before: Histogram | undefined, after: Histogram | undefined): Histogram {
  const difference: Histogram = new Map();
  for (const [bound, count] of after ?? []) difference.set(bound, count - (before?.get(bound) ?? 0));
  return difference;
}

/**
 * A quantile of a cumulative histogram, interpolated within its bucket as Prometheus' `histogram_quantile` does;
 * NaN when it holds no observation. In the top bucket it answers that bucket's lower bound.
 */
export function histogramQuantile(histogram: Histogram, quantile: number): number {
  const bounds = [...histogram.keys()].sort((a, b) => a - b);
  const total = histogram.get(Number.POSITIVE_INFINITY) ?? histogram.get(bounds.at(-1) ?? 0) ?? 0;
  if (total <= 0) return Number.NaN;
  const rank = quantile * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bound of bounds) {
    const count = histogram.get(bound) ?? 0;
    if (count >= rank) {
      if (!Number.isFinite(bound)) return lowerBound;
      return lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / Math.max(count - lowerCount, 1e-9);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

/** The endpoint's Prometheus text; undefined (and the reason on stderr) when it does not answer. */
export async function scrapeMetrics(url: string): Promise<string | undefined> {
  try {
    const answer = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
    return await answer.text();
  } catch (error) {
    process.stderr.write(`the server's metrics at ${url} did not answer: ${String(error)}\n`);
    return undefined;
  }
}

/** One line per metric: count, p50, p95 and p99 of what the server recorded between the two scrapes. */
export function describeTaskLatencies(
  before: TaskLatencies,
  after: TaskLatencies,
  metrics: readonly string[] = taskLatencyMetrics,
  unit = 'tasks',
): string[] {
  return metrics.map((name) => {
    const difference = histogramDifference(before.get(name), after.get(name));
    const count = difference.get(Number.POSITIVE_INFINITY) ?? 0;
    const seconds = (quantile: number): string => {
      const value = histogramQuantile(difference, quantile);
      return Number.isNaN(value) ? '-' : `${(value * 1000).toFixed(0)} ms`;
    };
    return `${name}: ${count} ${unit}, p50 ${seconds(0.5)}, p95 ${seconds(0.95)}, p99 ${seconds(0.99)}`;
  });
}
