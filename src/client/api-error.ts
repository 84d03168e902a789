/** An answer of the API that is not a success: its HTTP status and the API's error code, message and details. */
export class TaskmasterApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'TaskmasterApiError';
  }
}

/** The failing fields of a 400 (VALIDATION_FAILED), as "path: message" lines; none for other errors. */
export function fieldProblemsOf(error: TaskmasterApiError): string[] {
  if (!Array.isArray(error.details)) return [];
  return error.details
    .filter((problem): problem is { path: string; message: string } => typeof (problem as { path?: unknown }).path === 'string')
    .map((problem) => `${problem.path}: ${problem.message}`);
}
