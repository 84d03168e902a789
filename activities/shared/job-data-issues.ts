/**
 * Turns zod validation issues into the shape jobs report them in: `{ path, message }` with a readable path such
 * as `statement[3].amount`. Pure module, so the HTTP layer can report exactly what the activities would.
 */
import type { z } from 'zod';

export interface JobDataIssue {
  /** Dotted path of the failing field from the root of the job's data; `(root)` for the data itself. */
  path: string;
  message: string;
}

/** Hostile input can produce thousands of issues; a failure only needs enough of them to be fixed. */
export const maxReportedIssues = 50;
const maxIssuesInMessage = 5;

export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

export function toJobDataIssues(error: z.ZodError): JobDataIssue[] {
  return error.issues.slice(0, maxReportedIssues).map((issue) => ({
    path: formatIssuePath(issue.path),
    message: issue.message,
  }));
}

/** One human sentence naming the failing fields, e.g. `Invalid job data: statement[0].date: must be a date ...`. */
export function describeJobDataIssues(issues: readonly JobDataIssue[], totalIssueCount = issues.length): string {
  const shown = issues.slice(0, maxIssuesInMessage).map((issue) => `${issue.path}: ${issue.message}`);
  const more = totalIssueCount - shown.length;
  return `Invalid job data: ${shown.join('; ')}${more > 0 ? ` (and ${more} more issue${more === 1 ? '' : 's'})` : ''}`;
}
