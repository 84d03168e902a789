import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { LoadedConfig } from '../../config/load-config';
import { systemStatus } from '../../system/system-status';
import { scopeOf } from '../caller';

/** /v1/system: the platform's own status, read from Temporal. */
export function systemRouter(config: LoadedConfig, client: Client, startedAt: Date): Router {
  const router = Router();
  router.get('/status', async (req, res) => {
    res.json(await systemStatus(config, client, startedAt, scopeOf(req)));
  });
  return router;
}
