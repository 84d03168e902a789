import type { DomainError, DomainErrorKind } from '../errors/domain-errors';
import { AtCapacityError, UnavailableError } from '../errors/domain-errors';
import { HttpError } from './http-error';

/** The one place that decides which HTTP status each kind of domain error answers. */
const statusOfKind: Readonly<Record<DomainErrorKind, number>> = {
  'invalid-input': 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'at-capacity': 429,
  unavailable: 503,
};

export function httpErrorOf(error: DomainError): HttpError {
  const retryAfter = error instanceof AtCapacityError || error instanceof UnavailableError ? error.retryAfterSeconds : undefined;
  return new HttpError(
    statusOfKind[error.kind],
    error.code,
    error.message,
    error.details,
    retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) },
  );
}
