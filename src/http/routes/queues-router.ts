import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { priorityClassSchema, type TaskmasterConfig } from '../../config/schema';
import { agentPriorityView, agentQueueStatus, allAgentQueues, priorityView } from '../../system/queue-status';
import { NotFoundError } from '../../errors/domain-errors';
import { queryOf } from '../parse';

const queuesQuerySchema = z.object({ priority: z.optional(priorityClassSchema) }).strict();

/** /v1/queues: backlog, age, rates and live pollers of every agent queue, from Temporal itself; ?priority= one class. */
export function queuesRouter(config: TaskmasterConfig, client: Client): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { priority } = queryOf(queuesQuerySchema, req);
    const queues = await allAgentQueues(config, client);
    if (priority) {
      res.json(priorityView(queues, priority, config.priorities[priority].priorityKey));
      return;
    }
    res.json({ queues });
  });
  router.get('/:agent', async (req, res) => {
    const { agent } = req.params;
    if (!Object.hasOwn(config.agents, agent)) {
      throw new NotFoundError(`no agent "${agent}"; agents: ${Object.keys(config.agents).join(', ')}`);
    }
    const { priority } = queryOf(queuesQuerySchema, req);
    const queue = await agentQueueStatus(config, client, agent);
    res.json(priority ? agentPriorityView(queue, priority) : queue);
  });
  return router;
}
