/**
 * Recursive-descent parser of the `when` language. Grammar, lowest precedence first:
 *
 *   expression := and ( '||' and )*
 *   and        := equality ( '&&' equality )*
 *   equality   := comparison ( ( '==' | '!=' ) comparison )?
 *   comparison := unary ( ( '<' | '<=' | '>' | '>=' | 'in' ) unary )?
 *   unary      := ( '!' | '-' ) unary | primary
 *   primary    := number | string | 'true' | 'false' | 'null' | reference | call | '(' expression ')'
 *   reference  := ( 'input' | 'steps' ) ( '.' name | '[' ( integer | string ) ']' )*
 *   call       := ( 'len' | 'exists' | 'lower' | 'contains' ) '(' ( expression ( ',' expression )* )? ')'
 *
 * Comparisons do not chain (`a < b < c` is an error, not a surprise). Operator chains are loops, so only
 * parentheses, `!`, `-` and calls nest, and each of those counts against the depth limit: the parser's own stack
 * stays small whatever the input.
 */
import { forbiddenPropertyNames, limits } from '../limits';
import { functionArity, referenceRoots, type BinaryOperator, type Expression, type FunctionName, type PathSegment } from './ast';
import { ExpressionError } from './errors';
import { tokenize, type Punctuator, type Token } from './tokenizer';

const keywords = new Map<string, boolean | null>([
  ['true', true],
  ['false', false],
  ['null', null],
]);
const equalityOperators: readonly BinaryOperator[] = ['==', '!='];
const comparisonOperators: readonly BinaryOperator[] = ['<=', '>=', '<', '>', 'in'];
const isFunctionName = (name: string): name is FunctionName => Object.prototype.hasOwnProperty.call(functionArity, name);
const isReferenceRoot = (name: string): boolean => (referenceRoots as readonly string[]).includes(name);

/** Parses an expression; throws ExpressionError naming what is wrong and where. */
export function parseExpression(text: string): Expression {
  const parser = new Parser(tokenize(text));
  if (parser.peek().kind === 'end') throw new ExpressionError('the expression is empty', 0);
  const expression = parser.expression();
  parser.expectEnd();
  return expression;
}

