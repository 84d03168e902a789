import { Router } from 'express';
import { auditQuerySchema } from '../../audit/audit-query';
import type { AuditService } from '../../audit/audit-service';
import { queryOf } from '../parse';

/** /v1/audit: who did what, newest first, filtered by principal, case, action and time (permission `audit`). */
export function auditRouter(audit: AuditService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await audit.list(queryOf(auditQuerySchema, req)));
  });
  return router;
}
