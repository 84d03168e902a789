import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { LoadedConfig } from '../config/load-config';
import { orchestrationTaskQueue } from '../config/task-queues';
import type { AuditRecord } from '../contracts/audit-log';
import { auditLogWorkflowId } from '../contracts/workflow-ids';
import { VisibilityQuery } from '../temporal/visibility-query';
import { recordsOfHistory } from './audit-history';
import type { AuditQuery } from './audit-query';

export interface AuditPage {
  /** Newest first. */
  entries: AuditRecord[];
  nextPageToken?: string;
}

/**
 * Reads the audit log from its runs' histories, newest first. Runs outside
 * since/until are not read. The page token is the seq of the last entry answered: the log only grows at its head, so
 * a page never shifts.
 */
export class AuditService {
  private readonly workflowId: string;

  constructor(
    config: LoadedConfig,
    private readonly client: Client,
  ) {
    this.workflowId = auditLogWorkflowId(orchestrationTaskQueue(config));
  }

  async list(query: AuditQuery): Promise<AuditPage> {
    const since = query.since === undefined ? undefined : Date.parse(query.since);
    const until = query.until === undefined ? undefined : Date.parse(query.until);
    const below = query.pageToken === undefined ? Number.POSITIVE_INFINITY : Number(query.pageToken);
    const matches = (record: AuditRecord): boolean => {
      const at = Date.parse(record.recordedAt);
      return (
        record.seq < below &&
        (query.principal === undefined || record.subject === query.principal) &&
        (query.caseId === undefined || record.caseId === query.caseId) &&
        (query.action === undefined || record.action === query.action) &&
        (since === undefined || at >= since) &&
        (until === undefined || at <= until)
      );
    };
    const entries: AuditRecord[] = [];
    for (const run of await this.runsNewestFirst()) {
      if (until !== undefined && run.startTime.getTime() > until) continue;
      if (since !== undefined && run.closeTime !== undefined && run.closeTime.getTime() < since) break;
      const records = await this.recordsOf(run);
      for (const record of records.reverse()) {
        if (!matches(record)) continue;
        if (entries.length === query.pageSize) return { entries, nextPageToken: String(entries.at(-1)?.seq) };
        entries.push(record);
      }
    }
    return { entries };
  }

  /**
   * Every record that passes the filter, newest first. With `recordedSince`, the log's runs that closed before it are
   * not read: what a case's export reads then grows with the log since the case began, not with the whole log.
   */
  async all(filter: (record: AuditRecord) => boolean, recordedSince?: Date): Promise<AuditRecord[]> {
    const entries: AuditRecord[] = [];
    for (const run of await this.runsNewestFirst()) {
      if (recordedSince !== undefined && run.closeTime !== undefined && run.closeTime < recordedSince) break;
      entries.push(...(await this.recordsOf(run)).reverse().filter(filter));
    }
    return entries;
  }

  private async runsNewestFirst(): Promise<WorkflowExecutionInfo[]> {
    const runs: WorkflowExecutionInfo[] = [];
    for await (const run of this.client.workflow.list({ query: VisibilityQuery.all().equals('WorkflowId', this.workflowId).toString() }))
      runs.push(run);
    return runs.sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
  }

  /** From the run's history, running or closed: the record itself, readable with no worker up (a query needs one). */
  private async recordsOf(run: WorkflowExecutionInfo): Promise<AuditRecord[]> {
    const history = await this.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    return (await recordsOfHistory(history, this.client.options.loadedDataConverter)).records;
  }
}
