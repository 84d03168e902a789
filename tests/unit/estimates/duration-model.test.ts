import { expectedWork, loadSampleSize, typeSampleSize, type RunSample } from '../../../src/estimates/duration-model';

const run = (jobType: string, durationMs: number, queueWaitMs = 0): RunSample => ({ jobType, durationMs, queueWaitMs });

describe('expectedWork', () => {
  it('says null with fewer than three runs of the type, whatever the other types did', () => {
    expect(expectedWork([run('A', 1000), run('A', 1000), run('B', 500), run('B', 500), run('B', 500)], 'A')).toBeNull();
    expect(expectedWork([], 'A')).toBeNull();
  });

  it("on a steady stream, is the type's median, whatever the priority of its runs", () => {
    const runs = [run('A', 900), run('B', 5000), run('A', 1000), run('B', 4800), run('A', 1100), run('B', 5200)];
    expect(expectedWork(runs, 'A')).toMatchObject({ workMs: 1000, loadFactor: 1 });
    expect(expectedWork(runs, 'B')).toMatchObject({ workMs: 5000, loadFactor: 1 });
  });

  it("takes the runs' queue waits out: the wait ahead of the job is the estimator's to add", () => {
    const runs = [run('A', 3000, 2000), run('A', 1100, 100), run('A', 1000, 0)];
    expect(expectedWork(runs, 'A')?.workMs).toBe(1000);
  });

  it("follows a change of load from the last runs of every type before the type's own samples turn over", () => {
    // The host got twice as slow: the last ten runs (of other types) took twice their type's usual time.
    const slower = Array.from({ length: loadSampleSize }, (_, index) => run(index % 2 ? 'B' : 'C', index % 2 ? 4000 : 2000));
    const before = [
      ...Array.from({ length: typeSampleSize }, () => run('A', 1000)),
      ...Array.from({ length: typeSampleSize }, () => run('B', 2000)),
      ...Array.from({ length: typeSampleSize }, () => run('C', 1000)),
    ];
    const expected = expectedWork([...slower, ...before], 'A');
    expect(expected?.loadFactor).toBe(2);
    expect(expected?.workMs).toBe(2000);
    expect(expected?.scaledSamples.every((sample) => sample === 2000)).toBe(true);
  });

  it("reads the type's scale from its last 20 runs only", () => {
    const recent = Array.from({ length: typeSampleSize }, () => run('A', 2000));
    const old = Array.from({ length: 30 }, () => run('A', 500));
    expect(expectedWork([...recent, ...old], 'A')?.workMs).toBe(2000);
  });
});
