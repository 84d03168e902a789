import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { AuditRecorder } from '../audit/audit-recorder';
import type { AuditEntry, AuditOutcome } from '../contracts/audit-log';
import { investigationWorkflowId, jobWorkflowId } from '../contracts/workflow-ids';
import { caseIdSchema } from '../jobs/job-request';
import { routeOf, type RouteKey } from './route-permissions';

export type WriteRoute = Extract<RouteKey, `POST ${string}`>;

/** The action each write route records. Typed on the permission table: a new write route cannot go unrecorded. */
export const auditActions: Readonly<Record<WriteRoute, string>> = {
  'POST /v1/jobs': 'job.submit',
  'POST /v1/jobs/:jobId/cancel': 'job.cancel',
  'POST /v1/jobs/:jobId/replay': 'job.replay',
  'POST /v1/investigations': 'investigation.start',
  'POST /v1/investigations/:investigationId/cancel': 'investigation.cancel',
  'POST /v1/investigations/:investigationId/replay': 'investigation.replay',
  'POST /v1/replays': 'bulk-replay.start',
  'POST /v1/system/pause': 'system.pause',
  'POST /v1/system/resume': 'system.resume',
  'POST /v1/queues/:agent/pause': 'queue.pause',
  'POST /v1/queues/:agent/resume': 'queue.resume',
};

const isWrite = (key: RouteKey): key is WriteRoute => Object.hasOwn(auditActions, key);

/** Bounds what a caller's text can put in a record (a made-up path id is recorded as sent, up to this length). */
export const clip = (text: string): string => text.slice(0, 200);

/** The answer to a write whose entry the audit log could not take: the action may be done, its record is not yet. */
export const auditUnavailableAnswer = {
  error: {
    code: 'AUDIT_UNAVAILABLE',
    message:
      'the audit log could not record this request in time, so it is not confirmed; the action may have been done: ' +
      'retry after Retry-After (a submission with the same idempotencyKey never makes a second job)',
  },
};

/**
 * Records every write that reaches a signed-in principal, accepted or refused, in the audit log. An accepted write's
 * answer is held until its entry is durable (signalled to the log, batched with the entries of the writes beside
 * it), and becomes `503 AUDIT_UNAVAILABLE` with `Retry-After` when the log cannot take it in time; the entry is then
 * logged at error level and sent again until the log takes it. A refused or failed write's entry is sent the same
 * way without holding its answer. Mounted after authenticate (who is
 * known) and before authorization (so a 403 is recorded).
 */
export function auditWrites(recorder: AuditRecorder, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const route = routeOf(req.method, req.baseUrl + req.path);
    if (route === undefined || !isWrite(route.key) || req.principal === undefined) {
      next();
      return;
    }
    const write = { key: route.key, params: route.params, requestedAt: new Date().toISOString() };
    const send = res.json.bind(res);
    let recorded = false;
    res.json = ((body: unknown) => {
      if (recorded) return send(body);
      recorded = true;
      const entry = entryOf(req, res, write, body, true);
      // A refused or failed write changed nothing: its entry is sent beside the answer, which never waits for the log
      // (a 400 stays a 400, and a 503 for Temporal out of reach goes out at once).
      if (res.statusCode >= 400) {
        recordAuditEntry(recorder, logger, entry);
        return send(body);
      }
      recorder.commit(entry).then(
        () => {
          if (!res.headersSent) send(body);
        },
        (error: unknown) => {
          const message = 'audit entry not durable yet: answered 503, sending it again; the entry is in this line';
          req.log.error({ err: error, auditEntry: entry }, message);
          if (res.headersSent) return;
          res.removeHeader('Location');
          res.status(503).set('Retry-After', String(auditRetryAfterSeconds));
          send(auditUnavailableAnswer);
        },
      );
      return res;
    }) as typeof res.json;
    // A request that ends without a JSON answer (the client left first) is recorded after it ends.
    const recordAfter = (): void => {
      if (recorded) return;
      recorded = true;
      recordAuditEntry(recorder, logger, entryOf(req, res, write, undefined, res.writableFinished));
    };
    res.once('finish', recordAfter);
    res.once('close', recordAfter);
    next();
  };
}

/** Seconds a client waits before retrying a write the audit log could not take. */
export const auditRetryAfterSeconds = 5;

/** Appends without making anyone wait; an entry not yet durable is logged at error level and sent again. */
export function recordAuditEntry(recorder: AuditRecorder, logger: Logger, entry: AuditEntry): void {
  recorder.commit(entry).then(
    () => logger.debug({ auditId: entry.id }, 'audit entry recorded'),
    (error: unknown) =>
      logger.error({ err: error, auditEntry: entry }, 'audit entry not durable yet: sending it again; the entry is in this line'),
  );
}

function entryOf(
  req: Request,
  res: Response,
  write: { key: WriteRoute; params: Partial<Record<string, string>>; requestedAt: string },
  answer: unknown,
  answered: boolean,
): AuditEntry {
  const principal = req.principal ?? { subject: 'anonymous', roles: [] };
  const status = answered ? res.statusCode : 0;
  const outcome: AuditOutcome = !answered || status >= 500 ? 'failed' : status >= 400 ? 'refused' : 'accepted';
  const code = answered ? errorCodeOf(answer) : 'NOT_ANSWERED';
  const caseId = caseIdSchema.safeParse((req.body as { caseId?: unknown } | undefined)?.caseId);
  return {
    id: randomUUID(),
    requestId: typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : '',
    requestedAt: write.requestedAt,
    subject: principal.subject,
    roles: [...principal.roles],
    ...(principal.tenant === undefined ? {} : { tenant: principal.tenant }),
    action: auditActions[write.key],
    route: write.key,
    targets: targetsOf(write.params, answer),
    ...(caseId.success ? { caseId: caseId.data } : {}),
    ...(req.ip === undefined ? {} : { remoteAddress: req.ip }),
    outcome,
    status,
    ...(code === undefined ? {} : { code: clip(code) }),
  };
}

/** The workflow ids the write named (path) or made (answer), and a bulk replay's batch id. */
function targetsOf(params: Partial<Record<string, string>>, answer: unknown): string[] {
  const decode = (value: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  const targets = new Set<string>();
  if (params.jobId !== undefined) targets.add(clip(jobWorkflowId(decode(params.jobId))));
  if (params.investigationId !== undefined) targets.add(clip(investigationWorkflowId(decode(params.investigationId))));
  if (params.agent !== undefined) targets.add(clip(`agent:${decode(params.agent)}`));
  const body = (typeof answer === 'object' && answer !== null ? answer : {}) as { workflowId?: unknown; batchId?: unknown };
  if (typeof body.workflowId === 'string') targets.add(clip(body.workflowId));
  if (typeof body.batchId === 'string') targets.add(clip(body.batchId));
  return [...targets];
}

function errorCodeOf(answer: unknown): string | undefined {
  const code = (answer as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' ? code : undefined;
}
