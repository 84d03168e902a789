import type { Client } from '@temporalio/client';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { TaskmasterConfig } from '../../config/schema';
import { investigationIdSchema, investigationWorkflowId } from '../../contracts/investigation-workflow';
import { jobIdSchema, jobWorkflowId } from '../../contracts/job-workflow';
import { JobTypeAttribute } from '../../contracts/search-attributes';
import { bulkReplayRequestSchema, describeBulkReplay, startBulkReplay } from '../../replay/batch-replay';
import { rerunFromStep } from '../../replay/rerun';
import { rerunInvestigationWithInput, rerunJobWithData } from '../../replay/rerun-with-input';
import { orchestrationTaskQueue } from '../../config/task-queues';
import { jobDataSchema } from '../../jobs/job-data-schemas';
import { HttpError } from '../http-error';
import { jsonBodyOf, parseOrThrow } from '../parse';

const rerunRequestSchema = z
  .object({
    fromStep: z.string().min(1).max(64).optional(),
    /** A new input for the step (a job's new data): the rerun uses it instead of the recorded one. */
    input: z.unknown().optional(),
    reason: z.string().min(1).max(500).default('replay requested'),
  })
  .strict();

/** Who asked: recorded with the reset. Until the API has authentication, the caller names itself. */
const callerOf = (req: Request): string => req.get('x-taskmaster-user')?.slice(0, 100) ?? 'anonymous';
const stepActivity = /^([a-z][a-z0-9_]*)(\/fallback)?$/;

function parseId(schema: z.core.$ZodType<string>, value: string, what: string): string {
  const parsed = z.safeParse(schema, value);
  if (!parsed.success) throw new HttpError(404, 'NOT_FOUND', `no ${what} ${value}`);
  return parsed.data;
}

/** Replay routes: POST /v1/investigations/:id/replay, POST /v1/jobs/:jobId/replay, POST and GET /v1/replays. */
export function replayRoutes(config: TaskmasterConfig, client: Client) {
  const investigations = Router();
  investigations.post('/:investigationId/replay', async (req, res) => {
    const id = parseId(investigationIdSchema, req.params.investigationId ?? '', 'investigation');
    const request = parseOrThrow(rerunRequestSchema, jsonBodyOf(req, {}));
    const workflowId = investigationWorkflowId(id);
    const rerun =
      request.input === undefined
        ? await rerunFromStep(
            client,
            { workflowId, stepOf: (event) => stepActivity.exec(event.activityTaskScheduledEventAttributes?.activityId ?? '')?.[1] },
            { ...request, caller: callerOf(req) },
          )
        : await rerunInvestigationWithInput(client, {
            workflowId,
            step: request.fromStep,
            input: request.input,
            reason: request.reason,
            caller: callerOf(req),
            taskQueue: orchestrationTaskQueue(config),
          });
    req.log.info({ investigationId: id, ...rerun }, 'investigation rerun');
    res
      .status(202)
      .location(`/v1/investigations/${encodeURIComponent(id)}`)
      .json({ investigationId: id, ...rerun });
  });

  const jobs = Router();
  jobs.post('/:jobId/replay', async (req, res) => {
    const jobId = parseId(jobIdSchema, req.params.jobId ?? '', 'job');
    const request = parseOrThrow(rerunRequestSchema, jsonBodyOf(req, {}));
    const description = await client.workflow.getHandle(jobWorkflowId(jobId)).describe();
    const type = description.typedSearchAttributes.get(JobTypeAttribute) ?? '';
    const action = config.jobTypes[type]?.action;
    let rerun;
    if (request.input === undefined) {
      rerun = await rerunFromStep(
        client,
        {
          workflowId: jobWorkflowId(jobId),
          stepOf: (event) => (event.activityTaskScheduledEventAttributes?.activityType?.name === action ? 'job' : undefined),
        },
        { ...request, fromStep: 'job', caller: callerOf(req) },
      );
    } else {
      const data = parseOrThrow(jobDataSchema(config, type), request.input, ['input']);
      rerun = await rerunJobWithData(client, {
        workflowId: jobWorkflowId(jobId),
        input: data,
        reason: request.reason,
        caller: callerOf(req),
        taskQueue: orchestrationTaskQueue(config),
      });
    }
    req.log.info({ jobId, ...rerun }, 'job rerun');
    res
      .status(202)
      .location(`/v1/jobs/${encodeURIComponent(jobId)}`)
      .json({ jobId, ...rerun });
  });

  const replays = Router();
  replays.post('/', async (req, res) => {
    const started = await startBulkReplay(client, config, parseOrThrow(bulkReplayRequestSchema, jsonBodyOf(req, {})), callerOf(req));
    res.status(202).location(`/v1/replays/${started.batchId}`).json(started);
  });
  replays.get('/:batchId', async (req, res) => {
    const batchId = req.params.batchId ?? '';
    if (!/^replay-[0-9a-f-]{36}$/.test(batchId)) throw new HttpError(404, 'NOT_FOUND', `no replay ${batchId}`);
    res.json(await describeBulkReplay(client, batchId));
  });
  return { investigations, jobs, replays };
}
