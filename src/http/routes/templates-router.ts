import { Router } from 'express';
import type { InvestigationService } from '../../investigations/service/investigation-service';

/** /v1/templates: the investigation templates this deployment ships. */
export function templatesRouter(investigations: InvestigationService): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({
      templates: investigations.listTemplates().map((template) => ({
        name: template.name,
        version: template.version,
        description: template.description,
        inputSchema: template.inputSchema,
        steps: template.steps.map((step) => ({
          name: step.name,
          ...(step.use === undefined ? { agent: step.agent, action: step.action } : { use: step.use }),
          dependsOn: step.dependsOn,
          ...(step.when === undefined ? {} : { when: step.when }),
        })),
      })),
    });
  });
  return router;
}
