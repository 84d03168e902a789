/**
 * The errors services throw. Each says what went wrong in the domain's terms (not found, conflict, invalid input,
 * at capacity, unavailable, forbidden) with a stable code and the details a client needs; the HTTP layer alone
 * decides which status each one answers (src/http/error-status.ts).
 */
import type { FieldProblem } from './field-problems';

export type DomainErrorKind = 'not-found' | 'conflict' | 'invalid-input' | 'at-capacity' | 'unavailable' | 'forbidden';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(
    /** Stable, upper-case: clients branch on it (NOT_FOUND, JOB_NOT_RUNNING, CLASS_AT_CAPACITY, ...). */
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing named does not exist, or is not one of this deployment's. */
export class NotFoundError extends DomainError {
  readonly kind = 'not-found';

  constructor(message: string, code = 'NOT_FOUND') {
    super(code, message);
  }
}

/** The request is valid, but the current state forbids it (still running, key reused, nothing to rerun). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}

/** One or more fields are wrong; every failing field is named by its path. */
export class InvalidInputError extends DomainError {
  readonly kind = 'invalid-input';

  constructor(readonly problems: readonly FieldProblem[]) {
    super('VALIDATION_FAILED', problems.map((problem) => `${problem.path}: ${problem.message}`).join('; '), problems);
  }
}

/** A limit is reached for now; the same request may succeed after `retryAfterSeconds`. */
export class AtCapacityError extends DomainError {
  readonly kind = 'at-capacity';

  constructor(
    code: string,
    message: string,
    details: unknown,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message, details);
  }
}

/** A service this one depends on (Temporal) cannot be reached; retry after `retryAfterSeconds`. */
export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';

  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
    code = 'TEMPORAL_UNAVAILABLE',
  ) {
    super(code, message);
  }
}

/** The caller may not do this. */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';

  constructor(message: string, code = 'FORBIDDEN') {
    super(code, message);
  }
}
