import { randomUUID } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { AuditRecorder } from '../../audit/audit-recorder';
import type { AuditEntry } from '../../contracts/audit-log';
import { investigationWorkflowId, jobWorkflowId } from '../../contracts/workflow-ids';
import { caseIdSchema } from '../../jobs/job-request';
import { auditActions, auditRetryAfterSeconds, auditUnavailableAnswer, clip, recordAuditEntry, type WriteRoute } from '../audit-writes';
import { HttpError } from '../http-error';
import type { GraphQLContext } from './graphql-context';
import type { MutationResolvers } from './generated/resolvers-types';

/** The REST route each mutation does the work of: its audit action is that route's (auditActions), written once. */
export const mutationRoutes: { readonly [Field in keyof Required<MutationResolvers>]: WriteRoute } = {
  submitJob: 'POST /v1/jobs',
  cancelJob: 'POST /v1/jobs/:jobId/cancel',
  replayJob: 'POST /v1/jobs/:jobId/replay',
  startInvestigation: 'POST /v1/investigations',
  cancelInvestigation: 'POST /v1/investigations/:investigationId/cancel',
  replayInvestigation: 'POST /v1/investigations/:investigationId/replay',
};

export type MutationField = keyof typeof mutationRoutes;

/** What one mutation did: its answer, or the GraphQL error it answered (with the HTTP status the REST route would). */
export type MutationOutcome = { answer: unknown } | { error: GraphQLError };

/**
 * Records a mutation like REST records a write (src/http/audit-writes.ts): who, which action, on what, accepted or
 * refused (a refusal for want of a permission included), never case data. The route is `POST /graphql <field>`.
 * As in REST, an accepted mutation is answered once its entry is durable: the promise rejects with 503
 * AUDIT_UNAVAILABLE (Retry-After) when the log cannot take it in time, and the entry is logged and sent again. A
 * refused or failed one changed nothing, and is recorded without waiting.
 */
export function auditMutation(
  recorder: AuditRecorder,
  logger: Logger,
  context: GraphQLContext,
  field: MutationField,
  args: Record<string, unknown>,
  requestedAt: string,
  outcome: MutationOutcome,
): Promise<void> | undefined {
  const { principal } = context;
  const status = 'error' in outcome ? statusOf(outcome.error) : 200;
  const code = 'error' in outcome ? outcome.error.extensions.code : undefined;
  const caseId = caseIdSchema.safeParse((args.input as { caseId?: unknown } | undefined)?.caseId);
  const entry: AuditEntry = {
    id: randomUUID(),
    requestId: context.requestId,
    requestedAt,
    subject: principal.subject,
    roles: [...principal.roles],
    ...(principal.tenant === undefined ? {} : { tenant: principal.tenant }),
    action: auditActions[mutationRoutes[field]],
    route: `POST /graphql ${field}`,
    targets: targetsOf(args, 'answer' in outcome ? outcome.answer : undefined),
    ...(caseId.success ? { caseId: caseId.data } : {}),
    ...(context.remoteAddress === undefined ? {} : { remoteAddress: context.remoteAddress }),
    outcome: status >= 500 ? 'failed' : status >= 400 ? 'refused' : 'accepted',
    status,
    ...(typeof code === 'string' ? { code: clip(code) } : {}),
  };
  if (entry.outcome !== 'accepted') {
    recordAuditEntry(recorder, logger, entry);
    return undefined;
  }
  return recorder.commit(entry).catch((error: unknown) => {
    const logLine = 'audit entry not durable yet: answered 503, sending it again; the entry is in this line';
    logger.error({ err: error, auditEntry: entry }, logLine);
    const { code, message } = auditUnavailableAnswer.error;
    throw new HttpError(503, code, message, undefined, { 'Retry-After': String(auditRetryAfterSeconds) });
  });
}

function statusOf(error: GraphQLError): number {
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : 400;
}

/** The workflow ids the mutation named (its arguments) or made (its answer). */
function targetsOf(args: Record<string, unknown>, answer: unknown): string[] {
  const targets = new Set<string>();
  if (typeof args.jobId === 'string') targets.add(clip(jobWorkflowId(args.jobId)));
  if (typeof args.investigationId === 'string') targets.add(clip(investigationWorkflowId(args.investigationId)));
  const made = (typeof answer === 'object' && answer !== null ? answer : {}) as { workflowId?: unknown };
  if (typeof made.workflowId === 'string') targets.add(clip(made.workflowId));
  return [...targets];
}
