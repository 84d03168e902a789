/**
 * Activity ids of an investigation's steps. A step's activity id is its name; its fallback and its compensation get
 * `<step>/fallback` and `<step>/compensate`, so that the history (and so the Web UI, the attempt counts and the
 * rerun from a step) can tell them apart. Pure module: safe inside the workflow sandbox.
 */
export type StepActivityRole = 'primary' | 'fallback' | 'compensate';

const suffix: Readonly<Record<StepActivityRole, string>> = { primary: '', fallback: '/fallback', compensate: '/compensate' };

export const stepActivityId = (step: string, role: StepActivityRole = 'primary'): string => `${step}${suffix[role]}`;

const stepActivityPattern = /^([a-z][a-z0-9_]*)(?:\/(fallback|compensate))?$/;

/** The step and role an activity id names; undefined for an id no step would have. */
export function parseStepActivityId(activityId: string): { step: string; role: StepActivityRole } | undefined {
  const match = stepActivityPattern.exec(activityId);
  if (!match?.[1]) return undefined;
  return { step: match[1], role: (match[2] as StepActivityRole | undefined) ?? 'primary' };
}
