import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { priorityClassSchema, type TaskmasterConfig } from '../../config/schema';
import { agentPriorityView, agentQueueStatus, allAgentQueues, priorityView } from '../../system/queue-status';
import { parseInput } from '../../errors/field-problems';
import { pauseRequestSchema } from '../../pause/pause-reason';
import type { PauseService } from '../../pause/pause-service';
import { callerOf } from '../caller';
import { jsonBodyOf, queryOf } from '../parse';

const queuesQuerySchema = z.object({ priority: z.optional(priorityClassSchema) }).strict();

/** /v1/queues: backlog, age, rates and live pollers of every agent queue, from Temporal itself; ?priority= one class. */
export function queuesRouter(config: TaskmasterConfig, client: Client, pauses: PauseService): Router {
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
    pauses.taskQueueOf(agent);
    const { priority } = queryOf(queuesQuerySchema, req);
    const queue = await agentQueueStatus(config, client, agent);
    res.json(priority ? agentPriorityView(queue, priority) : queue);
  });
  // Admin only (route-permissions.ts): no new step of this agent starts until resumed; running ones finish.
  router.post('/:agent/pause', async (req, res) => {
    const { agent } = req.params;
    pauses.taskQueueOf(agent);
    const { reason } = parseInput(pauseRequestSchema, jsonBodyOf(req));
    res.json(await pauses.pauseQueue(agent, callerOf(req), reason));
  });
  router.post('/:agent/resume', async (req, res) => {
    const { agent } = req.params;
    pauses.taskQueueOf(agent);
    const { reason } = parseInput(pauseRequestSchema, jsonBodyOf(req));
    res.json(await pauses.resumeQueue(agent, callerOf(req), reason));
  });
  return router;
}
