import { z } from 'zod';
import { priorityClassSchema } from '../../config/schema';
import { caseIdSchema } from '../../jobs/job-request';

export const startInvestigationRequestSchema = z
  .object({
    template: z.string().min(1).max(80).optional(),
    definition: z.unknown().optional(),
    caseId: caseIdSchema.optional(),
    tenant: caseIdSchema.optional(),
    priority: z.optional(priorityClassSchema),
    input: z.record(z.string(), z.unknown()).default({}),
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    const hasTemplate = body.template !== undefined;
    const hasDefinition = body.definition !== undefined;
    if (hasTemplate && hasDefinition) {
      const message = 'give either template (the name of a shipped template) or definition (an inline definition), not both';
      ctx.addIssue({ code: 'custom', path: ['template'], message });
    } else if (!hasTemplate && !hasDefinition) {
      const message = 'missing: give template (the name of a shipped template) or definition (an inline definition)';
      ctx.addIssue({ code: 'custom', path: ['template'], message });
    }
  });
export type StartInvestigationRequest = z.infer<typeof startInvestigationRequestSchema>;
