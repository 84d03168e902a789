import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { LoadedConfig } from '../../config/load-config';
import { systemStatus } from '../../system/system-status';

/** /v1/system: the platform's own status, read from Temporal. */
export function systemRouter(config: LoadedConfig, client: Client, startedAt: Date): Router {
  const router = Router();
  router.get('/status', async (_req, res) => {
    res.json(await systemStatus(config, client, startedAt));
  });
  return router;
}
