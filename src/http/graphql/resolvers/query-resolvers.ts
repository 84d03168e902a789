import { z } from 'zod';
import { analyticsRequestSchema } from '../../../analytics/analytics-request';
import { durationSchema } from '../../../config/duration';
import { investigationIdSchema } from '../../../contracts/investigation-workflow';
import { jobIdSchema } from '../../../contracts/job-workflow';
import { listJobsQuerySchema } from '../../../jobs/job-request';
import { templateViewOf } from '../../../investigations/service/template-view';
import { allAgentQueues } from '../../../system/queue-status';
import { slaReport } from '../../../system/sla-report';
import { systemStatus } from '../../../system/system-status';
import { pathIdOf } from '../../parse';
import type { QueryResolvers } from '../generated/resolvers-types';
import type { GraphQLServices } from '../graphql-services';
import { parseArguments } from './arguments';
import { agentQueueOf, investigationOf, investigationSummaryOf, jobOf, templateOf } from './views';

const slaArgumentsSchema = z.object({ window: durationSchema.default(86_400_000) }).strict();
const { type: _type, ...investigationListShape } = listJobsQuerySchema.shape;
const listInvestigationsSchema = z.object(investigationListShape).strict();

/** The queries: each one the service call its REST route makes, with the same scope and the same argument schema. */
export function queryResolvers(services: GraphQLServices): Required<QueryResolvers> {
  const { config, client, jobs, investigations, startedAt, pauses, pausesOf, analytics } = services;
  const analyticsArgumentsSchema = analyticsRequestSchema(config);
  return {
    jobStatus: async (_parent, { jobId }, { scope }) => {
      const details = await jobs.get(pathIdOf(jobIdSchema, jobId, 'job'), scope);
      return jobOf(details);
    },
    jobs: async (_parent, args, { scope }) => {
      const page = await jobs.list(parseArguments(listJobsQuerySchema, args, []), scope);
      return { jobs: page.jobs.map(jobOf), nextPageToken: page.nextPageToken ?? null };
    },
    investigation: async (_parent, { investigationId }, { scope }) => {
      const details = await investigations.get(pathIdOf(investigationIdSchema, investigationId, 'investigation'), scope);
      return investigationOf(details);
    },
    investigations: async (_parent, args, { scope }) => {
      const page = await investigations.list(parseArguments(listInvestigationsSchema, args, []), scope);
      return { investigations: page.investigations.map(investigationSummaryOf), nextPageToken: page.nextPageToken ?? null };
    },
    templates: () => investigations.listTemplates().map((template) => templateOf(templateViewOf(template))),
    systemStatus: async (_parent, _args, { scope }) => {
      const status = await systemStatus(config, client, startedAt, scope, pauses);
      return { ...status, metrics: status.metrics };
    },
    queues: async () => (await allAgentQueues(config, client)).map(agentQueueOf),
    sla: async (_parent, args, { scope }) => {
      const { window } = parseArguments(slaArgumentsSchema, args, []);
      return slaReport(config, client, window, scope, pausesOf);
    },
    analytics: async (_parent, args, { scope }) => analytics.report(parseArguments(analyticsArgumentsSchema, args, []), scope),
  };
}
