import {
  investigationDefinitionSchema,
  investigationStepSchema,
  isTemplateStep,
  validateInvestigationInput,
  zodProblems,
} from '../../../src/investigations';
import { lines } from './investigation-test-helpers';

const step = (fields: Record<string, unknown>) => ({ name: 'screen', agent: 'fraud', action: 'detectFraud', ...fields });
function stepProblems(fields: Record<string, unknown>): string[] {
  const result = investigationStepSchema.safeParse(fields);
  return result.success ? [] : lines(zodProblems(result.error.issues));
}

describe('investigationStepSchema', () => {
  it('fills the defaults and keeps durations as written', () => {
    const parsed = investigationStepSchema.parse(step({ timeout: '30s' }));
    expect(parsed).toEqual({
      name: 'screen',
      agent: 'fraud',
      action: 'detectFraud',
      input: {},
      dependsOn: [],
      onFailure: 'fail',
      timeout: '30s',
    });
    expect(isTemplateStep(parsed)).toBe(false);
    // The output parses again to itself: a stored definition can be validated again.
    expect(investigationStepSchema.parse(parsed)).toEqual(parsed);
  });

  it('accepts a use: step and types it as a template step', () => {
    const parsed = investigationStepSchema.parse({ name: 'child', use: 'fraud-investigation', input: { caseId: '${input.caseId}' } });
    expect(isTemplateStep(parsed) && parsed.use).toBe('fraud-investigation');
    expect(parsed).not.toHaveProperty('agent');
  });

  it('requires exactly one of agent+action and use', () => {
    expect(stepProblems({ name: 'a' })).toEqual([
      'agent: required (or use: <template> to run another template)',
      'action: required (or use: <template> to run another template)',
    ]);
    expect(stepProblems({ name: 'a', agent: 'fraud' })).toEqual(['action: required (or use: <template> to run another template)']);
    expect(stepProblems(step({ use: 'fraud-investigation' }))).toEqual(['use: give either agent and action, or use, not both']);
  });

  it('refuses compensation and fallback on use: steps', () => {
    expect(
      stepProblems({
        name: 'child',
        use: 'fraud-investigation',
        compensate: { agent: 'ledger', action: 'reverseAdjustment' },
        onFailure: { fallback: { agent: 'fraud', action: 'detectFraud' } },
      }),
    ).toEqual([
      'compensate: a use: step cannot be compensated; compensate the steps of its template',
      'onFailure: a fallback runs an agent action; a use: step can only "fail" or "continue"',
    ]);
  });

  it('checks names, durations, retry and onFailure with readable messages', () => {
    expect(stepProblems(step({ name: 'Collect Evidence' }))).toEqual([
      'name: expected a step name of lower-case letters, digits and "_", starting with a letter',
    ]);
    expect(stepProblems(step({ name: 'constructor' }))).toEqual(['name: this name is reserved']);
    expect(stepProblems(step({ name: 'prototype' }))).toEqual(['name: this name is reserved']);
    expect(stepProblems(step({ name: '__proto__' }))[0]).toMatch(/^name: expected a step name/);
    expect(stepProblems(step({ timeout: 'soon' }))).toEqual(['timeout: expected a duration such as "30s", "10m" or "2h", at most 7d']);
    expect(stepProblems(step({ timeout: '8d' }))).toHaveLength(1);
    expect(stepProblems(step({ timeout: '0s' }))).toHaveLength(1);
    expect(stepProblems(step({ retry: 'exponential_backoff' }))).toEqual([]);
    expect(
      stepProblems(step({ retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 5 } })),
    ).toEqual([]);
    expect(stepProblems(step({ retry: { initialInterval: '1s', maximumAttempts: 'many' } }))).toEqual([
      'retry.maximumAttempts: Invalid input: expected number, received string',
    ]);
    expect(stepProblems(step({ retry: { initialInterval: '1m', maximumInterval: '1s' } }))).toEqual([
      'retry.maximumInterval: maximumInterval must not be shorter than initialInterval',
    ]);
    expect(stepProblems(step({ retry: 5 }))).toEqual([
      'retry: expected the name of a retry policy or { initialInterval, backoffCoefficient?, maximumInterval?, maximumAttempts? }',
    ]);
    expect(stepProblems(step({ onFailure: 'ignore' }))).toEqual([
      'onFailure: expected "fail", "continue" or { fallback: { agent, action } }',
    ]);
    expect(stepProblems(step({ onFailure: { fallback: { agent: 'fraud' } } }))).toEqual([
      'onFailure.fallback.action: Invalid input: expected string, received undefined',
    ]);
    expect(stepProblems(step({ agnet: 'fraud' }))).toEqual([': Unrecognized key: "agnet"']);
    expect(stepProblems(step({ retry: 'exponential backoff' }))).toEqual(['retry: expected a retry policy name from temporal.yaml']);
  });

  it('bounds the input: depth, size, string and key lengths, JSON only', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 25; i += 1) deep = { a: deep };
    expect(stepProblems(step({ input: deep }))).toEqual([
      `input.${Array.from({ length: 20 }, () => 'a').join('.')}: is nested more than 20 levels deep`,
    ]);
    expect(stepProblems(step({ input: { note: 'x'.repeat(5_000) } }))).toEqual([
      'input.note: is a string of 5000 characters; at most 4096 are allowed in a definition',
    ]);
    expect(stepProblems(step({ input: { list: new Array(20_000).fill(0) } }))[0]).toMatch(/^input: has more than 10000 values/);
    expect(stepProblems(step({ input: { ['k'.repeat(300)]: 1 } }))).toEqual(['input: has a key longer than 200 characters']);
    expect(stepProblems(step({ input: { n: Number.POSITIVE_INFINITY, f: () => 1, u: undefined } }))).toEqual([
      'input.n: must be a finite number',
      'input.f: must be JSON (null, a boolean, a number, a string, an array or an object), got function',
      'input.u: must be JSON (null, a boolean, a number, a string, an array or an object), got undefined',
    ]);
  });
});

