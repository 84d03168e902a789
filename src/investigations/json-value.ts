/**
 * Checks that a step's input is bounded plain JSON: null, booleans, finite numbers, strings, arrays and plain
 * objects, within the depth, size and length limits. The walk uses its own stack and stops at the first limit
 * it meets, so a hostile value (a million-element array, 100,000 levels of nesting) costs little to reject.
 */
import { limits } from './limits';
import { isPlainObject } from './path-lookup';

export interface JsonValueProblem {
  path: (string | number)[];
  message: string;
}

/** Problems at most this many per value: the first few say enough. */
const maxProblemsPerValue = 20;

export function jsonValueProblems(value: unknown): JsonValueProblem[] {
  const problems: JsonValueProblem[] = [];
  const pending: Array<{ value: unknown; path: (string | number)[] }> = [{ value, path: [] }];
  // Values seen so far, counted before they are queued: a huge array is refused before any of it is copied.
  let discovered = 1;
  for (let item = pending.pop(); item !== undefined && problems.length < maxProblemsPerValue; item = pending.pop()) {
    const problem = scalarProblem(item.value);
    if (problem !== undefined) {
      if (problem !== '') problems.push({ path: item.path, message: problem });
      continue;
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(item.value)
      ? item.value.length > limits.maxInputNodes
        ? []
        : item.value.map((child: unknown, index) => [index, child])
      : Object.entries(item.value as Record<string, unknown>);
    const size = Array.isArray(item.value) ? item.value.length : entries.length;
    if (size > 0 && item.path.length >= limits.maxInputDepth) {
      problems.push({ path: item.path, message: `is nested more than ${limits.maxInputDepth} levels deep` });
      continue;
    }
    discovered += size;
    if (discovered > limits.maxInputNodes) {
      const message = `has more than ${limits.maxInputNodes} values; pass large data in the investigation's input`;
      problems.push({ path: [], message: `${message} and reference it` });
      break;
    }
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, child] = entries[index] ?? ['', null];
      if (typeof key === 'string' && key.length > limits.maxInputKeyLength) {
        problems.push({ path: item.path, message: `has a key longer than ${limits.maxInputKeyLength} characters` });
      } else {
        pending.push({ value: child, path: [...item.path, key] });
      }
    }
  }
  return problems;
}

/** '' for a valid scalar, a message for an invalid value, undefined for an array or object to descend into. */
function scalarProblem(value: unknown): string | undefined {
  if (value === null || typeof value === 'boolean') return '';
  if (typeof value === 'number') return Number.isFinite(value) ? '' : 'must be a finite number';
  if (typeof value === 'string') {
    return value.length > limits.maxInputStringLength
      ? `is a string of ${value.length} characters; at most ${limits.maxInputStringLength} are allowed in a definition`
      : '';
  }
  if (Array.isArray(value) || isPlainObject(value)) return undefined;
  return `must be JSON (null, a boolean, a number, a string, an array or an object), got ${typeof value}`;
}
