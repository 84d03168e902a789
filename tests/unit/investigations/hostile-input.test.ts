/**
 * Definitions come from people and programs we do not control. Each case here must be rejected (or accepted) with
 * a clear answer and without noticeable work: nothing may be quadratic in the input, recursive without a bound, or
 * able to reach a prototype. The file's test timeout (not a timing assertion, which a loaded machine would make
 * flaky) stops a case that runs away.
 */
import { parseExpression, resolveReferences, topologicalLayers, validateDefinition } from '../../../src/investigations';
import { createScope } from '../../../src/investigations/scope';
import { definition, lines, problemsOf, testCatalog } from './investigation-test-helpers';

jest.setTimeout(30_000);

const validate = (raw: unknown) => validateDefinition(raw, testCatalog);

describe('hostile definitions', () => {
  it('accepts 100 steps each depending on every earlier one, reading all of them', () => {
    const steps = Array.from({ length: 100 }, (_, i) => ({
      name: `s${i}`,
      dependsOn: Array.from({ length: i }, (__, j) => `s${j}`),
      input: { all: Array.from({ length: i }, (__, j) => `\${steps.s${j}.output}`) },
      when: i > 0 ? `steps.s${i - 1}.status == 'succeeded'` : undefined,
    }));
    const result = validate(definition(steps));
    expect(result.ok).toBe(true);
    if (result.ok) expect(topologicalLayers(result.definition)).toHaveLength(100);
  });

  it('names one cycle for 100 steps that all wait for each other', () => {
    const steps = Array.from({ length: 100 }, (_, i) => ({
      name: `s${i}`,
      dependsOn: Array.from({ length: 100 }, (__, j) => `s${j}`).filter((name) => name !== `s${i}`),
    }));
    expect(lines(problemsOf(validate(definition(steps))))).toEqual([
      'steps.0.dependsOn: dependency cycle: s0 -> s1 -> s0 (each step waits for the next, so none can start)',
    ]);
  });

  it('rejects a 100-step ring with the whole cycle named', () => {
    const steps = Array.from({ length: 100 }, (_, i) => ({ name: `s${i}`, dependsOn: [`s${(i + 1) % 100}`] }));
    const [problem] = problemsOf(validate(definition(steps)));
    expect(problem?.message).toBe(
      `dependency cycle: ${Array.from({ length: 100 }, (_, i) => `s${i}`).join(' -> ')} -> s0 ` +
        '(each step waits for the next, so none can start)',
    );
  });

  it('rejects 100,000 steps with one problem, looking at the first 100 only', () => {
    const steps = Array.from({ length: 100_000 }, (_, i) => ({ name: `s${i}`, agent: 'fraud', action: 'detectFraud' }));
    expect(lines(problemsOf(validate({ name: 'x', version: 1, steps })))).toEqual(['steps: 100000 steps; at most 100 are allowed']);
  });

  it('rejects input nested 100,000 levels deep at level 20', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    const problems = problemsOf(validate(definition([{ name: 'a', input: deep }])));
    expect(problems).toEqual([{ path: `steps.0.input${'.0'.repeat(20)}`, message: 'is nested more than 20 levels deep' }]);
  });

  it('rejects huge arrays and long strings in inputs with a clear message', () => {
    const problems = problemsOf(
      validate(
        definition([
          { name: 'a', input: { rows: new Array(1_000_000).fill('${input.x}') } },
          { name: 'b', input: { text: 'y'.repeat(10_000) } },
          { name: 'c'.repeat(10_000) },
          { name: 'd', when: `len(input.x) > ${'9'.repeat(10_000)}` },
          { name: 'e', description: 'z'.repeat(10_000) },
        ]),
      ),
    );
    expect(lines(problems)).toEqual([
      "steps.0.input: has more than 10000 values; pass large data in the investigation's input and reference it",
      'steps.1.input.text: is a string of 10000 characters; at most 4096 are allowed in a definition',
      'steps.2.name: Too big: expected string to have <=64 characters',
      'steps.3.when: Too big: expected string to have <=1000 characters',
      'steps.4.description: Too big: expected string to have <=2000 characters',
    ]);
  });

  it('reports prototype names in references, expressions, step names and keys without being affected by them', () => {
    const raw = JSON.parse(
      JSON.stringify({
        name: 'x',
        version: 1,
        steps: [
          { name: 'constructor', agent: 'fraud', action: 'detectFraud' },
          {
            name: 'a',
            agent: 'fraud',
            action: 'detectFraud',
            when: 'steps.a.output.__proto__ == null',
            input: { x: '${input.constructor.prototype}', y: "${steps['__proto__'].output}" },
          },
        ],
      }).replace('"steps":', '"__proto__": {"polluted": true}, "steps":'),
    ) as unknown;
    expect(lines(problemsOf(validate(raw)))).toEqual([
      ': Unrecognized key: "__proto__"',
      'steps.0.name: this name is reserved',
      'steps.1.input.x: invalid reference ${input.constructor.prototype}: the property name "constructor" is not allowed (at character 9)',
      'steps.1.input.y: invalid reference ${steps[\'__proto__\'].output}: the property name "__proto__" is not allowed (at character 9)',
      'steps.1.when: invalid expression: the property name "__proto__" is not allowed (at character 16)',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('caps the number of problems reported', () => {
    const steps = Array.from({ length: 100 }, (_, i) => ({ name: `s${i}`, agent: 'nobody', dependsOn: ['ghost', 'phantom', 'spectre'] }));
    const problems = problemsOf(validate(definition(steps)));
    expect(problems).toHaveLength(201);
    expect(problems[200]).toEqual({ path: '', message: '200 more problems not listed' });
  });

  it('rejects a step with more references than allowed', () => {
    const refs = Array.from({ length: 1_001 }, () => '${input.x}');
    expect(lines(problemsOf(validate(definition([{ name: 'a', input: refs }]))))).toEqual([
      'steps.0: 1001 references; at most 1000 are allowed in one step',
    ]);
  });

  it('parses deeply nested parentheses and long expressions only up to the limits', () => {
    expect(() => parseExpression(`${'('.repeat(10_000)}1${')'.repeat(10_000)}`)).toThrow(/at most 1000 are allowed/);
    expect(() => parseExpression(`${'('.repeat(100)}1${')'.repeat(100)}`)).toThrow('nested more than 32 levels deep');
    expect(() => parseExpression(`${'!'.repeat(999)}1`)).toThrow(/more than 500 tokens|nested more than 32/);
  });

  it('resolves a large input in linear time', () => {
    const scope = createScope({ id: 'X' });
    const value = { rows: Array.from({ length: 10_000 }, (_, i) => ({ id: `${i}-\${input.id}`, n: i })) };
    const resolved = resolveReferences(value, scope) as { rows: Array<{ id: string }> };
    expect(resolved.rows[9_999]?.id).toBe('9999-X');
  });
});
