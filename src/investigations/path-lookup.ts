/**
 * Reads a reference path out of plain JSON data, the one place where names from a definition touch data. Only own
 * properties of plain objects and in-range indexes of arrays are read, and the forbidden names are refused even
 * though the parser already rejects them: no path can reach a prototype, a getter on a class, or a string's
 * methods.
 */
import type { PathSegment } from './expression/ast';
import { forbiddenPropertyNames } from './limits';

export type PathLookup =
  | { found: true; value: unknown }
  /** `missingAt` is the index of the first segment that could not be followed. */
  | { found: false; missingAt: number };

export function lookupPath(root: unknown, path: readonly PathSegment[]): PathLookup {
  let current = root;
  for (let index = 0; index < path.length; index += 1) {
    const next = step(current, path[index]);
    if (next === notFound) return { found: false, missingAt: index };
    current = next;
  }
  if (current === undefined) return { found: false, missingAt: Math.max(0, path.length - 1) };
  return { found: true, value: current };
}

const notFound = Symbol('notFound');

function step(value: unknown, segment: PathSegment | undefined): unknown {
  if (typeof segment === 'number') {
    const inRange = Array.isArray(value) && Number.isSafeInteger(segment) && segment >= 0 && segment < value.length;
    return inRange ? (value as unknown[])[segment] : notFound;
  }
  if (segment === undefined || forbiddenPropertyNames.has(segment) || !isPlainObject(value)) return notFound;
  if (!Object.prototype.hasOwnProperty.call(value, segment)) return notFound;
  const property = Object.getOwnPropertyDescriptor(value, segment);
  return property && 'value' in property ? (property.value as unknown) : notFound;
}

/**
 * A JSON object: not null, an array, a Date, a Map or another built-in. Realm-independent, unlike a prototype
 * check, so that objects deserialized in the workflow sandbox's realm pass too.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Object]';
}
