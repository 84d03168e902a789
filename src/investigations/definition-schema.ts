/**
 * The schema of an investigation definition: the multi-step plan an investigator submits as JSON or ships as a
 * YAML template. Pure module (zod and pure project modules only): the HTTP layer, the interpreter workflow and the
 * tests share it.
 *
 * This schema checks each field on its own and the structural rules of a step (exactly one of agent+action or use).
 * What needs the whole definition or the deployment (unknown agents, dependencies, cycles, references) is checked
 * by validateDefinition, which reports every problem at once.
 *
 * Durations stay as written ('30s'): the definition is shown back to people and stored as submitted. The workflow
 * turns them into milliseconds with parseDuration.
 */
import { z } from 'zod';
import { parseDuration } from '../config/duration';
import { inputSchemaSpecSchema } from './input-schema';
import { jsonValueProblems } from './json-value';
import { forbiddenPropertyNames, limits } from './limits';

export { inputSchemaSpecSchema, validateInvestigationInput, type InputSchemaSpec } from './input-schema';

/** Longest step timeout: a step that needs more is a job of its own. */
export const maxStepTimeoutMs = 7 * 86_400_000;

export const definitionNameSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9-_]*$/, 'expected lower-case letters, digits, "-" and "_", starting with a letter or digit');

export const stepNameSchema = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9_]*$/, 'expected a step name of lower-case letters, digits and "_", starting with a letter')
  .refine((name) => !forbiddenPropertyNames.has(name), 'this name is reserved');

/** As agent names in temporal.yaml. */
const agentNameSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'expected an agent name such as "fraud"');
/** As activity names in temporal.yaml. */
const actionNameSchema = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,99}$/, 'expected an action name such as "detectFraud"');
const retryPolicyNameSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected a retry policy name from temporal.yaml');

const durationSchema = z.string().refine(
  (text) => {
    const ms = text.length <= 20 ? parseDuration(text) : undefined;
    return ms !== undefined && ms > 0 && ms <= maxStepTimeoutMs;
  },
  { message: 'expected a duration such as "30s", "10m" or "2h", at most 7d' },
);

/** Any JSON within the limits; every problem is reported at its own path inside the value. */
const jsonInputSchema = z.unknown().superRefine((value, ctx) => {
  for (const { path, message } of jsonValueProblems(value)) ctx.addIssue({ code: 'custom', path, message });
});

export const inlineRetrySchema = z
  .strictObject({
    initialInterval: durationSchema,
    backoffCoefficient: z.number().min(1).max(100).optional(),
    maximumInterval: durationSchema.optional(),
    /** 0 = no limit, as in temporal.yaml. */
    maximumAttempts: z.number().int().min(0).max(100).optional(),
  })
  .refine(
    ({ initialInterval, maximumInterval }) =>
      !maximumInterval || (parseDuration(maximumInterval) ?? 0) >= (parseDuration(initialInterval) ?? 0),
    { message: 'maximumInterval must not be shorter than initialInterval', path: ['maximumInterval'] },
  );
export type InlineRetryPolicy = z.infer<typeof inlineRetrySchema>;

const retrySchema = z.union([retryPolicyNameSchema, inlineRetrySchema], {
  error: 'expected the name of a retry policy or ' + '{ initialInterval, backoffCoefficient?, maximumInterval?, maximumAttempts? }',
});

const actionRefSchema = z.strictObject({ agent: agentNameSchema, action: actionNameSchema });

const onFailureSchema = z.union([z.enum(['fail', 'continue']), z.strictObject({ fallback: actionRefSchema })], {
  error: 'expected "fail", "continue" or { fallback: { agent, action } }',
});
export type OnFailure = z.infer<typeof onFailureSchema>;

const compensateSchema = z.strictObject({
  agent: agentNameSchema,
  action: actionNameSchema,
  /** Defaults to the step's own input. May read `steps.<this step>.output`. */
  input: jsonInputSchema.optional(),
});
export type Compensation = z.infer<typeof compensateSchema>;

