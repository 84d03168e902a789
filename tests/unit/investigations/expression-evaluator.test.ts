import { evaluateExpression, ExpressionError, isTruthy, parseExpression } from '../../../src/investigations/expression';
import { createScope } from '../../../src/investigations/scope';

const scope = createScope(
  {
    caseId: 'CASE-7',
    amount: 9_800,
    name: 'Northbridge TRADING Co',
    tags: ['urgent', 'fraud'],
    empty: [],
    nested: { 'first name': 'Ann', list: [{ id: 'A1' }, { id: 'A2' }] },
    flag: false,
  },
  {
    collect: { status: 'succeeded', output: { items: [1, 2, 3], findings: [], summary: { HIGH: 2 } } },
    screen: { status: 'failed', error: { message: 'watch list too large' } },
    optional: { status: 'skipped' },
  },
);
const run = (text: string): unknown => evaluateExpression(parseExpression(text), scope);

function evaluationError(text: string): ExpressionError {
  try {
    run(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error(`expected "${text}" to fail`);
}

describe('evaluateExpression', () => {
  it.each([
    ["input.caseId == 'CASE-7'", true],
    ['input.amount >= 9000 && input.amount < 10000', true],
    ["steps.collect.status == 'succeeded'", true],
    ["steps.screen.status != 'succeeded'", true],
    ["steps.optional.status == 'skipped'", true],
    ['steps.collect.output.items[2] == 3', true],
    ["input.nested['first name'] == 'Ann'", true],
    ["input.nested.list[1].id == 'A2'", true],
    ['len(steps.collect.output.items) > 0', true],
    ['len(steps.collect.output.findings) > 0', false],
    ['len(input.caseId)', 6],
    ['len(steps.collect.output.summary)', 1],
    ["'urgent' in input.tags", true],
    ["'benign' in input.tags", false],
    ["'TRADING' in input.name", true],
    ["contains(lower(input.name), 'trading')", true],
    ["contains(input.tags, 'fraud')", true],
    ['exists(steps.collect.output)', true],
    ['exists(steps.optional.output)', false],
    ['exists(input.flag)', true],
    ['!input.flag', true],
    ['!!input.tags', true],
    ['!input.empty', true],
    ['-input.amount < -9000', true],
    ['1 == 1.0', true],
    ["1 == '1'", false],
    ['null == input.missing', true],
    ["'b' > 'a'", true],
    ['(1 < 2) == true', true],
  ])('%s gives %p', (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  it('reads a missing path as null, whatever is missing', () => {
    expect(run('steps.optional.output.findings')).toBeNull();
    expect(run('steps.unknown.status')).toBeNull();
    expect(run('input.tags[5]')).toBeNull();
    expect(run('input.caseId.length')).toBeNull();
    expect(run('len(steps.optional.output.findings) > 0')).toBe(false);
    expect(run('steps.optional.output.score > 50')).toBe(false);
    expect(run("lower(input.nothing) == 'x'")).toBe(false);
    expect(run("'x' in steps.optional.output")).toBe(false);
  });

  it('reads own properties of plain data only', () => {
    // Inherited members of objects, arrays and strings are invisible.
    for (const text of [
      'input.toString',
      'input.hasOwnProperty',
      'input.tags.length',
      'input.tags.map',
      'input.caseId.length',
      'steps.collect.valueOf',
      "input['__defineGetter__']",
    ]) {
      expect(run(text)).toBeNull();
    }
    expect(evaluateExpression(parseExpression('input.x'), { input: new Map([['x', 1]]) })).toBeNull();
    expect(evaluateExpression(parseExpression('input.x'), { input: Object.create({ x: 'inherited' }) as unknown })).toBeNull();
    let getterCalls = 0;
    const withGetter = Object.defineProperty({}, 'x', { enumerable: true, get: () => ++getterCalls });
    expect(evaluateExpression(parseExpression('input.x'), { input: withGetter })).toBeNull();
    expect(getterCalls).toBe(0);
  });

  it('short-circuits && and ||, so a guard protects what follows', () => {
    expect(run('input.flag && len(input.amount) > 0')).toBe(false);
    expect(run('true || len(input.amount) > 0')).toBe(true);
    expect(run('exists(steps.collect.output) && steps.collect.output.items[0] == 1')).toBe(true);
  });

  it('fails loudly on type mistakes, with the position', () => {
    expect(evaluationError('len(input.amount)').reason).toBe('len() takes a string, an array or an object, got a number');
    expect(evaluationError("input.amount > '5'").reason).toBe('">" compares two numbers or two strings, got a number and a string');
    expect(evaluationError('input.tags == input.empty').reason).toBe(
      'cannot compare an array with an array: compare len() or single fields',
    );
    expect(evaluationError("'x' in input.amount").reason).toBe('"in" and contains() look in an array or a string, got a number');
    expect(evaluationError('1 in input.caseId').reason).toBe('only a string can be in a string, got a number');
    expect(evaluationError('lower(input.tags)').reason).toBe('lower() takes a string, got an array');
    expect(evaluationError('-input.caseId').reason).toBe('"-" needs a number, got a string');
    expect(evaluationError('input.amount > 1 && len(1) > 0').position).toBe(20);
    expect(evaluationError("input.amount > '5'").position).toBe(13);
    expect(evaluationError("input.amount > '5'").message).toContain('(at character 14)');
  });

  it('treats arrays and objects as scalars-unequal rather than comparing them', () => {
    expect(run('input.tags == null')).toBe(false);
    expect(run('input.tags != 1')).toBe(true);
    expect(run('input.tags in input.tags')).toBe(false);
  });

  it('evaluates the longest possible chain in linear work', () => {
    const chain = Array.from({ length: 250 }, () => '0').join('||');
    expect(run(chain)).toBe(false);
    expect(run(`${Array.from({ length: 249 }, () => '0').join('||')}||1`)).toBe(true);
  });
});

describe('isTruthy', () => {
  it.each([
    [false, false],
    [null, false],
    [undefined, false],
    [0, false],
    [Number.NaN, false],
    ['', false],
    [[], false],
    [{}, false],
    [true, true],
    [-1, true],
    ['0', true],
    [[0], true],
    [{ a: undefined }, true],
  ])('%p is %p', (value, expected) => {
    expect(isTruthy(value)).toBe(expected);
  });
});
