import { Router } from 'express';
import { investigationIdSchema } from '../../contracts/investigation-workflow';
import { parseInput } from '../../errors/field-problems';
import { startInvestigationRequestSchema } from '../../investigations/service/investigation-request';
import type { InvestigationService } from '../../investigations/service/investigation-service';
import { listJobsQuerySchema } from '../../jobs/job-request';
import type { RecordService } from '../../record/record-service';
import { rerunRequestSchema } from '../../replay/rerun-request';
import { principalOf, scopeOf } from '../caller';
import { jsonBodyOf, pathIdOf, queryOf } from '../parse';

/** /v1/investigations: start a template or an inline definition, watch every step, list, and replay them. */
export function investigationsRouter(investigations: InvestigationService, records: RecordService): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const started = await investigations.start(parseInput(startInvestigationRequestSchema, jsonBodyOf(req)), principalOf(req));
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
    const { type: _type, ...query } = queryOf(listJobsQuerySchema, req);
    res.json(await investigations.list(query, scopeOf(req)));
  });
  router.get('/:investigationId', async (req, res) => {
    res.json(await investigations.get(pathIdOf(investigationIdSchema, req.params.investigationId, 'investigation'), scopeOf(req)));
  });
  router.post('/:investigationId/cancel', async (req, res) => {
    const id = pathIdOf(investigationIdSchema, req.params.investigationId, 'investigation');
    const canceled = await investigations.cancel(id, principalOf(req));
    req.log.info({ investigationId: id }, 'investigation cancel requested');
    res.status(202).json(canceled);
  });
  router.post('/:investigationId/replay', async (req, res) => {
    const id = pathIdOf(investigationIdSchema, req.params.investigationId, 'investigation');
    const request = parseInput(rerunRequestSchema, jsonBodyOf(req, {}));
    const rerun = await investigations.replay(id, request, principalOf(req));
    req.log.info({ investigationId: id, ...rerun }, 'investigation rerun');
    res
      .status(202)
      .location(`/v1/investigations/${encodeURIComponent(id)}`)
      .json({ investigationId: id, ...rerun });
  });
  router.get('/:investigationId/record', async (req, res) => {
    const id = pathIdOf(investigationIdSchema, req.params.investigationId, 'investigation');
    res.json(await records.record('investigation', id, scopeOf(req)));
  });
  router.get('/:investigationId/record/verify', async (req, res) => {
    const id = pathIdOf(investigationIdSchema, req.params.investigationId, 'investigation');
    res.json(await records.verify('investigation', id, scopeOf(req)));
  });
  return router;
}
