import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { agentHealth, agentsHealth } from '../../agents-health';
import type { TaskmasterConfig } from '../../config/schema';

/** /v1/agents: each agent type's workers (host CPU and memory, slots, steps) and its healthStatus, measured by Temporal. */
export function agentsRouter(config: TaskmasterConfig, client: Client): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json({ agents: await agentsHealth(config, client) });
  });
  router.get('/:agent', async (req, res) => {
    res.json(await agentHealth(config, client, req.params.agent));
  });
  return router;
}
