import { readFileSync } from 'node:fs';
import { estimatePercentiles, defaultPercentileSearch } from '../src/analytics/percentile-search';
const data = JSON.parse(readFileSync('/tmp/sim/real.json', 'utf8')) as { d: number[]; q: number[] };
void (async () => {
  for (const [name, raw] of Object.entries(data)) {
    const values = [...raw].sort((a, b) => a - b);
    for (const guess of [0]) {
      let calls = 0;
      const countBelow = async (edge: number) => { calls++; let lo = 0, hi = values.length; while (lo < hi) { const m = (lo + hi) >> 1; if ((values[m] as number) < edge) lo = m + 1; else hi = m; } return lo; };
      const est = await estimatePercentiles(countBelow, [0.5, 0.95], defaultPercentileSearch, values.length);
      console.log(name, 'guess', guess, 'calls', calls, est.map((e) => e?.ms.toFixed(0)).join(' '));
    }
  }
})();
