/**
 * What references and `when` expressions read: the investigation's input and the state of every step that has
 * finished. The interpreter workflow builds this object; the expression evaluator and resolveReferences read it
 * with own-property lookups only.
 */

/** How a step ended. A step that has not finished is absent from `steps`. */
export const stepStatuses = ['succeeded', 'failed', 'skipped'] as const;
export type StepStatus = (typeof stepStatuses)[number];

/** The fields of `steps.<name>` that references may read. */
export const stepStateFields = ['status', 'output', 'error'] as const;

export interface StepState {
  status: StepStatus;
  /** The agent's (or the child investigation's) result; present only when the step succeeded. */
  output?: unknown;
  /** Why the step failed; present only for a failed step whose onFailure let the investigation continue. */
  error?: { message: string; type?: string };
}

export interface InvestigationScope {
  input: Record<string, unknown>;
  steps: Record<string, StepState>;
}

/** A scope whose `steps` map has no prototype, so that no step name can collide with Object.prototype. */
export function createScope(input: Record<string, unknown>, steps: Readonly<Record<string, StepState>> = {}): InvestigationScope {
  const stepMap = Object.create(null) as Record<string, StepState>;
  for (const [name, state] of Object.entries(steps)) stepMap[name] = state;
  return { input, steps: stepMap };
}