/** Parses the inside of a `${...}`: a reference path and nothing else. */
export function parseReferencePath(text: string): PathSegment[] {
  const expression = parseExpression(text);
  if (expression.kind !== 'reference') {
    throw new ExpressionError('only a reference such as input.caseId or steps.collect.output may appear here', 0);
  }
  return expression.path;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', position: 0 };
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') throw new ExpressionError(`unexpected ${describe(token)}`, token.position);
  }

  expression(): Expression {
    let left = this.and();
    for (let at = this.peek().position; this.acceptPunct('||'); at = this.peek().position) {
      left = binary('||', left, this.and(), at);
    }
    return left;
  }

  private and(): Expression {
    let left = this.equality();
    for (let at = this.peek().position; this.acceptPunct('&&'); at = this.peek().position) {
      left = binary('&&', left, this.equality(), at);
    }
    return left;
  }

  private equality(): Expression {
    const left = this.comparison();
    const at = this.peek().position;
    const operator = this.acceptOperator(equalityOperators);
    if (operator === undefined) return left;
    const node = binary(operator, left, this.comparison(), at);
    this.refuseChain(equalityOperators);
    return node;
  }

  private comparison(): Expression {
    const left = this.unary();
    const at = this.peek().position;
    const operator = this.acceptOperator(comparisonOperators);
    if (operator === undefined) return left;
    const node = binary(operator, left, this.unary(), at);
    this.refuseChain(comparisonOperators);
    return node;
  }

  private unary(): Expression {
    const token = this.peek();
    if (token.kind === 'punct' && (token.value === '!' || token.value === '-')) {
      this.index += 1;
      return this.nested(token.position, () => ({
        kind: 'unary',
        operator: token.value as '!' | '-',
        operand: this.unary(),
        position: token.position,
      }));
    }
    return this.primary();
  }

  private primary(): Expression {
    const token = this.peek();
    this.index += 1;
    switch (token.kind) {
      case 'number':
      case 'string':
        return { kind: 'literal', value: token.value, position: token.position };
      case 'punct':
        if (token.value === '(') {
          return this.nested(token.position, () => {
            const inner = this.expression();
            this.expectPunct(')', 'a closing ")"');
            return inner;
          });
        }
        break;
      case 'name':
        return this.named(token.value, token.position);
      case 'end':
        throw new ExpressionError('the expression ends too early', token.position);
    }
    throw new ExpressionError(`unexpected ${describe(token)}`, token.position);
  }

  private named(name: string, position: number): Expression {
    const keyword = keywords.get(name);
    if (keyword !== undefined) return { kind: 'literal', value: keyword, position };
    if (isFunctionName(name)) return this.call(name, position);
    if (isReferenceRoot(name)) return { kind: 'reference', path: [name, ...this.pathSegments()], position };
    throw new ExpressionError(
      `unknown name "${name}": references start with input. or steps., and the functions are ` + `${Object.keys(functionArity).join(', ')}`,
      position,
    );
  }

  private call(name: FunctionName, position: number): Expression {
    this.expectPunct('(', `"(" after ${name}`);
    return this.nested(position, () => {
      const args: Expression[] = [];
      if (!this.acceptPunct(')')) {
        do args.push(this.expression());
        while (this.acceptPunct(','));
        this.expectPunct(')', `")" closing the call of ${name}`);
      }
      const arity = functionArity[name];
      if (args.length !== arity) {
        const expected = `${arity} argument${arity === 1 ? '' : 's'}`;
        throw new ExpressionError(`${name}() takes ${expected}, got ${args.length}`, position);
      }
      if (name === 'exists' && args[0]?.kind !== 'reference') {
        throw new ExpressionError('exists() takes a reference such as steps.collect.output.items', position);
      }
      return { kind: 'call', name, args, position };
    });
  }

  private pathSegments(): PathSegment[] {
    const segments: PathSegment[] = [];
    for (;;) {
      if (this.acceptPunct('.')) {
        const name = this.peek();
        if (name.kind !== 'name') {
          const hint = name.kind === 'number' ? `: write [${name.value}] to index an array` : '';
          throw new ExpressionError(`expected a property name after "."${hint}`, name.position);
        }
        this.index += 1;
        segments.push(checkedName(name.value, name.position));
      } else if (this.acceptPunct('[')) {
        const key = this.peek();
        this.index += 1;
        if (key.kind === 'number' && Number.isSafeInteger(key.value)) segments.push(key.value);
        else if (key.kind === 'string') segments.push(checkedName(key.value, key.position));
        else throw new ExpressionError('an index must be a whole number or a quoted property name', key.position);
        this.expectPunct(']', 'a closing "]"');
      } else {
        return segments;
      }
    }
  }

  private nested<T>(position: number, parse: () => T): T {
    this.depth += 1;
    if (this.depth > limits.maxExpressionDepth) {
      const reason = `the expression is nested more than ${limits.maxExpressionDepth} levels deep`;
      throw new ExpressionError(reason, position);
    }
    const result = parse();
    this.depth -= 1;
    return result;
  }

  /** The operator at the current token when it is one of `operators` (consumed), else undefined. */
  private acceptOperator(operators: readonly BinaryOperator[]): BinaryOperator | undefined {
    const token = this.peek();
    const text = token.kind === 'punct' || token.kind === 'name' ? token.value : undefined;
    const operator = operators.find((candidate) => candidate === text);
    if (operator !== undefined) this.index += 1;
    return operator;
  }

  private refuseChain(operators: readonly BinaryOperator[]): void {
    const token = this.peek();
    if (this.acceptOperator(operators) !== undefined) {
      throw new ExpressionError('comparisons do not chain: join them with && or ||', token.position);
    }
  }

  private acceptPunct(value: Punctuator): boolean {
    const token = this.peek();
    if (token.kind !== 'punct' || token.value !== value) return false;
    this.index += 1;
    return true;
  }

  private expectPunct(value: Punctuator, what: string): void {
    const token = this.peek();
    if (!this.acceptPunct(value)) {
      throw new ExpressionError(`expected ${what}, found ${describe(token)}`, token.position);
    }
  }
}

/** A binary node; its position is the operator's, where an evaluation error points. */
function binary(operator: BinaryOperator, left: Expression, right: Expression, position: number): Expression {
  return { kind: 'binary', operator, left, right, position };
}

function checkedName(name: string, position: number): string {
  if (forbiddenPropertyNames.has(name)) {
    throw new ExpressionError(`the property name "${name}" is not allowed`, position);
  }
  return name;
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the expression';
    case 'string':
      return `the string ${JSON.stringify(token.value)}`;
    case 'number':
      return `the number ${token.value}`;
    default:
      return `"${token.value}"`;
  }
}
