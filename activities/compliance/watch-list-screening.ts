import type { ComplianceInput, WatchListHit } from './schema';
import { compareStrings } from '../shared/text';
import { JaroPattern } from './jaro-pattern';
import { commonPrefixLength, minimumJaroFor, winklerBoost } from './jaro-winkler';
import { normalizeName, tokenSorted } from './name-normalization';

// Read once: inside Jest's vm sandbox each global lookup (Math.min...) in a hot loop costs about 100 times more,
// which would make the timing tests meaningless. In a worker it makes no difference.
const { ceil, max, min } = Math;

type WatchListEntry = NonNullable<ComplianceInput['watchList']>[number];

/** The best entries reported per counterparty: enough to review, and a bound on the size of the result. */
export const maxHitsPerCounterparty = 10;

/** A counterparty as screened: one per normalised name, with every transaction that uses it. */
export interface ScreenedCounterparty {
  normalized: string;
  displayName: string;
  transactionIds: string[];
}

interface ListedName {
  /** Entries (and their original spelling) that normalise to this name: lists repeat names across entries. */
  sources: { entryIndex: number; original: string }[];
  normalized: string;
  sorted: string;
  /** Sparse character counts: bins (code mod 64) and their counts. Collisions only loosen the bound, safely. */
  bins: number[];
  counts: number[];
}

function binCounts(normalized: string): Uint16Array {
  const histogram = new Uint16Array(64);
  for (let i = 0; i < normalized.length; i += 1) {
    const bin = normalized.charCodeAt(i) & 63;
    histogram[bin] = (histogram[bin] ?? 0) + 1;
  }
  return histogram;
}

function listedNames(watchList: readonly WatchListEntry[]): ListedName[] {
  const byName = new Map<string, ListedName>();
  watchList.forEach((entry, entryIndex) => {
    for (const original of [entry.name, ...(entry.aliases ?? [])]) {
      const normalized = normalizeName(original);
      if (normalized === '') continue;
      const known = byName.get(normalized);
      if (known) {
        known.sources.push({ entryIndex, original });
        continue;
      }
      const histogram = binCounts(normalized);
      const bins: number[] = [];
      const counts: number[] = [];
      histogram.forEach((count, bin) => {
        if (count > 0) {
          bins.push(bin);
          counts.push(count);
        }
      });
      const sources = [{ entryIndex, original }];
      byName.set(normalized, { sources, normalized, sorted: tokenSorted(normalized), bins, counts });
    }
  });
  return [...byName.values()].sort((a, b) => a.normalized.length - b.normalized.length);
}

/** Jaro-Winkler of a listed name against a counterparty (in that argument order). */
function similarity(name: string, counterparty: JaroPattern): number {
  return winklerBoost(counterparty.jaroFrom(name), commonPrefixLength(name, counterparty.text));
}

/**
 * Compares every distinct counterparty with every name and alias of the watch list: the similarity is
 * jaroWinkler(listed name, counterparty) of the normalised names, or of their tokens sorted alphabetically (lists
 * and payments disagree on word order), whichever is higher. A hit is an entry's best-scoring name when it reaches
 * the threshold; one hit per counterparty and entry, at most `maxHitsPerCounterparty` per counterparty, best score
 * first.
 *
 * Most pairs are nowhere near each other, and a cheap necessary condition skips them without missing a hit: Jaro
 * cannot exceed (c/|a| + c/|b| + 1) / 3 where c is the number of characters the names have in common (with
 * multiplicity, the same for both word orders), and the Winkler bonus at most closes 40% of the remaining gap.
 * So a pair needs at least `needed(|a|, |b|)` common characters, which first rules out whole ranges of lengths
 * (names are sorted by length) and then most remaining names after counting a few character bins.
 */
export function screenCounterparties(
  counterparties: readonly ScreenedCounterparty[],
  watchList: readonly WatchListEntry[],
  threshold: number,
): WatchListHit[] {
  const names = listedNames(watchList);
  const factor = 3 * minimumJaroFor(threshold) - 1;
  const needed = (a: number, b: number): number => ceil((factor * a * b) / (a + b) - 1e-9);
  const hits: WatchListHit[] = [];
  for (const counterparty of counterparties) {
    const a = counterparty.normalized;
    if (a === '') continue;
    const direct = new JaroPattern(a);
    const sorted = new JaroPattern(tokenSorted(a));
    const histogram = binCounts(a);
    const best = new Map<number, { score: number; name: string }>();
    for (const name of names) {
      const b = name.normalized;
      const need = needed(a.length, b.length);
      if (min(a.length, b.length) < need) {
        if (b.length > a.length) break; // names are sorted by length: every longer one fails too
        continue;
      }
      let common = 0;
      for (let i = 0; i < name.bins.length && common < need; i += 1) {
        common += min(histogram[name.bins[i] ?? 0] ?? 0, name.counts[i] ?? 0);
      }
      if (common < need) continue;
      const score = max(similarity(name.normalized, direct), similarity(name.sorted, sorted));
      if (score < threshold) continue;
      for (const source of name.sources) {
        const previous = best.get(source.entryIndex);
        if (!previous || score > previous.score) best.set(source.entryIndex, { score, name: source.original });
      }
    }
    const ranked = [...best].sort(([ia, a], [ib, b]) => b.score - a.score || ia - ib).slice(0, maxHitsPerCounterparty);
    for (const [entryIndex, match] of ranked) {
      const entry = watchList[entryIndex] as WatchListEntry;
      hits.push({
        counterparty: counterparty.displayName,
        watchListName: entry.name,
        matchedName: match.name,
        ...(entry.listName !== undefined ? { listName: entry.listName } : {}),
        score: Math.round(match.score * 10_000) / 10_000,
        transactionIds: counterparty.transactionIds,
      });
    }
  }
  return hits.sort(
    (x, y) => y.score - x.score || compareStrings(x.counterparty, y.counterparty) || compareStrings(x.watchListName, y.watchListName),
  );
}
