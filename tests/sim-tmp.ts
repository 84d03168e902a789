import { estimatePercentiles, gridOf, maxRounds, relativeErrorBound, defaultPercentileSearch } from '../src/analytics/percentile-search';
let seed = 7;
const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
const normal = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
const dists: Record<string, () => number> = {
  'lognormal 2s s=1': () => Math.round(2000 * Math.exp(normal())),
  'lognormal 150ms s=0.3': () => Math.round(150 * Math.exp(0.3 * normal())),
  'lognormal 50ms s=2': () => Math.round(50 * Math.exp(2 * normal())),
  'constant 300': () => 300,
  'uniform 0-5e9': () => Math.floor(random() * 5e9),
  'zeros+some': () => (random() < 0.7 ? 0 : Math.round(20 * Math.exp(normal()))),
  'bimodal 100ms/10min': () => (random() < 0.9 ? Math.round(100 * Math.exp(0.2 * normal())) : Math.round(600000 * Math.exp(0.2 * normal()))),
  'queue 5ms': () => Math.round(5 * Math.exp(normal())),
};
console.log('grid', gridOf(defaultPercentileSearch).length, 'maxRounds', maxRounds(), 'bound', relativeErrorBound());
void (async () => { for (const [name, gen] of Object.entries(dists)) {
  const values = Array.from({ length: 5000 }, gen).sort((a, b) => a - b);
  let calls = 0;
  const countBelow = async (edge: number) => { calls++; let lo = 0, hi = values.length; while (lo < hi) { const m = (lo + hi) >> 1; if ((values[m] as number) < edge) lo = m + 1; else hi = m; } return lo; };
  const est = await estimatePercentiles(countBelow, [0.5, 0.95], defaultPercentileSearch, values.length);
  const nr = (f: number) => values[Math.max(1, Math.ceil(f * values.length)) - 1] as number;
  console.log(name.padEnd(24), 'calls', calls, 'p50', nr(0.5), est[0]?.ms.toFixed(1), 'p95', nr(0.95), est[1]?.ms.toFixed(1));
}
})();
