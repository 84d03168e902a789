import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { InvalidInputError } from '../errors/domain-errors';

/**
 * Visibility lists runs, not workflows: after a reset or a rerun, one workflow id (one job or investigation) has
 * several runs, and a query matches the old ones too. Visibility cannot say "the latest run", so this module works
 * it out: a running run is always its workflow's current run (only one run of an id can be open), and a closed
 * run is current when its run id is the one that describing the workflow id returns.
 */
export type RawExecution = temporal.api.workflow.v1.IWorkflowExecutionInfo;

const runningStatus = temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
const grpcInvalidArgument = 3;
/** Describes at once; a page of 1000 closed runs must not open 1000 calls together. */
const describeConcurrency = 16;
/** Visibility pages one answer may read to fill a page whose runs were mostly superseded: bounds a request's cost. */
const maxVisibilityPagesPerAnswer = 3;

/** The current run id of each workflow id, by describe; absent when the workflow no longer exists. */
async function currentRunIds(client: Client, workflowIds: readonly string[]): Promise<Map<string, string>> {
  const current = new Map<string, string>();
  const queue = [...new Set(workflowIds)];
  const worker = async (): Promise<void> => {
    for (let workflowId = queue.shift(); workflowId !== undefined; workflowId = queue.shift()) {
      try {
        current.set(workflowId, (await client.workflow.getHandle(workflowId).describe()).runId);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(describeConcurrency, queue.length) }, worker));
  return current;
}

/** The executions that are the current run of their workflow id, in the order given. */
export async function currentRunsOnly(client: Client, executions: readonly RawExecution[]): Promise<RawExecution[]> {
  const closed = executions.filter((execution) => execution.status !== runningStatus);
  const current = await currentRunIds(
    client,
    closed.map((execution) => execution.execution?.workflowId ?? ''),
  );
  return executions.filter(
    (execution) => execution.status === runningStatus || current.get(execution.execution?.workflowId ?? '') === execution.execution?.runId,
  );
}

/** Every run matching the query, all pages. */
export async function allMatchingRuns(client: Client, query: string): Promise<RawExecution[]> {
  const runs: RawExecution[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const response = await client.workflowService.listWorkflowExecutions({
      namespace: client.options.namespace,
      query,
      pageSize: 1000,
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    runs.push(...(response.executions ?? []));
    nextPageToken = response.nextPageToken?.length ? response.nextPageToken : undefined;
  } while (nextPageToken);
  return runs;
}

export interface CurrentRunPage {
  executions: RawExecution[];
  /** Opaque to clients: where the next page starts. */
  nextPageToken?: string;
}

const tokenPrefix = 'v1.';
const encodeToken = (token: Uint8Array): string =>
  Buffer.from(`${tokenPrefix}${Buffer.from(token).toString('base64')}`).toString('base64url');
const invalidToken = () => new InvalidInputError([{ path: 'pageToken', message: 'not a pageToken from a previous answer of this list' }]);

function decodeToken(pageToken: string): Uint8Array {
  const text = Buffer.from(pageToken, 'base64url').toString('utf8');
  if (!text.startsWith(tokenPrefix)) throw invalidToken();
  const token = Buffer.from(text.slice(tokenPrefix.length), 'base64');
  if (token.length === 0) throw invalidToken();
  return token;
}

/**
 * One page of the current runs matching a query: each workflow id at most once, whatever page it falls on (its
 * current run is one visibility row). Superseded runs are dropped, so a page is refilled from the next visibility
 * page, up to a few pages per answer; a page may then hold fewer than pageSize rows while nextPageToken says more
 * may follow.
 */
export async function currentRunPage(client: Client, query: string, pageSize: number, pageToken?: string): Promise<CurrentRunPage> {
  let token = pageToken === undefined ? undefined : decodeToken(pageToken);
  const executions: RawExecution[] = [];
  for (let page = 0; page < maxVisibilityPagesPerAnswer && executions.length < pageSize; page += 1) {
    let response: temporal.api.workflowservice.v1.IListWorkflowExecutionsResponse;
    try {
      response = await client.workflowService.listWorkflowExecutions({
        namespace: client.options.namespace,
        query,
        pageSize: pageSize - executions.length,
        ...(token ? { nextPageToken: token } : {}),
      });
    } catch (error) {
      if ((error as { code?: unknown }).code === grpcInvalidArgument && token !== undefined) throw invalidToken();
      throw error;
    }
    executions.push(...(await currentRunsOnly(client, response.executions ?? [])));
    token = response.nextPageToken?.length ? response.nextPageToken : undefined;
    if (!token) break;
  }
  return { executions, ...(token ? { nextPageToken: encodeToken(token) } : {}) };
}

/** How many workflows (each by its current run) the runs hold, by execution status name (Running, Completed...). */
export async function currentRunCounts(client: Client, runs: readonly RawExecution[]): Promise<Map<string, number>> {
  const runsOf = new Map<string, RawExecution[]>();
  for (const run of runs) {
    const workflowId = run.execution?.workflowId ?? '';
    runsOf.set(workflowId, [...(runsOf.get(workflowId) ?? []), run]);
  }
  const several = [...runsOf.entries()].filter(([, list]) => list.length > 1 && !list.some((run) => run.status === runningStatus));
  const current = await currentRunIds(
    client,
    several.map(([workflowId]) => workflowId),
  );
  const counts = new Map<string, number>();
  for (const [workflowId, list] of runsOf) {
    const run =
      list.length === 1
        ? list[0]
        : (list.find((candidate) => candidate.status === runningStatus) ??
          list.find((candidate) => candidate.execution?.runId === current.get(workflowId)));
    if (!run) continue;
    const name = statusQueryName(run.status);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** The execution status as visibility queries spell it: Running, Completed, Failed, Canceled, Terminated, TimedOut. */
function statusQueryName(status: temporal.api.enums.v1.WorkflowExecutionStatus | null | undefined): string {
  const name = temporal.api.enums.v1.WorkflowExecutionStatus[status ?? 0] ?? 'UNSPECIFIED';
  const words = name.replace('WORKFLOW_EXECUTION_STATUS_', '').toLowerCase().split('_');
  const spelled = words.map((word) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`).join('');
  return spelled === 'Cancelled' ? 'Canceled' : spelled;
}
