import { Router } from 'express';
import { jobIdSchema } from '../../contracts/job-workflow';
import { parseInput } from '../../errors/field-problems';
import { listJobsQuerySchema, submitJobRequestSchema } from '../../jobs/job-request';
import type { JobService } from '../../jobs/job-service';
import type { RecordService } from '../../record/record-service';
import { rerunRequestSchema } from '../../replay/rerun-request';
import { principalOf, scopeOf } from '../caller';
import { jsonBodyOf, pathIdOf, queryOf } from '../parse';

/** /v1/jobs: submit, read, list, cancel and replay jobs. */
export function jobsRouter(jobs: JobService, records: RecordService): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const request = parseInput(submitJobRequestSchema, jsonBodyOf(req));
    const job = await jobs.submit(request, principalOf(req));
    req.log.info(
      { jobId: job.jobId, workflowId: job.workflowId, jobType: request.type, priority: request.priority, created: job.created },
      job.created ? 'job submitted' : 'job already existed for this idempotency key',
    );
    res
      .status(job.created ? 202 : 200)
      .location(`/v1/jobs/${encodeURIComponent(job.jobId)}`)
      .json({
        jobId: job.jobId,
        workflowId: job.workflowId,
        runId: job.runId,
        status: job.status,
        estimatedTime: job.estimatedTime,
        estimatedCompletion: job.estimatedCompletion,
      });
  });

  router.get('/', async (req, res) => {
    res.json(await jobs.list(queryOf(listJobsQuerySchema, req), scopeOf(req)));
  });

  router.get('/:jobId', async (req, res) => {
    res.json(await jobs.get(pathIdOf(jobIdSchema, req.params.jobId, 'job'), scopeOf(req)));
  });

  router.post('/:jobId/cancel', async (req, res) => {
    res.status(202).json(await jobs.cancel(pathIdOf(jobIdSchema, req.params.jobId, 'job'), principalOf(req)));
  });

  router.post('/:jobId/replay', async (req, res) => {
    const jobId = pathIdOf(jobIdSchema, req.params.jobId, 'job');
    const rerun = await jobs.replay(jobId, parseInput(rerunRequestSchema, jsonBodyOf(req, {})), principalOf(req));
    req.log.info({ jobId, ...rerun }, 'job rerun');
    res
      .status(202)
      .location(`/v1/jobs/${encodeURIComponent(jobId)}`)
      .json({ jobId, ...rerun });
  });

  router.get('/:jobId/record', async (req, res) => {
    res.json(await records.record('job', pathIdOf(jobIdSchema, req.params.jobId, 'job'), scopeOf(req)));
  });

  router.get('/:jobId/record/verify', async (req, res) => {
    res.json(await records.verify('job', pathIdOf(jobIdSchema, req.params.jobId, 'job'), scopeOf(req)));
  });

  return router;
}
