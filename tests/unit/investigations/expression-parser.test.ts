import {
  ExpressionError,
  formatPath,
  parseExpression,
  parseReferencePath,
  referencesOf,
  type Expression,
} from '../../../src/investigations/expression';

/** The error thrown by parsing `text`, which must be an ExpressionError. */
function parseError(text: string): ExpressionError {
  try {
    parseExpression(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error(`expected "${text}" not to parse`);
}

/** A compact rendering of the tree, to assert structure and precedence. */
function show(node: Expression): string {
  switch (node.kind) {
    case 'literal':
      return JSON.stringify(node.value);
    case 'reference':
      return formatPath(node.path);
    case 'unary':
      return `(${node.operator}${show(node.operand)})`;
    case 'binary':
      return `(${show(node.left)} ${node.operator} ${show(node.right)})`;
    case 'call':
      return `${node.name}(${node.args.map(show).join(', ')})`;
  }
}

describe('parseExpression', () => {
  it('parses literals of every kind', () => {
    expect(show(parseExpression('42'))).toBe('42');
    expect(show(parseExpression('2.5e3'))).toBe('2500');
    expect(show(parseExpression("'single'"))).toBe('"single"');
    expect(show(parseExpression('"double \\"quoted\\" \\n"'))).toBe('"double \\"quoted\\" \\n"');
    expect(show(parseExpression('true'))).toBe('true');
    expect(show(parseExpression('false'))).toBe('false');
    expect(show(parseExpression('null'))).toBe('null');
  });

  it('parses references with properties and literal indexes', () => {
    const node = parseExpression("steps.collect.output.items[0]['first name'].id");
    expect(node).toEqual({
      kind: 'reference',
      path: ['steps', 'collect', 'output', 'items', 0, 'first name', 'id'],
      position: 0,
    });
    expect(parseExpression('input').kind).toBe('reference');
  });

  it('gives && precedence over || and comparisons precedence over both', () => {
    expect(show(parseExpression('input.a || input.b && input.c'))).toBe('(input.a || (input.b && input.c))');
    expect(show(parseExpression('input.a > 1 && input.b == "x" || !input.c'))).toBe('(((input.a > 1) && (input.b == "x")) || (!input.c))');
    expect(show(parseExpression('(input.a || input.b) && input.c'))).toBe('((input.a || input.b) && input.c)');
    expect(show(parseExpression('input.a < 1 == true'))).toBe('((input.a < 1) == true)');
    expect(show(parseExpression("'x' in input.list"))).toBe('("x" in input.list)');
    expect(show(parseExpression('-1 < -input.n'))).toBe('((-1) < (-input.n))');
  });

  it('parses the whitelisted functions with their arity', () => {
    expect(show(parseExpression('len(steps.a.output.items) > 0'))).toBe('(len(steps.a.output.items) > 0)');
    expect(show(parseExpression("contains(lower(input.name), 'ltd')"))).toBe('contains(lower(input.name), "ltd")');
    expect(show(parseExpression('exists(input.x)'))).toBe('exists(input.x)');
    expect(parseError('len()').message).toBe('len() takes 1 argument, got 0 (at character 1)');
    expect(parseError('contains(input.a)').reason).toBe('contains() takes 2 arguments, got 1');
    expect(parseError('exists(1)').reason).toContain('exists() takes a reference');
  });

  it('rejects any other name, so nothing outside the scope can be reached', () => {
    for (const text of ['globalThis', 'process.env', 'eval("1")', 'Function', 'require("fs")', 'this', 'x']) {
      expect(parseError(text).reason).toMatch(/^unknown name/);
    }
    expect(parseError('input.a = 1').reason).toContain('use == to compare');
    expect(parseError('input.a & input.b').reason).toContain('use &&');
    expect(parseError('input.a | input.b').reason).toContain('use ||');
    expect(parseError('steps.a.output.f(1)').reason).toBe('unexpected "("');
  });

  it('rejects prototype property names at parse time, in every spelling', () => {
    for (const text of [
      'input.__proto__',
      'input.constructor',
      'steps.a.output.prototype',
      "input['__proto__']",
      'input["constructor"]',
      'steps.constructor.output',
      "len(input.x['prototype'])",
    ]) {
      expect(parseError(text).reason).toMatch(/^the property name "(__proto__|constructor|prototype)" is not allowed$/);
    }
    // A key that merely contains the word is an ordinary key.
    expect(parseExpression("input['my_constructor']").kind).toBe('reference');
  });

  it('reports errors with the character position', () => {
    const error = parseError('input.a == ');
    expect(error.reason).toBe('the expression ends too early');
    expect(error.position).toBe(11);
    expect(error.message).toBe('the expression ends too early (at character 12)');
    expect(parseError('input.a == )').position).toBe(11);
    expect(parseError("input.a == 'open").reason).toBe("unterminated string: missing closing '");
    expect(parseError("input.a == 'open").position).toBe(11);
    expect(parseError('input.a @ 1').position).toBe(8);
    expect(parseError('(input.a').reason).toBe('expected a closing ")", found the end of the expression');
    expect(parseError('input.items.0').reason).toBe('expected a property name after ".": write [0] to index an array');
    expect(parseError('input.items[input.i]').reason).toBe('an index must be a whole number or a quoted property name');
    expect(parseError('input.a input.b').reason).toBe('unexpected "input"');
    expect(parseError('').reason).toBe('the expression is empty');
    expect(parseError('"\\x"').reason).toContain('unknown escape');
    expect(parseError('12abc').reason).toBe('malformed number "12a"');
    expect(parseError('1e999').reason).toBe('number 1e999 is out of range');
  });

  it('refuses chained comparisons instead of guessing', () => {
    expect(parseError('1 < input.a < 3').reason).toBe('comparisons do not chain: join them with && or ||');
    expect(parseError('input.a == input.b == input.c').reason).toBe('comparisons do not chain: join them with && or ||');
    expect(parseError("'a' in input.b in input.c").reason).toBe('comparisons do not chain: join them with && or ||');
  });

  it('enforces the length, token and depth limits', () => {
    expect(parseError(`input.a == '${'x'.repeat(1_000)}'`).reason).toMatch(/characters long; at most 1000/);
    const manyTokens = Array.from({ length: 260 }, () => '1').join('||');
    expect(parseError(manyTokens).reason).toBe('the expression has more than 500 tokens');
    const deep = `${'('.repeat(33)}true${')'.repeat(33)}`;
    expect(parseError(deep).reason).toBe('the expression is nested more than 32 levels deep');
    expect(parseError(deep).position).toBe(32);
    expect(show(parseExpression(`${'('.repeat(32)}true${')'.repeat(32)}`))).toBe('true');
    expect(parseError(`${'!'.repeat(33)}true`).reason).toBe('the expression is nested more than 32 levels deep');
    expect(parseError(`${'len('.repeat(40)}input${')'.repeat(40)}`).reason).toBe('the expression is nested more than 32 levels deep');
  });

  it('parses the longest possible operator chains', () => {
    expect(show(parseExpression(Array.from({ length: 250 }, () => '0').join('||')))).toMatch(/^\(+0 \|\| 0\)/);
    expect(referencesOf(parseExpression(Array.from({ length: 140 }, () => 'input').join('||')))).toHaveLength(140);
  });
});

describe('referencesOf', () => {
  it('lists every path the expression reads, in reading order', () => {
    const expression = parseExpression(
      "len(steps.collect.output.items) > 0 && steps.screen.status == 'succeeded' || exists(input.watchList[0]['name'])",
    );
    expect(referencesOf(expression)).toEqual([
      ['steps', 'collect', 'output', 'items'],
      ['steps', 'screen', 'status'],
      ['input', 'watchList', 0, 'name'],
    ]);
    expect(referencesOf(parseExpression('1 < 2'))).toEqual([]);
  });
});

describe('parseReferencePath and formatPath', () => {
  it('accepts a bare reference only', () => {
    expect(parseReferencePath(' steps.a.output.items[2] ')).toEqual(['steps', 'a', 'output', 'items', 2]);
    expect(() => parseReferencePath('len(input.a)')).toThrow('only a reference');
    expect(() => parseReferencePath("'text'")).toThrow(ExpressionError);
  });

  it('writes paths back in parseable form', () => {
    const path = ['steps', 'a', 'output', 'the items', 0, 'id'];
    expect(formatPath(path)).toBe('steps.a.output["the items"][0].id');
    expect(parseReferencePath(formatPath(path))).toEqual(path);
  });
});
