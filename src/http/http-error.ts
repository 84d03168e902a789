/**
 * An error of HTTP itself (unsupported media type, body too large, no such route), answered as
 * `{ error: { code, message, details? } }` with its status. Domain errors come from the services instead and are
 * mapped to statuses in error-status.ts.
 */
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
