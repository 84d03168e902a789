/**
 * Evaluates a parsed expression over a scope of plain data. One visit per node: the work is linear in the size of
 * the tree, plus the data a function or `in` reads (a list's length is O(1); membership scans the list once).
 *
 * Semantics, chosen so that `when` conditions read naturally and fail loudly on authoring mistakes:
 * - a reference whose path does not exist evaluates to null (a skipped step has no output);
 * - `&&`, `||` and `!` use isTruthy and always give booleans;
 * - `==` and `!=` compare scalars strictly, without coercion (1 == '1' is false); an array or object is unequal
 *   to any scalar or null, and comparing two arrays or objects is an error (compare len() or fields instead);
 * - `<`, `<=`, `>`, `>=` compare two numbers or two strings; with null on either side they are false; any other
 *   mix is an error;
 * - `x in list` is membership (strict equality) in an array, `x in text` a substring test; null on the right is
 *   false.
 */
import { isPlainObject, lookupPath } from '../path-lookup';
import type { BinaryOperator, Expression, FunctionName } from './ast';
import { ExpressionError } from './errors';

type Scalar = string | number | boolean | null;

export function evaluateExpression(expression: Expression, scope: unknown): unknown {
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'reference': {
      const lookup = lookupPath(scope, expression.path);
      return lookup.found ? lookup.value : null;
    }
    case 'unary': {
      const operand = evaluateExpression(expression.operand, scope);
      if (expression.operator === '!') return !isTruthy(operand);
      if (typeof operand !== 'number') {
        throw new ExpressionError(`"-" needs a number, got ${typeName(operand)}`, expression.position);
      }
      return -operand;
    }
    case 'binary':
      return binary(expression.operator, expression.left, expression.right, scope, expression.position);
    case 'call':
      return call(expression.name, expression.args, scope, expression.position);
  }
}

/** false, null, a missing value, 0, NaN, '', [] and {} are false; everything else is true. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

function binary(operator: BinaryOperator, left: Expression, right: Expression, scope: unknown, position: number): unknown {
  if (operator === '&&') return isTruthy(evaluateExpression(left, scope)) && isTruthy(evaluateExpression(right, scope));
  if (operator === '||') return isTruthy(evaluateExpression(left, scope)) || isTruthy(evaluateExpression(right, scope));
  const a = evaluateExpression(left, scope);
  const b = evaluateExpression(right, scope);
  switch (operator) {
    case '==':
      return equals(a, b, position);
    case '!=':
      return !equals(a, b, position);
    case 'in':
      return contains(b, a, position);
    default:
      return compare(operator, a, b, position);
  }
}

function equals(a: unknown, b: unknown, position: number): boolean {
  const aScalar = isScalar(a);
  const bScalar = isScalar(b);
  if (!aScalar && !bScalar) {
    const reason = `cannot compare ${typeName(a)} with ${typeName(b)}: compare len() or single fields`;
    throw new ExpressionError(reason, position);
  }
  return aScalar && bScalar ? (a ?? null) === (b ?? null) : false;
}

function compare(operator: BinaryOperator, a: unknown, b: unknown, position: number): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'number') return ordered(operator, a, b);
  if (typeof a === 'string' && typeof b === 'string') return ordered(operator, a, b);
  const reason = `"${operator}" compares two numbers or two strings, got ${typeName(a)} and ${typeName(b)}`;
  throw new ExpressionError(reason, position);
}

function ordered<T extends number | string>(operator: BinaryOperator, x: T, y: T): boolean {
  switch (operator) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

/** Membership in an array (strict equality of scalars) or a substring of a string; nothing is in null. */
function contains(haystack: unknown, needle: unknown, position: number): boolean {
  if (haystack === null || haystack === undefined) return false;
  if (Array.isArray(haystack)) return isScalar(needle) && haystack.some((item) => item === (needle ?? null));
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') {
      throw new ExpressionError(`only a string can be in a string, got ${typeName(needle)}`, position);
    }
    return haystack.includes(needle);
  }
  throw new ExpressionError(`"in" and contains() look in an array or a string, got ${typeName(haystack)}`, position);
}

function call(name: FunctionName, args: readonly Expression[], scope: unknown, position: number): unknown {
  const values = args.map((arg) => evaluateExpression(arg, scope));
  const [first, second] = values;
  switch (name) {
    case 'len':
      if (first === null || first === undefined) return 0;
      if (typeof first === 'string' || Array.isArray(first)) return first.length;
      if (isPlainObject(first)) return Object.keys(first).length;
      throw new ExpressionError(`len() takes a string, an array or an object, got ${typeName(first)}`, position);
    case 'exists':
      return first !== null && first !== undefined;
    case 'lower':
      if (first === null || first === undefined) return null;
      if (typeof first !== 'string') {
        throw new ExpressionError(`lower() takes a string, got ${typeName(first)}`, position);
      }
      return first.toLowerCase();
    case 'contains':
      return contains(first, second, position);
  }
}

function isScalar(value: unknown): value is Scalar | undefined {
  return value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value);
}

export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
