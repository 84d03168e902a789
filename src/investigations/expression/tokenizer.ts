/**
 * Splits an expression into tokens. Every scan is a sticky regular expression or a single character step, so the
 * work is linear in the text, whose length is bounded before anything else happens.
 */
import { limits } from '../limits';
import { ExpressionError } from './errors';

/** Two-character punctuators first, so that "<=" is never read as "<" then "=". */
export const punctuators = [...['==', '!=', '<=', '>=', '&&', '||'], ...['<', '>', '!', '(', ')', '[', ']', '.', ',', '-']] as const;
export type Punctuator = (typeof punctuators)[number];

export type Token =
  | { kind: 'number'; value: number; position: number }
  | { kind: 'string'; value: string; position: number }
  | { kind: 'name'; value: string; position: number }
  | { kind: 'punct'; value: Punctuator; position: number }
  | { kind: 'end'; position: number };

const numberPattern = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const namePattern = /[A-Za-z_][A-Za-z0-9_]*/y;
const whitespace = new Set([' ', '\t', '\n', '\r']);
const escapes: ReadonlyMap<string, string> = new Map([
  ['\\', '\\'],
  ["'", "'"],
  ['"', '"'],
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
]);

/** Hints for characters people type from other languages. */
const lonePunctuationHints: ReadonlyMap<string, string> = new Map([
  ['=', 'use == to compare (there is no assignment)'],
  ['&', 'use && for "and"'],
  ['|', 'use || for "or"'],
]);

export function tokenize(text: string): Token[] {
  if (text.length > limits.maxExpressionLength) {
    throw new ExpressionError(
      `the expression is ${text.length} characters long; at most ${limits.maxExpressionLength} are allowed`,
      limits.maxExpressionLength,
    );
  }
  const tokens: Token[] = [];
  const push = (token: Token): void => {
    if (tokens.length >= limits.maxExpressionTokens) {
      throw new ExpressionError(`the expression has more than ${limits.maxExpressionTokens} tokens`, token.position);
    }
    tokens.push(token);
  };
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (whitespace.has(char)) {
      index += 1;
    } else if (char >= '0' && char <= '9') {
      index = readNumber(text, index, push);
    } else if (char === "'" || char === '"') {
      index = readString(text, index, push);
    } else if (/[A-Za-z_]/.test(char)) {
      namePattern.lastIndex = index;
      const name = namePattern.exec(text)?.[0] ?? char;
      push({ kind: 'name', value: name, position: index });
      index += name.length;
    } else {
      const two = text.slice(index, index + 2);
      const punct = punctuators.find((candidate) => candidate === two) ?? punctuators.find((p) => p === char);
      if (punct === undefined) {
        const hint = lonePunctuationHints.get(char);
        throw new ExpressionError(hint ? `unexpected "${char}": ${hint}` : `unexpected character "${char}"`, index);
      }
      push({ kind: 'punct', value: punct, position: index });
      index += punct.length;
    }
  }
  tokens.push({ kind: 'end', position: text.length });
  return tokens;
}

function readNumber(text: string, start: number, push: (token: Token) => void): number {
  numberPattern.lastIndex = start;
  const literal = numberPattern.exec(text)?.[0] ?? '';
  const end = start + literal.length;
  if (/[A-Za-z0-9_.]/.test(text.charAt(end))) {
    throw new ExpressionError(`malformed number "${text.slice(start, end + 1)}"`, start);
  }
  const value = Number(literal);
  if (!Number.isFinite(value)) throw new ExpressionError(`number ${literal} is out of range`, start);
  push({ kind: 'number', value, position: start });
  return end;
}

function readString(text: string, start: number, push: (token: Token) => void): number {
  const quote = text.charAt(start);
  let value = '';
  let index = start + 1;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === quote) {
      push({ kind: 'string', value, position: start });
      return index + 1;
    }
    if (char === '\\') {
      const escaped = escapes.get(text.charAt(index + 1));
      if (escaped === undefined) {
        throw new ExpressionError('unknown escape in string: use \\\\, \\\', \\", \\n, \\t or \\r', index);
      }
      value += escaped;
      index += 2;
    } else {
      value += char;
      index += 1;
    }
  }
  throw new ExpressionError(`unterminated string: missing closing ${quote}`, start);
}
