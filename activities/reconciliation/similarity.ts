import type { PreparedLine } from './prepared-line';

/** Shorter references ("12") occur by chance in unrelated text, so they count only on an exact reference match. */
const minEmbeddedReferenceLength = 3;

export interface TextSimilarity {
  /** 0..1 */
  similarity: number;
  /** False when either line has no reference and no description: nothing to compare, so no evidence either way. */
  comparable: boolean;
}

/**
 * 1 when the references are equal, or when one line's reference appears as whole words in the other's text
 * (banks often copy the invoice number into the description: "ACME LTD INV 1043" carries "INV-1043"); otherwise
 * the Dice coefficient of the two token sets, 2|A∩B| / (|A| + |B|).
 */
export function textSimilarity(a: PreparedLine, b: PreparedLine): TextSimilarity {
  if (a.referenceKey !== '' && a.referenceKey === b.referenceKey) return { similarity: 1, comparable: true };
  if (containsReference(b.tokens, a.referenceKey) || containsReference(a.tokens, b.referenceKey)) {
    return { similarity: 1, comparable: true };
  }
  if (a.tokenSet.size === 0 || b.tokenSet.size === 0) return { similarity: 0, comparable: false };
  const [small, large] = a.tokenSet.size <= b.tokenSet.size ? [a.tokenSet, b.tokenSet] : [b.tokenSet, a.tokenSet];
  let shared = 0;
  for (const token of small) if (large.has(token)) shared += 1;
  return { similarity: (2 * shared) / (a.tokenSet.size + b.tokenSet.size), comparable: true };
}

/** Whether consecutive tokens, joined, spell the reference key: word boundaries stop "1043" matching "21043". */
function containsReference(tokens: readonly string[], referenceKey: string): boolean {
  if (referenceKey.length < minEmbeddedReferenceLength) return false;
  for (let start = 0; start < tokens.length; start += 1) {
    let joined = '';
    for (let end = start; end < tokens.length; end += 1) {
      joined += tokens[end];
      if (joined === referenceKey) return true;
      if (!referenceKey.startsWith(joined)) break;
    }
  }
  return false;
}
