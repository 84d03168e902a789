import { NamespaceNotFoundError, ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { isEncryptionFailure } from '../crypto/crypto-errors';
import { DomainError, NotFoundError, UnavailableError } from '../errors/domain-errors';
import { FailureType } from '../errors/failure-types';
import { httpErrorOf } from './error-status';
import { HttpError } from './http-error';

const grpcCancelled = 1;
const grpcDeadlineExceeded = 4;
const grpcNotFound = 5;
const grpcUnavailable = 14;

/** Maps every error to the JSON error shape; never sends a stack trace. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const httpError = toHttpError(error);
    if (res.headersSent) {
      // Answered already, by the request timer of temporal-deadline.ts: this is the late end of the abandoned call.
      logger.debug({ err: error, path: req.path, status: httpError.status }, 'late outcome of a request already answered');
      return;
    }
    if (httpError.status >= 500) logger.error({ err: error, path: req.path }, 'request failed');
    sendError(res, httpError);
  };
}

/** Answers with the JSON error shape. */
export function sendError(res: Response, httpError: HttpError): void {
  // For the rejection counters (http-metrics.ts).
  res.locals.errorCode = httpError.code;
  res
    .status(httpError.status)
    .set(httpError.headers)
    .json({
      error: {
        code: httpError.code,
        message: httpError.message,
        ...(httpError.details === undefined ? {} : { details: httpError.details }),
      },
    });
}

/** Any error as the HTTP error it answers (the WebSocket route closes with 4000 + its status). */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof DomainError) return httpErrorOf(error);
  const temporal = temporalErrorOf(error);
  if (temporal) return httpErrorOf(temporal);
  const bodyParserType = (error as { type?: string }).type;
  if (bodyParserType === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit;
    return new HttpError(413, 'PAYLOAD_TOO_LARGE', `the request body is larger than the limit of ${limit} bytes`, { limitBytes: limit });
  }
  if (bodyParserType === 'entity.parse.failed') {
    return new HttpError(400, 'INVALID_JSON', `the request body is not valid JSON: ${(error as Error).message}`);
  }
  if (bodyParserType === 'charset.unsupported' || bodyParserType === 'encoding.unsupported') {
    return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `${(error as Error).message}; send JSON in UTF-8`);
  }
  // Express's router: a path parameter with a malformed %-escape ("%E0%A4%A") cannot be decoded.
  if (error instanceof URIError) return new HttpError(400, 'INVALID_PATH', 'the path has a malformed %-escape');
  // Any other client error that Express or the body parser raise (http-errors: status 4xx, expose true).
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  if (typeof status === 'number' && status >= 400 && status < 500 && expose === true) {
    return new HttpError(status, 'BAD_REQUEST', (error as Error).message);
  }
  return new HttpError(500, 'INTERNAL', 'internal error');
}

/** A Temporal client error a service let through, as the domain error it means. */
function temporalErrorOf(error: unknown): DomainError | undefined {
  // The namespace was there at start: a server that cannot find it now cannot read its own database (a cluster whose
  // PostgreSQL is down answers so), which passes; it is never the 404 of a job.
  if (isNamespaceMissing(error)) return new UnavailableError('the Temporal server cannot read its namespace right now; try again shortly');
  if (error instanceof WorkflowNotFoundError || grpcCodeOf(error) === grpcNotFound) return new NotFoundError('not found');
  if (isTemporalUnavailable(error)) return new UnavailableError('the Temporal server cannot be reached; try again shortly');
  // A payload this process cannot decrypt (a memo, a result): its key is missing until someone adds it back.
  if (isEncryptionFailure(error) && error.type === FailureType.EncryptionKeyUnavailable) {
    return new UnavailableError(error.message, 60, 'ENCRYPTION_KEY_UNAVAILABLE');
  }
  return undefined;
}

/** The gRPC status of a raw service call's error, or of the one an SDK ServiceError wraps. */
function grpcCodeOf(error: unknown): number | undefined {
  // A raw call's error carries the code itself; the SDK's ServiceError carries it on its cause.
  const own = (error as { code?: unknown } | undefined)?.code;
  if (typeof own === 'number') return own;
  return ((error instanceof ServiceError ? error.cause : undefined) as { code?: number } | undefined)?.code;
}

/**
 * Temporal did not answer: no connection (UNAVAILABLE), or no answer before the request's deadline. grpc-js reports
 * an expired deadline as DEADLINE_EXCEEDED; the core SDK's NativeConnection (which `npm start` uses) reports it as
 * CANCELLED with "Timeout expired", wrapped in the client's ServiceError.
 */
function isTemporalUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TransportError') return true;
  const code = grpcCodeOf(error);
  return code === grpcUnavailable || code === grpcDeadlineExceeded || code === grpcCancelled;
}

function isNamespaceMissing(error: unknown): boolean {
  if (error instanceof NamespaceNotFoundError) return true;
  const message = error instanceof Error ? error.message : '';
  return grpcCodeOf(error) === grpcNotFound && /^Namespace .+ (is not found|not found)/.test(message);
}
