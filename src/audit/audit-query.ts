import { z } from 'zod';
import { caseIdSchema } from '../jobs/job-request';

/** GET /v1/audit's query string. Dates are ISO 8601; the page token is the one a previous answer gave. */
export const auditQuerySchema = z
  .object({
    principal: z.string().min(1).max(200).optional(),
    caseId: caseIdSchema.optional(),
    action: z
      .string()
      .regex(/^[a-z][a-z-]*\.[a-z-]+$/, 'expected an action such as job.submit')
      .optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    pageSize: z.coerce.number().int().min(1).max(1000).default(50),
    pageToken: z
      .string()
      .regex(/^[1-9][0-9]{0,15}$/, 'expected a pageToken from a previous answer')
      .optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuerySchema>;
