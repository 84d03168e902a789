/**
 * How a pause is written into Temporal's task-queue config: the rate limit's reason carries who paused (a system or
 * a queue pause) in words an operator reads in `temporal task-queue config get`. Pure module.
 */
import { z } from 'zod';

/** system: every agent queue, lifted by a system resume; queue: one agent's; external: set with Temporal's own tools. */
export type PauseScope = 'system' | 'queue' | 'external';

const prefixes = { system: 'taskmaster system pause: ', queue: 'taskmaster queue pause: ' } as const;

/** The body of the pause and resume routes: why, recorded in Temporal with the caller's identity. */
export const pauseRequestSchema = z
  .object({ reason: z.string().trim().min(1, 'say why (it is shown with the pause)').max(400, 'expected at most 400 characters') })
  .strict();
export type PauseRequest = z.infer<typeof pauseRequestSchema>;

export const pauseReasonText = (scope: Exclude<PauseScope, 'external'>, reason: string): string => `${prefixes[scope]}${reason}`;

export const resumeReasonText = (scope: Exclude<PauseScope, 'external'>, reason: string): string => `taskmaster ${scope} resume: ${reason}`;

/** The scope and the operator's words of a rate-limit reason; one set by other tools is external, shown as written. */
export function parsePauseReason(text: string): { scope: PauseScope; reason: string } {
  for (const scope of ['system', 'queue'] as const) {
    if (text.startsWith(prefixes[scope])) return { scope, reason: text.slice(prefixes[scope].length) };
  }
  return { scope: 'external', reason: text };
}
