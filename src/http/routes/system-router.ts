import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { LoadedConfig } from '../../config/load-config';
import { parseInput } from '../../errors/field-problems';
import { pauseRequestSchema } from '../../pause/pause-reason';
import type { PauseService } from '../../pause/pause-service';
import { systemStatus } from '../../system/system-status';
import { callerOf, scopeOf } from '../caller';
import { jsonBodyOf } from '../parse';

/** /v1/system: the platform's own status, read from Temporal, and the system pause (admin). */
export function systemRouter(config: LoadedConfig, client: Client, startedAt: Date, pauses: PauseService): Router {
  const router = Router();
  router.get('/status', async (req, res) => {
    res.json(await systemStatus(config, client, startedAt, scopeOf(req), pauses));
  });
  router.post('/pause', async (req, res) => {
    const { reason } = parseInput(pauseRequestSchema, jsonBodyOf(req));
    res.json(await pauses.pauseSystem(callerOf(req), reason));
  });
  router.post('/resume', async (req, res) => {
    const { reason } = parseInput(pauseRequestSchema, jsonBodyOf(req));
    res.json(await pauses.resumeSystem(callerOf(req), reason));
  });
  return router;
}
