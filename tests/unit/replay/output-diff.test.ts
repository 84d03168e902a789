import { outputDiff } from '../../../src/replay/output-diff';

describe('outputDiff', () => {
  it('names each path that changed, was added or removed', () => {
    expect(
      outputDiff(
        { score: 40, drivers: [{ factor: 'PEP' }], level: 'MEDIUM' },
        { score: 55, drivers: [{ factor: 'PEP' }, { factor: 'SANCTIONS' }], level: 'MEDIUM' },
      ),
    ).toEqual(['drivers.1: (absent) -> {"factor":"SANCTIONS"}', 'score: 40 -> 55']);
  });

  it('is empty for equal values, and stops at the limit', () => {
    expect(outputDiff({ a: [1, 2] }, { a: [1, 2] })).toEqual([]);
    expect(
      outputDiff(
        Array.from({ length: 100 }, (_, i) => i),
        [],
        5,
      ),
    ).toHaveLength(5);
  });
});