const rawStepSchema = z.strictObject({
  name: stepNameSchema,
  description: z.string().max(limits.maxDescriptionLength).optional(),
  agent: agentNameSchema.optional(),
  action: actionNameSchema.optional(),
  /** Runs another template as a child investigation, with this step's input as its input. */
  use: definitionNameSchema.optional(),
  input: jsonInputSchema.default({}),
  dependsOn: z.array(z.string().max(64)).max(limits.maxDependencies).default([]),
  when: z.string().min(1).max(limits.maxExpressionLength).optional(),
  timeout: durationSchema.optional(),
  /** The agent must heartbeat this often: a step whose worker host dies or drops off the network is retried within it. */
  heartbeatTimeout: durationSchema.optional(),
  retry: retrySchema.optional(),
  onFailure: onFailureSchema.default('fail'),
  compensate: compensateSchema.optional(),
});

/**
 * The schema of each field of a step on its own: the validator checks a step's valid fields against the catalog
 * and the other steps even when another of its fields is wrong, so that one typo does not hide other problems.
 */
export const stepFieldSchemas = rawStepSchema.shape;
/** A step's fields that passed their own schema (see stepFieldSchemas). */
export type StepFields = Partial<z.output<typeof rawStepSchema>>;

interface StepCommon {
  name: string;
  description?: string;
  input: unknown;
  dependsOn: string[];
  when?: string;
  timeout?: string;
  heartbeatTimeout?: string;
  retry?: string | InlineRetryPolicy;
  onFailure: OnFailure;
}
/** A step run by an agent's activity. */
export interface AgentStep extends StepCommon {
  agent: string;
  action: string;
  use?: undefined;
  compensate?: Compensation;
}
/** A step run as a child investigation of another template. */
export interface TemplateStep extends StepCommon {
  use: string;
  agent?: undefined;
  action?: undefined;
  compensate?: undefined;
}
export type InvestigationStep = AgentStep | TemplateStep;

export const investigationStepSchema = rawStepSchema
  .superRefine((step, ctx) => {
    const issue = (path: string, message: string): void => ctx.addIssue({ code: 'custom', path: [path], message });
    if (step.use !== undefined) {
      if (step.agent !== undefined || step.action !== undefined) {
        issue('use', 'give either agent and action, or use, not both');
      }
      if (step.compensate) {
        issue('compensate', 'a use: step cannot be compensated; compensate the steps of its template');
      }
      if (typeof step.onFailure === 'object') {
        issue('onFailure', 'a fallback runs an agent action; a use: step can only "fail" or "continue"');
      }
    } else {
      if (step.agent === undefined) issue('agent', 'required (or use: <template> to run another template)');
      if (step.action === undefined) issue('action', 'required (or use: <template> to run another template)');
    }
  })
  .transform((step): InvestigationStep => {
    const { name, agent, action, use, compensate, ...rest } = step;
    // The name, then the form, then the rest: the order people read a step in.
    if (use !== undefined) return { name, use, ...rest };
    return { name, agent: agent ?? '', action: action ?? '', ...rest, ...(compensate ? { compensate } : {}) };
  });

export const investigationDefinitionSchema = z.strictObject({
  name: definitionNameSchema,
  /** A positive integer the author raises with every change: simple to compare, store and show. */
  version: z.number().int().min(1).max(1_000_000),
  description: z.string().max(limits.maxDescriptionLength).optional(),
  inputSchema: inputSchemaSpecSchema.optional(),
  steps: z.array(investigationStepSchema).min(1).max(limits.maxSteps),
});
export type InvestigationDefinition = z.infer<typeof investigationDefinitionSchema>;

/** Whether a step runs another template (narrows the type). */
export const isTemplateStep = (step: InvestigationStep): step is TemplateStep => step.use !== undefined;
