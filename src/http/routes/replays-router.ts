import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { TaskmasterConfig } from '../../config/schema';
import { bulkReplayIdPattern } from '../../contracts/workflow-ids';
import { NotFoundError } from '../../errors/domain-errors';
import { parseInput } from '../../errors/field-problems';
import { bulkReplayRequestSchema, describeBulkReplay, startBulkReplay } from '../../replay/batch-replay';
import type { ActingClients } from '../../temporal/principal-clients';
import { actorOf, principalOf, scopeOf } from '../caller';
import { jsonBodyOf } from '../parse';

/** /v1/replays: bulk replay of closed jobs and investigations (a Temporal batch reset), and its progress. */
export function replaysRouter(config: TaskmasterConfig, client: Client, acting: ActingClients): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const started = await startBulkReplay(
      acting.for(principalOf(req)),
      config,
      parseInput(bulkReplayRequestSchema, jsonBodyOf(req, {})),
      actorOf(req),
    );
    if (started.batchId === undefined) {
      res.status(200).json(started);
      return;
    }
    res.status(202).location(`/v1/replays/${started.batchId}`).json(started);
  });
  router.get('/:batchId', async (req, res) => {
    const batchId = req.params.batchId;
    if (!bulkReplayIdPattern.test(batchId)) throw new NotFoundError(`no replay ${batchId}`);
    res.json(await describeBulkReplay(client, batchId, scopeOf(req)));
  });
  return router;
}
