import { Router } from 'express';
import { investigationIdSchema } from '../../contracts/investigation-workflow';
import { startInvestigationRequestSchema } from '../../investigation-service/investigation-request';
import type { InvestigationService } from '../../investigation-service/investigation-service';
import { listJobsQuerySchema } from '../../jobs/job-request';
import { HttpError } from '../http-error';
import { jsonBodyOf, parseOrThrow } from '../parse';

/** /v1/investigations: start a template or an inline definition, watch every step, list them. */
export function investigationsRouter(investigations: InvestigationService): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const started = await investigations.start(parseOrThrow(startInvestigationRequestSchema, jsonBodyOf(req)));
    req.log.info(
      { investigationId: started.investigationId, workflowId: started.workflowId, created: started.created },
      'investigation started',
    );
    res
      .status(started.created ? 202 : 200)
      .location(`/v1/investigations/${encodeURIComponent(started.investigationId)}`)
      .json({ investigationId: started.investigationId, workflowId: started.workflowId, runId: started.runId, status: 'RUNNING' });
  });
  router.get('/', async (req, res) => {
    const { type: _type, ...query } = parseOrThrow(listJobsQuerySchema, req.query);
    res.json(await investigations.list({ ...query }));
  });
  router.get('/:investigationId', async (req, res) => {
    const parsed = investigationIdSchema.safeParse(req.params.investigationId);
    if (!parsed.success) throw new HttpError(404, 'NOT_FOUND', `no investigation ${req.params.investigationId}`);
    res.json(await investigations.get(parsed.data));
  });
  return router;
}

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
