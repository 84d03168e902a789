/** Latency of requests sent one after another: what a health checker or a polling client sees. */
export async function sequentialLatencies(url: string, count: number, keepGoing: () => boolean = () => true): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count && keepGoing(); i++) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** The p-th fraction of the samples (nearest rank), e.g. 0.99 for p99. */
export function percentileOf(samples: readonly number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? Number.NaN;
}

/** The identity a worker gives itself is `<host>/<pid>/<task queue>` (workers/create-workers.ts): its pid. */
export const pidOfWorkerIdentity = (identity: string | null | undefined): number | undefined => {
  const pid = Number(identity?.split('/')[1]);
  return Number.isInteger(pid) ? pid : undefined;
};
