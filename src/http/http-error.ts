/** An error answered to the client as `{ error: { code, message, details? } }` with its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** A 400 listing every failing field by its path in the request (e.g. "data.statement.0.amount"). */
export const validationError = (problems: FieldProblem[]): HttpError =>
  new HttpError(400, 'VALIDATION_FAILED', problems.map((problem) => `${problem.path}: ${problem.message}`).join('; '), problems);
