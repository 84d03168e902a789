import { Router } from 'express';
import type { TaskmasterConfig } from '../../config/schema';
import { jobIdSchema } from '../../contracts/job-workflow';
import { jobDataSchema } from '../../jobs/job-data-schemas';
import { listJobsQuerySchema, submitJobRequestSchema } from '../../jobs/job-request';
import type { JobService } from '../../jobs/job-service';
import { HttpError, validationError } from '../http-error';
import { jsonBodyOf, parseOrThrow } from '../parse';

/** /v1/jobs: submit, read, list and cancel jobs. */
export function jobsRouter(config: TaskmasterConfig, jobs: JobService): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const request = parseOrThrow(submitJobRequestSchema, jsonBodyOf(req));
    if (!(request.type in config.jobTypes)) {
      throw validationError([
        { path: 'type', message: `unknown job type "${request.type}"; expected one of: ${Object.keys(config.jobTypes).join(', ')}` },
      ]);
    }
    parseOrThrow(jobDataSchema(config, request.type), request.data, ['data']);
    const job = await jobs.submit(request);
    req.log.info(
      { jobId: job.jobId, workflowId: job.workflowId, jobType: request.type, priority: request.priority, created: job.created },
      job.created ? 'job submitted' : 'job already existed for this idempotency key',
    );
    res
      .status(job.created ? 202 : 200)
      .location(`/v1/jobs/${encodeURIComponent(job.jobId)}`)
      .json({ jobId: job.jobId, workflowId: job.workflowId, runId: job.runId, status: job.status });
  });

  router.get('/', async (req, res) => {
    res.json(await jobs.list(parseOrThrow(listJobsQuerySchema, req.query)));
  });

  router.get('/:jobId', async (req, res) => {
    res.json(await jobs.get(parseJobId(req.params.jobId)));
  });

  router.post('/:jobId/cancel', async (req, res) => {
    res.status(202).json(await jobs.cancel(parseJobId(req.params.jobId)));
  });

  return router;
}

function parseJobId(jobId: string): string {
  const result = jobIdSchema.safeParse(jobId);
  if (!result.success) throw new HttpError(404, 'NOT_FOUND', `no job ${jobId}`);
  return result.data;
}
