/**
 * References in step inputs: strings such as "${input.caseId}" or "Case ${input.caseId}". The text inside `${}` is
 * a reference path of the expression language (parsed by its parser, with the same forbidden names).
 *
 * - A string that is exactly one reference becomes the referenced value, with its type (array, object, number...).
 * - A string mixing text and references becomes text; only strings, numbers and booleans can be inserted.
 * - A path that does not resolve is an error naming the reference: no silent null reaches an agent. Guard a step
 *   that reads an optional value with `when: exists(...)`.
 * - Only the definition's own strings are scanned, never the values inserted, so data cannot inject references.
 *   Object keys are not scanned. There is no escape: `${` always opens a reference.
 */
import { formatPath, type PathSegment } from './expression/ast';
import { ExpressionError } from './expression/errors';
import { parseReferencePath } from './expression/parser';
import { typeName } from './expression/evaluator';
import { limits } from './limits';
import { isPlainObject, lookupPath } from './path-lookup';

export interface Reference {
  /** Where the string holding the reference is inside the scanned value: "findings", "items.0.name"; "" at the top. */
  location: string;
  /** The text between `${` and `}`. */
  source: string;
  /** The reference as written, `${` and `}` included (an unclosed one runs to the end of the string). */
  text: string;
  /** The parsed path, e.g. ['steps', 'collect', 'output', 'items', 0]; empty when `error` is set. */
  path: PathSegment[];
  /** Why the text is not a reference; its position counts from the start of the string holding it. */
  error?: ExpressionError;
}

/** Thrown by resolveReferences: names the reference, where it was, and why it could not be resolved. */
export class ReferenceResolutionError extends Error {
  override readonly name = 'ReferenceResolutionError';

  constructor(
    /** The text inside `${}`. */
    readonly reference: string,
    readonly location: string,
    readonly reason: string,
    written = `\${${reference}}`,
  ) {
    super(`cannot resolve ${written}${location === '' ? '' : ` in ${location}`}: ${reason}`);
  }
}

/** Literal text, or a reference. */
type Part = string | Reference;

/** Every reference in a value, valid or not (invalid ones carry `error`), in document order. */
export function findReferences(value: unknown): Reference[] {
  const found: Reference[] = [];
  walk(value, [], (text, location) => {
    for (const part of parseTemplate(text, location)) if (typeof part !== 'string') found.push(part);
    return text;
  });
  return found;
}

/** A copy of `value` with its references replaced by what they name in `scope`; throws ReferenceResolutionError. */
export function resolveReferences(value: unknown, scope: unknown): unknown {
  return walk(value, [], (text, location) => resolveString(text, location, scope));
}

function resolveString(text: string, location: string, scope: unknown): unknown {
  const parts = parseTemplate(text, location);
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only !== undefined && typeof only !== 'string') return resolveReference(only, scope);
  let result = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      result += part;
      continue;
    }
    const resolved = resolveReference(part, scope);
    if (typeof resolved !== 'string' && typeof resolved !== 'number' && typeof resolved !== 'boolean') {
      const reason = `${typeName(resolved)} cannot be inserted into text; make the reference the whole string to pass it as it is`;
      throw new ReferenceResolutionError(part.source, location, reason, part.text);
    }
    result += String(resolved);
  }
  return result;
}

function resolveReference(reference: Reference, scope: unknown): unknown {
  if (reference.error) {
    throw new ReferenceResolutionError(reference.source, reference.location, reference.error.message, reference.text);
  }
  const lookup = lookupPath(scope, reference.path);
  if (lookup.found) return lookup.value;
  const reason = describeMissing(reference.path, lookup.missingAt);
  throw new ReferenceResolutionError(reference.source, reference.location, reason, reference.text);
}

function describeMissing(path: readonly PathSegment[], missingAt: number): string {
  const segment = path[missingAt];
  if (path[0] === 'steps' && missingAt === 1) return `there is no step "${String(segment)}" in the scope`;
  if (path[0] === 'steps' && missingAt === 2 && segment === 'output') {
    return `step "${String(path[1])}" has no output (it was skipped, or failed and the investigation continued)`;
  }
  const parent = formatPath(path.slice(0, missingAt)) || 'the scope';
  return typeof segment === 'number' ? `${parent} has no element ${segment}` : `${parent} has no "${String(segment)}"`;
}

/** Splits a string into text and references. Work is linear in the string. */
function parseTemplate(text: string, location: string): Part[] {
  if (!text.includes('${')) return [text];
  const parts: Part[] = [];
  let index = 0;
  while (index < text.length) {
    const open = text.indexOf('${', index);
    if (open === -1) break;
    if (open > index) parts.push(text.slice(index, open));
    const close = closingBrace(text, open + 2);
    if (close === -1) {
      const error = new ExpressionError('"${" is not closed by "}"', open);
      parts.push({ location, source: text.slice(open + 2), text: text.slice(open), path: [], error });
      return parts;
    }
    parts.push(parseReference(text.slice(open, close + 1), location, open + 2));
    index = close + 1;
  }
  if (index < text.length) parts.push(text.slice(index));
  return parts;
}

/** `text` is the whole `${...}`; `offset` where its inside starts in the string holding it. */
function parseReference(text: string, location: string, offset: number): Reference {
  const source = text.slice(2, -1);
  try {
    return { location, source, text, path: parseReferencePath(source) };
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    return { location, source, text, path: [], error: error.shifted(offset) };
  }
}

/** The `}` closing a reference: quoted keys (['a}b']) may contain braces. */
function closingBrace(text: string, from: number): number {
  let quote = '';
  for (let index = from; index < text.length; index += 1) {
    const char = text.charAt(index);
    if (quote !== '') {
      if (char === '\\') index += 1;
      else if (char === quote) quote = '';
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '}') {
      return index;
    }
  }
  return -1;
}

/**
 * Copies a JSON value, passing every string through `onString`. Keys are copied as own data properties, so a key
 * named "__proto__" stays an ordinary key and never changes a prototype. Depth is bounded so that a cyclic or
 * absurdly deep value fails fast instead of overflowing the stack.
 */
function walk(value: unknown, path: readonly PathSegment[], onString: (text: string, location: string) => unknown): unknown {
  if (path.length > limits.maxInputDepth) {
    throw new RangeError(`the value is nested more than ${limits.maxInputDepth} levels deep at ${path.join('.')}`);
  }
  if (typeof value === 'string') return onString(value, path.join('.'));
  if (Array.isArray(value)) return value.map((item: unknown, index) => walk(item, [...path, index], onString));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, key, {
      value: walk(value[key], [...path, key], onString),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}
