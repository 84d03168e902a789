import { validateDefinition } from '../../../src/investigations';
import { definition, lines, problemsOf, testCatalog } from './investigation-test-helpers';

const validate = (raw: unknown) => validateDefinition(raw, testCatalog);
const problemLines = (raw: unknown) => lines(problemsOf(validate(raw)));

describe('validateDefinition', () => {
  it('accepts a valid definition and returns it parsed', () => {
    const result = validate(
      definition(
        [
          { name: 'collect', agent: 'evidence', action: 'processEvidence', input: { items: '${input.evidence}' }, retry: 'fixed_interval' },
          { name: 'screen', dependsOn: ['collect'], input: { transactions: '${input.transactions}' }, timeout: '10m' },
          {
            name: 'post',
            agent: 'ledger',
            action: 'postAdjustment',
            dependsOn: ['screen'],
            when: "len(steps.screen.output.findings) > 0 && steps.collect.status == 'succeeded'",
            input: { findings: '${steps.screen.output.findings}', evidence: '${steps.collect.output.items}' },
            compensate: { agent: 'ledger', action: 'reverseAdjustment', input: { adjustmentId: '${steps.post.output.id}' } },
            onFailure: { fallback: { agent: 'risk', action: 'assessRisk' } },
          },
          {
            name: 'child',
            use: 'compliance-review',
            agent: undefined,
            action: undefined,
            dependsOn: ['collect'],
            input: { caseId: '${input.caseId}' },
            onFailure: 'continue',
          },
        ],
        { description: 'A test.', inputSchema: { type: 'object', properties: { evidence: { type: 'array' } } } },
      ),
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.definition.steps.map((step) => step.name)).toEqual(['collect', 'screen', 'post', 'child']);
  });

  it('reports every problem at once, each at its path, in document order', () => {
    const raw = definition([
      { name: 'collect', agent: 'evidnce', action: 'processEvidence', timeout: 'later' },
      { name: 'screen', action: 'detect', retry: 'aggressive', dependsOn: ['collect', 'ghost', 'screen', 'collect'] },
      { name: 'screen', onFailure: { fallback: { agent: 'risk', action: 'scoreRisk' } } },
      { name: 'child', use: 'no-such-template', agent: undefined, action: undefined },
      { name: 'self', use: 'test-investigation', agent: undefined, action: undefined },
      { name: 'post', agent: 'ledger', action: 'postAdjustment', compensate: { agent: 'ledger', action: 'undo' } },
      { name: 'bad when', when: 'len(steps.collect.output' },
    ]);
    expect(problemLines(raw)).toEqual([
      'steps.0.agent: unknown agent "evidnce"; the agents are: evidence, fraud, risk, litigation, ledger',
      'steps.0.timeout: expected a duration such as "30s", "10m" or "2h", at most 7d',
      'steps.1.action: agent "fraud" has no action "detect"; its actions are: detectFraud',
      'steps.1.dependsOn.1: unknown step "ghost"',
      'steps.1.dependsOn.2: a step cannot depend on itself',
      'steps.1.dependsOn.3: "collect" is listed twice',
      'steps.1.retry: unknown retry policy "aggressive"; the policies are: exponential_backoff, fixed_interval, immediate',
      'steps.2.name: duplicate step name "screen" (also steps.1)',
      'steps.2.onFailure.fallback.action: agent "risk" has no action "scoreRisk"; its actions are: assessRisk',
      'steps.3.use: unknown template "no-such-template"; the templates are: fraud-investigation, compliance-review',
      'steps.4.use: a template cannot use itself',
      'steps.5.compensate.action: agent "ledger" has no action "undo"; its actions are: postAdjustment, reverseAdjustment',
      'steps.6.name: expected a step name of lower-case letters, digits and "_", starting with a letter',
      'steps.6.when: invalid expression: expected ")" closing the call of len, found the end of the expression (at character 25)',
    ]);
  });

  it('checks expressions and references of steps that passed the schema even when others did not', () => {
    expect(
      problemLines(
        definition([
          { name: 'broken', timeout: 5 },
          { name: 'a', when: 'len(steps.a.output' },
          { name: 'b', when: "steps.nowhere.status == 'succeeded'", input: { x: '${input.x' } },
        ]),
      ),
    ).toEqual([
      'steps.0.timeout: Invalid input: expected string, received number',
      'steps.1.when: invalid expression: expected ")" closing the call of len, found the end of the expression (at character 19)',
      'steps.2.input.x: invalid reference ${input.x: "${" is not closed by "}" (at character 1)',
      'steps.2.when: steps.nowhere.status: unknown step "nowhere"',
    ]);
  });

  it('names dependency cycles', () => {
    expect(
      problemLines(
        definition([
          { name: 'collect', dependsOn: ['analyse'] },
          { name: 'analyse', dependsOn: ['collect'] },
          { name: 'a', dependsOn: ['c'] },
          { name: 'b', dependsOn: ['a'] },
          { name: 'c', dependsOn: ['b'] },
          { name: 'free' },
        ]),
      ),
    ).toEqual([
      'steps.0.dependsOn: dependency cycle: collect -> analyse -> collect (each step waits for the next, so none can start)',
      'steps.2.dependsOn: dependency cycle: a -> c -> b -> a (each step waits for the next, so none can start)',
    ]);
  });

  it('lets a step read only the steps it waits for, directly or transitively', () => {
    const raw = definition([
      { name: 'collect' },
      { name: 'analyse', dependsOn: ['collect'] },
      { name: 'parallel', dependsOn: ['collect'] },
      {
        name: 'report',
        dependsOn: ['analyse'],
        when: 'exists(steps.collect.output) && steps.parallel.status == "succeeded"',
        input: {
          ok: '${steps.collect.output}',
          alsoOk: '${steps.analyse.status}',
          racy: '${steps.parallel.output}',
          own: '${steps.report.output}',
          field: '${steps.analyse.result}',
          whole: '${steps.analyse}',
          index: '${input[0]}',
        },
      },
    ]);
    expect(problemLines(raw)).toEqual([
      'steps.3.input.field: ${steps.analyse.result}: a step\'s state has only status, output, error, not "result"',
      'steps.3.input.index: ${input[0]}: the input is an object: read input.<name>',
      'steps.3.input.own: ${steps.report.output}: a step cannot read its own state (only its compensation can read its output)',
      'steps.3.input.racy: ${steps.parallel.output}: step "report" reads step "parallel" but does not wait for it; ' +
        'add "parallel" to dependsOn (or to a step it depends on)',
      'steps.3.input.whole: ${steps.analyse}: read a field of a step: steps.<name>.output, steps.<name>.status or steps.<name>.error',
      'steps.3.when: steps.parallel.status: step "report" reads step "parallel" but does not wait for it; ' +
        'add "parallel" to dependsOn (or to a step it depends on)',
    ]);
  });

  it('lets a compensation read its own step output but still not unrelated steps', () => {
    const compensate = (input: unknown) =>
      definition([
        { name: 'other' },
        { name: 'post', agent: 'ledger', action: 'postAdjustment', compensate: { agent: 'ledger', action: 'reverseAdjustment', input } },
      ]);
    expect(validate(compensate({ id: '${steps.post.output.id}', caseId: '${input.caseId}' })).ok).toBe(true);
    expect(problemLines(compensate({ id: '${steps.other.output.id}' }))).toEqual([
      'steps.1.compensate.input.id: ${steps.other.output.id}: step "post" reads step "other" but does not wait for it; ' +
        'add "other" to dependsOn (or to a step it depends on)',
    ]);
  });

  it('checks input references against a closed inputSchema', () => {
    const raw = (additionalProperties: boolean) =>
      definition([{ name: 'a', input: { x: '${input.caseId}', y: '${input.caseID}' } }], {
        inputSchema: { type: 'object', additionalProperties, properties: { caseId: { type: 'string' } } },
      });
    expect(problemLines(raw(false))).toEqual(['steps.0.input.y: ${input.caseID}: the inputSchema declares no property "caseID"']);
    expect(validate(raw(true)).ok).toBe(true);
  });

  it('looks up agents, actions, policies and templates as own names only', () => {
    expect(
      problemLines(
        definition([
          { name: 'a', agent: 'constructor', action: 'call' },
          { name: 'b', agent: 'fraud', action: 'toString' },
          { name: 'c', agent: 'fraud', action: 'hasOwnProperty' },
          { name: 'd', retry: 'valueOf' },
          { name: 'e', use: 'constructor', agent: undefined, action: undefined },
        ]),
      ),
    ).toEqual([
      'steps.0.agent: unknown agent "constructor"; the agents are: evidence, fraud, risk, litigation, ledger',
      'steps.1.action: agent "fraud" has no action "toString"; its actions are: detectFraud',
      'steps.2.action: agent "fraud" has no action "hasOwnProperty"; its actions are: detectFraud',
      'steps.3.retry: unknown retry policy "valueOf"; the policies are: exponential_backoff, fixed_interval, immediate',
      'steps.4.use: unknown template "constructor"; the templates are: fraud-investigation, compliance-review',
    ]);
  });

  it('rejects what is not a definition at all', () => {
    expect(problemLines(null)).toEqual([': Invalid input: expected object, received null']);
    expect(problemLines({ name: 'x', version: 1, steps: 'all of them' })).toEqual([
      'steps: Invalid input: expected array, received string',
    ]);
    expect(problemLines({ name: 'x', version: 1, steps: [42, null] })).toEqual([
      'steps.0: Invalid input: expected object, received number',
      'steps.1: Invalid input: expected object, received null',
    ]);
  });
});
