/**
 * A definition's `inputSchema`: a deliberately small subset of JSON Schema (an object, its required keys, the type
 * of each property, and whether other keys are allowed). Enough to reject a wrong investigation input with a clear
 * message before anything runs; the agents check the detail of what they receive.
 */
import { z } from 'zod';
import { forbiddenPropertyNames, limits } from './limits';
import { isPlainObject } from './path-lookup';
import { capProblems, type DefinitionProblem } from './problems';

export const inputPropertyTypes = ['string', 'number', 'boolean', 'array', 'object'] as const;
export type InputPropertyType = (typeof inputPropertyTypes)[number];

/** Names usable as `input.<name>` in references: identifiers, never a prototype name. */
const propertyName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'expected a property name of letters, digits and "_" (at most 64)')
  .refine((name) => !forbiddenPropertyNames.has(name), 'this name is reserved');

/** zod drops "__proto__" keys of records silently; an author who wrote one deserves to hear about it. */
const noForbiddenKeys = (value: unknown, ctx: z.RefinementCtx): void => {
  if (!isPlainObject(value)) return;
  for (const key of Object.keys(value)) {
    if (forbiddenPropertyNames.has(key)) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'this name is reserved' });
    }
  }
};

const propertySpecSchema = z.strictObject({
  type: z.enum(inputPropertyTypes),
  description: z.string().max(500).optional(),
});

export const inputSchemaSpecSchema = z
  .strictObject({
    type: z.literal('object'),
    required: z.array(propertyName).max(limits.maxInputProperties).optional(),
    properties: z
      .unknown()
      .superRefine(noForbiddenKeys)
      .pipe(z.record(propertyName, propertySpecSchema))
      .refine((properties) => Object.keys(properties).length <= limits.maxInputProperties, {
        message: `at most ${limits.maxInputProperties} properties`,
      })
      .optional(),
    /** As in JSON Schema, other keys are allowed unless this is false. */
    additionalProperties: z.boolean().optional(),
  })
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.required?.forEach((name, index) => {
      const issue = (message: string): void => ctx.addIssue({ code: 'custom', path: ['required', index], message });
      if (seen.has(name)) issue(`"${name}" is listed twice`);
      seen.add(name);
      // Runs even when `properties` itself failed, so it may hold anything: only a plain object is looked into.
      if (isPlainObject(spec.properties) && !Object.prototype.hasOwnProperty.call(spec.properties, name)) {
        issue(`"${name}" is required but not in properties`);
      }
    });
  });
export type InputSchemaSpec = z.infer<typeof inputSchemaSpecSchema>;

/**
 * Problems of an investigation's input against the definition's inputSchema, with paths such as "input.caseId"
 * (at most 200, then a count of the rest).
 * Without an inputSchema any object is accepted: references read `input.<name>`, so the input is always an object.
 */
export function validateInvestigationInput(definition: { inputSchema?: InputSchemaSpec }, input: unknown): DefinitionProblem[] {
  if (!isPlainObject(input)) return [{ path: 'input', message: 'must be an object' }];
  const spec = definition.inputSchema;
  if (!spec) return [];
  const problems: DefinitionProblem[] = [];
  const has = (name: string): boolean => Object.prototype.hasOwnProperty.call(input, name);
  for (const name of spec.required ?? []) {
    if (!has(name)) problems.push({ path: `input.${name}`, message: 'is required' });
  }
  const properties = spec.properties ?? {};
  for (const name of Object.keys(input)) {
    const property = Object.prototype.hasOwnProperty.call(properties, name) ? properties[name] : undefined;
    if (property === undefined) {
      if (spec.additionalProperties === false) {
        const known = Object.keys(properties).join(', ');
        const message = `is not a property of this investigation's input (expected: ${known})`;
        problems.push({ path: `input.${name}`, message });
      }
      continue;
    }
    const actual = jsonType(input[name]);
    if (actual !== property.type) {
      problems.push({ path: `input.${name}`, message: `must be ${article(property.type)}, got ${actual}` });
    }
  }
  return capProblems(problems);
}

function jsonType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : 'non-finite number';
  if (typeof value === 'object') return isPlainObject(value) ? 'object' : 'non-JSON object';
  return typeof value;
}

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