describe('investigationDefinitionSchema', () => {
  it('accepts a minimal definition and rejects unknown keys, bad versions and names', () => {
    expect(investigationDefinitionSchema.safeParse({ name: 'x', version: 1, steps: [step({})] }).success).toBe(true);
    const result = investigationDefinitionSchema.safeParse({ name: 'Bad Name', version: 1.5, steps: [], owner: 'me' });
    expect(result.success).toBe(false);
    expect(lines(zodProblems(result.error?.issues ?? []))).toEqual([
      'name: expected lower-case letters, digits, "-" and "_", starting with a letter or digit',
      'version: Invalid input: expected int, received number',
      'steps: Too small: expected array to have >=1 items',
      ': Unrecognized key: "owner"',
    ]);
  });
});

describe('inputSchema and validateInvestigationInput', () => {
  const definition = investigationDefinitionSchema.parse({
    name: 'x',
    version: 1,
    inputSchema: {
      type: 'object',
      required: ['caseId', 'transactions'],
      additionalProperties: false,
      properties: { caseId: { type: 'string' }, transactions: { type: 'array' }, limit: { type: 'number' }, entity: { type: 'object' } },
    },
    steps: [step({})],
  });

  it('accepts a matching input', () => {
    expect(validateInvestigationInput(definition, { caseId: 'C-1', transactions: [], limit: 3, entity: {} })).toEqual([]);
  });

  it('lists every problem with its path', () => {
    expect(validateInvestigationInput(definition, { transactions: {}, limit: '3', entity: [], extra: 1 })).toEqual([
      { path: 'input.caseId', message: 'is required' },
      { path: 'input.transactions', message: 'must be an array, got object' },
      { path: 'input.limit', message: 'must be a number, got string' },
      { path: 'input.entity', message: 'must be an object, got array' },
      { path: 'input.extra', message: "is not a property of this investigation's input (expected: caseId, transactions, limit, entity)" },
    ]);
    expect(validateInvestigationInput(definition, [])).toEqual([{ path: 'input', message: 'must be an object' }]);
  });

  it('does not let a __proto__ key satisfy or pollute anything', () => {
    const input = JSON.parse('{"__proto__": {"caseId": "C-1"}, "transactions": []}') as unknown;
    expect(validateInvestigationInput(definition, input)).toEqual([
      { path: 'input.caseId', message: 'is required' },
      expect.objectContaining({ path: 'input.__proto__' }),
    ]);
    expect(({} as Record<string, unknown>).caseId).toBeUndefined();
  });

  it('accepts any object without an inputSchema', () => {
    const open = investigationDefinitionSchema.parse({ name: 'x', version: 1, steps: [step({})] });
    expect(validateInvestigationInput(open, { anything: [1] })).toEqual([]);
    expect(validateInvestigationInput(open, 'text')).toEqual([{ path: 'input', message: 'must be an object' }]);
  });

  it('checks the inputSchema itself', () => {
    const result = investigationDefinitionSchema.safeParse({
      name: 'x',
      version: 1,
      inputSchema: {
        type: 'object',
        required: ['caseId', 'caseId', 'missing'],
        properties: JSON.parse('{"caseId": {"type": "string"}, "__proto__": {"type": "string"}, "n": {"type": "integer"}}') as unknown,
      },
      steps: [step({})],
    });
    expect(lines(zodProblems(result.error?.issues ?? []))).toEqual([
      'inputSchema.properties.__proto__: this name is reserved',
      'inputSchema.required.1: "caseId" is listed twice',
      'inputSchema.required.2: "missing" is required but not in properties',
    ]);
    const second = investigationDefinitionSchema.safeParse({
      name: 'x',
      version: 1,
      inputSchema: {
        type: 'object',
        required: ['caseId', 'caseId', 'missing'],
        properties: { caseId: { type: 'string' }, n: { type: 'integer' } },
      },
      steps: [step({})],
    });
    expect(lines(zodProblems(second.error?.issues ?? []))).toEqual([
      expect.stringMatching(/^inputSchema\.properties\.n\.type: Invalid option/),
    ]);
  });
});
