/**
 * How long a run of a job type should take under the current load, from the recent completed runs: pure, so that
 * the formula is tested on its own (tests/unit/estimates). The queue wait that comes on top is the estimator's.
 *
 *   work     = a run's start-to-close time minus the time its steps waited in their queues (TaskmasterQueueWaitMs)
 *   T        = median work of the last 20 runs of the job type, whatever their priority: the type's own scale (the
 *              work does not depend on the class; only the queue wait does, and that is added apart)
 *   L        = median, over the last 10 runs of any type, of their work / the T of their type: how much slower or
 *              faster the host runs now than over the type's samples. Ten runs of all types are seconds of a busy
 *              stream, where the type's own 20 may be minutes: a change of load shows in L first.
 *   expected = T × L
 *
 * Measured on a steady mixed load (npm run bench:events, six types): the median error of T × L was 19 to 21%, and
 * 28% in a phase that ran 2.5 times slower than the one before it, against 20% and 65% for the median of the last
 * 20 runs of the same type and class.
 */

export interface RunSample {
  jobType: string;
  /** Start to close, ms. */
  durationMs: number;
  /** Time its steps waited in their queues, ms (0 when unknown). */
  queueWaitMs: number;
}

/** Fewer runs of the type than this, and it cannot be told. */
export const minimumSamples = 3;
/** Runs of the type its scale is read from. */
export const typeSampleSize = 20;
/** Recent runs of any type the load factor is read from. */
export const loadSampleSize = 10;

export interface ExpectedWork {
  /** T × L, ms. */
  workMs: number;
  /** L. */
  loadFactor: number;
  /** The type's samples of work, scaled by L: what "how much is left" is read from once the run is past T × L. */
  scaledSamples: number[];
}

/** From the recent runs, newest first; null with fewer than minimumSamples runs of the type. */
export function expectedWork(runs: readonly RunSample[], jobType: string): ExpectedWork | null {
  const workByType = new Map<string, number[]>();
  for (const run of runs) {
    const work = workByType.get(run.jobType) ?? [];
    if (work.length < typeSampleSize) work.push(workOf(run));
    workByType.set(run.jobType, work);
  }
  const ownWork = workByType.get(jobType) ?? [];
  if (ownWork.length < minimumSamples) return null;
  const scale = new Map<string, number>();
  for (const [type, work] of workByType) if (work.length >= minimumSamples) scale.set(type, quantile(work, 0.5));
  const ratios: number[] = [];
  for (const run of runs) {
    if (ratios.length >= loadSampleSize) break;
    const typeScale = scale.get(run.jobType);
    if (typeScale !== undefined && typeScale > 0) ratios.push(workOf(run) / typeScale);
  }
  const loadFactor = ratios.length > 0 ? quantile(ratios, 0.5) : 1;
  const typeScale = scale.get(jobType) ?? 0;
  return { workMs: typeScale * loadFactor, loadFactor, scaledSamples: ownWork.map((work) => work * loadFactor) };
}

function workOf(run: RunSample): number {
  return Math.max(0, run.durationMs - run.queueWaitMs);
}

/** The q-quantile of the values (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}
