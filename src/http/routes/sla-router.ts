import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { durationSchema } from '../../config/duration';
import type { TaskmasterConfig } from '../../config/schema';
import type { PauseWindow } from '../../pause/pause-windows';
import { slaReport } from '../../system/sla-report';
import { scopeOf } from '../caller';
import { queryOf } from '../parse';

const slaQuerySchema = z.object({ window: durationSchema.default(86_400_000) }).strict();

/** /v1/sla?window=24h: SLA standing of every priority class, over the caller's tenant's jobs. */
export function slaRouter(config: TaskmasterConfig, client: Client, pausesOf: (since: Date) => Promise<PauseWindow[]>): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { window } = queryOf(slaQuerySchema, req);
    res.json(await slaReport(config, client, window, scopeOf(req), pausesOf));
  });
  return router;
}
