/** The syntax tree of an expression. Plain data: it can be stored, compared in tests and walked without a class. */

/** A property name or an array index of a reference path. */
export type PathSegment = string | number;

/** The names a reference may start with: the investigation's input and the states of its steps. */
export const referenceRoots = ['input', 'steps'] as const;
export type ReferenceRoot = (typeof referenceRoots)[number];

/** The only functions an expression may call, with their number of arguments. */
export const functionArity = { len: 1, exists: 1, lower: 1, contains: 2 } as const;
export type FunctionName = keyof typeof functionArity;

export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in';
export type UnaryOperator = '!' | '-';

export type Expression =
  | { kind: 'literal'; value: string | number | boolean | null; position: number }
  /** `path[0]` is a ReferenceRoot; indexes are literals, so every path is known before evaluation. */
  | { kind: 'reference'; path: PathSegment[]; position: number }
  | { kind: 'unary'; operator: UnaryOperator; operand: Expression; position: number }
  | { kind: 'binary'; operator: BinaryOperator; left: Expression; right: Expression; position: number }
  | { kind: 'call'; name: FunctionName; args: Expression[]; position: number };

/** A reference path as people write it: steps.collect.output.items[0]['first name']. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
