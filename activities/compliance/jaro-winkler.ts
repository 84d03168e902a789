/**
 * Jaro-Winkler similarity (0..1) of two strings: Jaro counts characters in common within a window and
 * transpositions among them; Winkler adds weight to a common prefix of up to 4 characters, since names are rarely
 * misspelt at the start. The prefix bonus applies once Jaro exceeds 0.7 (Winkler's boost threshold).
 */
// Read once: inside Jest's vm sandbox each global lookup (Math.min...) in a hot loop costs about 100 times more,
// which would make the timing tests meaningless. In a worker it makes no difference.
const { floor, max, min } = Math;

export const winklerPrefixScale = 0.1;
export const winklerMaxPrefix = 4;
export const winklerBoostThreshold = 0.7;

// Screening compares millions of pairs: the match flags are reused between calls instead of allocated per call.
let aMatched = new Uint8Array(256);
let bMatched = new Uint8Array(256);

export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  if (aMatched.length < a.length || bMatched.length < b.length) {
    aMatched = new Uint8Array(max(a.length, b.length) * 2);
    bMatched = new Uint8Array(aMatched.length);
  }
  aMatched.fill(0, 0, a.length);
  bMatched.fill(0, 0, b.length);
  const window = max(0, floor(max(a.length, b.length) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < a.length; i += 1) {
    const code = a.charCodeAt(i);
    const to = min(b.length - 1, i + window);
    for (let j = max(0, i - window); j <= to; j += 1) {
      if (bMatched[j] === 0 && b.charCodeAt(j) === code) {
        aMatched[i] = 1;
        bMatched[j] = 1;
        matches += 1;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  let j = 0;
  for (let i = 0; i < a.length; i += 1) {
    if (aMatched[i] === 0) continue;
    while (bMatched[j] === 0) j += 1;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) halfTranspositions += 1;
    j += 1;
  }
  return (matches / a.length + matches / b.length + (matches - halfTranspositions / 2) / matches) / 3;
}

export function jaroWinkler(a: string, b: string): number {
  return winklerBoost(jaro(a, b), commonPrefixLength(a, b));
}

export function winklerBoost(jaroSimilarity: number, prefixLength: number): number {
  if (jaroSimilarity <= winklerBoostThreshold) return jaroSimilarity;
  return jaroSimilarity + min(prefixLength, winklerMaxPrefix) * winklerPrefixScale * (1 - jaroSimilarity);
}

/**
 * The least Jaro similarity that can still reach `threshold` after the largest Winkler bonus (4 characters of
 * common prefix): the bonus closes at most 40% of the gap to 1, and only above the boost threshold.
 */
export function minimumJaroFor(threshold: number): number {
  if (threshold <= winklerBoostThreshold) return threshold;
  const maxBonus = winklerMaxPrefix * winklerPrefixScale;
  return max(winklerBoostThreshold, (threshold - maxBonus) / (1 - maxBonus));
}

export function commonPrefixLength(a: string, b: string): number {
  const limit = min(a.length, b.length, winklerMaxPrefix);
  let length = 0;
  while (length < limit && a.charCodeAt(length) === b.charCodeAt(length)) length += 1;
  return length;
}
