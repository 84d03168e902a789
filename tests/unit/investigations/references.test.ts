import { ExpressionError } from '../../../src/investigations/expression';
import { findReferences, ReferenceResolutionError, resolveReferences } from '../../../src/investigations/references';
import { createScope } from '../../../src/investigations/scope';

const scope = createScope(
  { caseId: 'CASE-7', amount: 9_800.5, urgent: true, entity: { id: 'ENT-1', name: 'Northbridge' }, tags: ['a', 'b'] },
  {
    collect: { status: 'succeeded', output: { items: [{ id: 'I-1' }, { id: 'I-2' }], count: 2 } },
    optional: { status: 'skipped' },
  },
);

function resolutionError(value: unknown): ReferenceResolutionError {
  try {
    resolveReferences(value, scope);
  } catch (error) {
    expect(error).toBeInstanceOf(ReferenceResolutionError);
    return error as ReferenceResolutionError;
  }
  throw new Error('expected resolution to fail');
}

describe('findReferences', () => {
  it('finds every reference with where it is, in document order', () => {
    const found = findReferences({
      items: '${input.evidence}',
      title: 'Case ${input.caseId} / ${ steps.collect.output.items[0].id }',
      parties: ['plain', '${input.entity.name} (subject)'],
      nested: { deeper: ["${steps.collect.output['count']}"] },
      count: 3,
    });
    expect(found.map(({ location, source, path }) => ({ location, source, path }))).toEqual([
      { location: 'items', source: 'input.evidence', path: ['input', 'evidence'] },
      { location: 'title', source: 'input.caseId', path: ['input', 'caseId'] },
      { location: 'title', source: ' steps.collect.output.items[0].id ', path: ['steps', 'collect', 'output', 'items', 0, 'id'] },
      { location: 'parties.1', source: 'input.entity.name', path: ['input', 'entity', 'name'] },
      { location: 'nested.deeper.0', source: "steps.collect.output['count']", path: ['steps', 'collect', 'output', 'count'] },
    ]);
    expect(found.every((reference) => reference.error === undefined)).toBe(true);
  });

  it('keeps invalid references with their error and its position in the string', () => {
    const [bad, open, proto, expression] = findReferences([
      'x ${input.}',
      'ok ${input.a',
      '${input.__proto__.polluted}',
      '${len(input.a)}',
    ]);
    expect(bad?.error).toBeInstanceOf(ExpressionError);
    expect(bad?.error?.reason).toBe('expected a property name after "."');
    expect(bad?.error?.position).toBe(10);
    expect(bad?.location).toBe('0');
    expect(open?.error?.reason).toBe('"${" is not closed by "}"');
    expect(open?.error?.position).toBe(3);
    expect(proto?.error?.reason).toBe('the property name "__proto__" is not allowed');
    expect(expression?.error?.reason).toContain('only a reference');
  });

  it('finds none in strings without ${, in keys, or in other values', () => {
    expect(findReferences({ '${input.key}': 'costs $5 {ok}', n: 1, b: true, z: null })).toEqual([]);
  });
});

describe('resolveReferences', () => {
  it('gives a whole-string reference its value with its type', () => {
    expect(
      resolveReferences(
        {
          entity: '${input.entity}',
          items: '${steps.collect.output.items}',
          first: '${steps.collect.output.items[0].id}',
          amount: '${input.amount}',
          urgent: '${input.urgent}',
          status: '${steps.optional.status}',
        },
        scope,
      ),
    ).toEqual({
      entity: { id: 'ENT-1', name: 'Northbridge' },
      items: [{ id: 'I-1' }, { id: 'I-2' }],
      first: 'I-1',
      amount: 9_800.5,
      urgent: true,
      status: 'skipped',
    });
  });

  it('interpolates scalars into text, and keeps everything else as it is', () => {
    expect(
      resolveReferences(
        [
          'Case ${input.caseId}: ${input.entity.name}, ${steps.collect.output.count} items, ${input.amount} ($${input.urgent})',
          42,
          null,
          'no refs',
        ],
        scope,
      ),
    ).toEqual(['Case CASE-7: Northbridge, 2 items, 9800.5 ($true)', 42, null, 'no refs']);
  });

  it('fails naming the reference and what is missing', () => {
    const error = resolutionError({ findings: '${steps.collect.output.findings}' });
    expect(error.reference).toBe('steps.collect.output.findings');
    expect(error.location).toBe('findings');
    expect(error.message).toBe('cannot resolve ${steps.collect.output.findings} in findings: steps.collect.output has no "findings"');
    expect(resolutionError(['${steps.collect.output.items[5]}']).reason).toBe('steps.collect.output.items has no element 5');
    expect(resolutionError('${steps.optional.output.findings}').reason).toBe(
      'step "optional" has no output (it was skipped, or failed and the investigation continued)',
    );
    expect(resolutionError('${steps.later.output}').reason).toBe('there is no step "later" in the scope');
    expect(resolutionError('${input.tags.length}').reason).toBe('input.tags has no "length"');
    expect(resolutionError('${input.caseId.length}').reason).toBe('input.caseId has no "length"');
  });

  it('refuses to insert an array or object into text', () => {
    expect(resolutionError({ title: 'Items: ${input.tags}' }).reason).toBe(
      'an array cannot be inserted into text; make the reference the whole string to pass it as it is',
    );
  });

  it('reports a syntax error as a resolution error of that reference', () => {
    expect(resolutionError('${input.a ==}').message).toBe('cannot resolve ${input.a ==}: the expression ends too early (at character 13)');
    expect(resolutionError({ t: '${1 + 1}' }).message).toContain('unexpected character "+"');
  });

  it('never scans inserted data for references', () => {
    const dataScope = createScope({ note: '${input.secret}', secret: 'do not leak' });
    expect(resolveReferences({ a: '${input.note}', b: 'note: ${input.note}' }, dataScope)).toEqual({
      a: '${input.secret}',
      b: 'note: ${input.secret}',
    });
  });

  it('copies keys named __proto__ as ordinary keys without touching any prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": "${input.caseId}"}, "a": {"__proto__": {"polluted": 1}}}') as unknown;
    const resolved = resolveReferences(value, scope) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(resolved)).toBe(Object.prototype);
    expect(Object.keys(resolved)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(resolved, '__proto__')?.value).toEqual({ polluted: 'CASE-7' });
    expect((resolved as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.stringify(resolved)).toBe('{"__proto__":{"polluted":"CASE-7"},"a":{"__proto__":{"polluted":1}}}');
  });

  it('cannot read a prototype through the scope either', () => {
    expect(resolutionError('${input.toString}').reason).toBe('input has no "toString"');
    expect(resolutionError('${steps.collect.hasOwnProperty}').reason).toBe('steps.collect has no "hasOwnProperty"');
    expect(resolutionError('${input.constructor}').message).toContain('the property name "constructor" is not allowed');
  });

  it('stops on a value nested too deep, or cyclic, instead of overflowing the stack', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => resolveReferences(cyclic, scope)).toThrow('nested more than 20 levels');
    let deep: unknown = '${input.caseId}';
    for (let i = 0; i < 20; i += 1) deep = [deep];
    expect(JSON.stringify(resolveReferences(deep, scope))).toContain('CASE-7');
  });
});
