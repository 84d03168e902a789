import { Router } from 'express';
import type { InvestigationService } from '../../investigations/service/investigation-service';
import { templateViewOf } from '../../investigations/service/template-view';

/** /v1/templates: the investigation templates this deployment ships. */
export function templatesRouter(investigations: InvestigationService): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({ templates: investigations.listTemplates().map(templateViewOf) });
  });
  return router;
}
