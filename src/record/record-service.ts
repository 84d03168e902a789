import type { Client } from '@temporalio/client';
import type { TenantScope } from '../auth/tenant-scope';
import type { LoadedConfig } from '../config/load-config';
import { orchestrationTaskQueue } from '../config/task-queues';
import { investigationWorkflowType } from '../contracts/investigation-workflow';
import { jobWorkflowType } from '../contracts/job-workflow';
import { RecordHeadAttribute } from '../contracts/search-attributes';
import type { StepRecordEntry } from '../contracts/step-record';
import { investigationWorkflowId, jobWorkflowId } from '../contracts/workflow-ids';
import { describeOwnWorkflow } from '../temporal/describe-own-workflow';
import { chainEntries, headOfChain } from './record-chain';
import { recordFromHistory, type HistoryRecord } from './record-from-history';
import { verifyRecord, type RecordVerdict } from './record-verify';

export type RecordSubject = 'job' | 'investigation';

export interface RecordView {
  workflowId: string;
  runId: string;
  /** False while the run is open, or for a run from before the record: the chain is then recomputed from its history. */
  sealed: boolean;
  head: string;
  entries: StepRecordEntry[];
}

export type RecordVerdictView =
  | { holds: true; sealed: boolean; head: string; entries: number }
  | { holds: false; seq: number; step?: string; eventId?: string; reason: string };

export type RecordVerification = { workflowId: string; runId: string } & RecordVerdictView;

const subjects = {
  job: { workflowType: jobWorkflowType, workflowId: jobWorkflowId },
  investigation: { workflowType: investigationWorkflowType, workflowId: investigationWorkflowId },
} as const;

/** The step record of a job or an investigation (the caller's tenant only), and its verification against Temporal. */
export class RecordService {
  private readonly taskQueue: string;

  constructor(
    config: LoadedConfig,
    private readonly client: Client,
  ) {
    this.taskQueue = orchestrationTaskQueue(config);
  }

  async record(subject: RecordSubject, id: string, scope: TenantScope): Promise<RecordView> {
    const { workflowId, runId, record } = await this.read(subject, id, scope);
    const entries = record.sealed?.chain ?? chainEntries(record.entries.map(({ problem: _problem, ...entry }) => entry));
    return { workflowId, runId, sealed: record.sealed !== undefined, head: record.sealed?.head ?? headOfChain(entries), entries };
  }

  async verify(subject: RecordSubject, id: string, scope: TenantScope): Promise<RecordVerification> {
    const { workflowId, runId, record, visibilityHead } = await this.read(subject, id, scope);
    return { workflowId, runId, ...verificationOf(verifyRecord(record, visibilityHead)) };
  }

  private async read(
    subject: RecordSubject,
    id: string,
    scope: TenantScope,
  ): Promise<{ workflowId: string; runId: string; record: HistoryRecord; visibilityHead?: string }> {
    const { workflowType, workflowId: workflowIdOf } = subjects[subject];
    const workflowId = workflowIdOf(id);
    const own = { workflowType, taskQueue: this.taskQueue, scope };
    const description = await describeOwnWorkflow(this.client, workflowId, own, `unknown ${subject} "${id}"`);
    const history = await this.client.workflow.getHandle(workflowId, description.runId).fetchHistory();
    const record = await recordFromHistory(history, this.client.options.loadedDataConverter);
    const visibilityHead = description.typedSearchAttributes.get(RecordHeadAttribute);
    return { workflowId, runId: description.runId, record, ...(visibilityHead === undefined ? {} : { visibilityHead }) };
  }
}

/** The verdict in the API's words: holds, or the first entry that does not. */
export function verificationOf(verdict: RecordVerdict): RecordVerdictView {
  if (verdict.ok) return { holds: true, sealed: verdict.sealed, head: verdict.head, entries: verdict.entries };
  const { ok: _ok, ...failure } = verdict;
  return { holds: false, ...failure };
}
