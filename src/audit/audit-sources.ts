import { readFileSync } from 'node:fs';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { LoadedDataConverter } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { auditLogWorkflowType } from '../contracts/audit-log';
import { VisibilityQuery } from '../temporal/visibility-query';
import { recordsOfHistory } from './audit-history';
import type { AuditRun } from './audit-verify';

/** Every audit log of the namespace (or the one named), each as its runs oldest first, read from their histories. */
export async function auditRunsFromServer(client: Client, workflowId?: string): Promise<Map<string, AuditRun[]>> {
  const query = VisibilityQuery.all().equals('WorkflowType', auditLogWorkflowType).equals('WorkflowId', workflowId);
  const runs: Array<{ workflowId: string; runId: string; startTime: Date }> = [];
  for await (const run of client.workflow.list({ query: query.toString() })) runs.push(run);
  runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  const logs = new Map<string, AuditRun[]>();
  for (const run of runs) {
    const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    const records = await recordsOfHistory(history, client.options.loadedDataConverter);
    logs.set(run.workflowId, [...(logs.get(run.workflowId) ?? []), { label: `run ${run.runId}`, ...records }]);
  }
  return logs;
}

/** Runs exported by `temporal workflow show --output json`, one file each, in the order given (oldest first). */
export async function auditRunsFromFiles(files: readonly string[], converter: LoadedDataConverter): Promise<AuditRun[]> {
  const runs: AuditRun[] = [];
  for (const file of files) {
    const history = historyFromJSON(JSON.parse(readFileSync(file, 'utf8')));
    runs.push({ label: file, ...(await recordsOfHistory(history, converter)) });
  }
  return runs;
}

/**
 * One log's runs, oldest first, found without visibility: the newest run's history, then each run it continued from
 * (its started event names it). Costs the log's own runs; undefined when the log was never started.
 */
export async function auditRunsOfLog(client: Client, workflowId: string): Promise<AuditRun[] | undefined> {
  const runs: AuditRun[] = [];
  let runId: string | undefined;
  for (;;) {
    let history: Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;
    try {
      history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError && runs.length === 0) return undefined;
      throw error;
    }
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    const label = `${workflowId} run ${started?.originalExecutionRunId ?? runId ?? 'latest'}`;
    runs.unshift({ label, ...(await recordsOfHistory(history, client.options.loadedDataConverter)) });
    runId = started?.continuedExecutionRunId || undefined;
    if (runId === undefined) return runs;
  }
}
