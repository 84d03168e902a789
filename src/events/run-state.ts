/**
 * The state of one followed run, rebuilt from its history events: status, stage, SLA status and, for an
 * investigation, each step's state. Each event that changes what a subscriber sees is reported, so that the
 * follower turns it into a message in history order. Search attributes are read from the events (they are not
 * encrypted); payloads (failures, results) are decoded by the follower with the client's data converter.
 */
import { temporal } from '@temporalio/proto';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import type { LiveStatus, LiveStep } from '../contracts/live-events';
import type { StepProgress } from '../contracts/investigation-workflow';
import {
  CaseIdAttribute,
  JobTypeAttribute,
  PriorityAttribute,
  SlaDeadlineAttribute,
  SlaStatusAttribute,
  StatusAttribute,
  TenantAttribute,
} from '../contracts/search-attributes';
import { parseStepActivityId } from '../contracts/step-activity-ids';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

export interface RunIdentity {
  workflowId: string;
  runId: string;
  kind: 'job' | 'investigation';
  /** The job id or investigation id. */
  id: string;
}

/** What changed with one event: the run's status, stage or steps (a job_status_update), or its SLA (an sla_update). */
export type RunChange = 'status' | 'sla';

export class RunState {
  status: LiveStatus = 'RUNNING';
  stage: string | undefined;
  slaStatus: 'ON_TRACK' | 'AT_RISK' | 'BREACHED' | undefined;
  slaDeadline: string | undefined;
  tenant: string | undefined;
  caseId: string | undefined;
  jobType: string | undefined;
  priority: string | undefined;
  taskQueues = new Set<string>();
  startedAtMs = 0;
  lastEventId = 0;
  lastEventAtMs = 0;
  /** The failure of a closed run, still encoded (the follower decodes it). */
  failure: temporal.api.failure.v1.IFailure | undefined;
  /** A completed run's result, still encoded. */
  result: temporal.api.common.v1.IPayloads | undefined;
  /** The run that continued this one, if any. */
  nextRunId: string | undefined;
  /** Investigation steps, in definition order once known. */
  readonly steps = new Map<string, LiveStep>();
  /** Activities and children in flight: scheduled event id → step name and role. */
  private readonly scheduled = new Map<string, { step: string; role: string }>();

  constructor(readonly identity: RunIdentity) {}

  get closed(): boolean {
    return this.status !== 'RUNNING';
  }

  /** Seeds the step list from the investigation's progress query or result: every step, pending ones included. */
  seedSteps(steps: readonly StepProgress[]): void {
    for (const step of steps) {
      this.steps.set(step.name, {
        name: step.name,
        state: step.state,
        ...(step.agent === undefined ? {} : { agent: step.agent }),
        ...(step.startedAt === undefined ? {} : { startedAt: step.startedAt }),
        ...(step.finishedAt === undefined ? {} : { finishedAt: step.finishedAt }),
      });
    }
  }

  /** Applies one event; what it changed for subscribers, if anything. */
  apply(event: HistoryEvent): RunChange | undefined {
    this.lastEventId = Number(event.eventId ?? 0);
    this.lastEventAtMs = timeOf(event);
    const at = new Date(this.lastEventAtMs).toISOString();
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
        const started = event.workflowExecutionStartedEventAttributes;
        this.startedAtMs = this.lastEventAtMs;
        this.readAttributes(started?.searchAttributes?.indexedFields);
        return 'status';
      }
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
        const before = { stage: this.stage, sla: this.slaStatus };
        this.readAttributes(event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields);
        if (this.slaStatus !== before.sla && (this.slaStatus === 'AT_RISK' || this.slaStatus === 'BREACHED')) return 'sla';
        return this.stage !== before.stage ? 'status' : undefined;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const attributes = event.activityTaskScheduledEventAttributes;
        if (attributes?.taskQueue?.name) this.taskQueues.add(attributes.taskQueue.name);
        const parsed = this.identity.kind === 'investigation' ? parseStepActivityId(attributes?.activityId ?? '') : undefined;
        if (!parsed) return undefined;
        this.scheduled.set(String(event.eventId), parsed);
        return parsed.role === 'compensate' ? undefined : this.moveStep(parsed.step, 'RUNNING', { startedAt: at });
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
        return this.finishScheduled(event.activityTaskCompletedEventAttributes?.scheduledEventId, 'COMPLETED', at);
      case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED:
        return this.finishScheduled(event.activityTaskFailedEventAttributes?.scheduledEventId, 'FAILED', at);
      case EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
        return this.finishScheduled(event.activityTaskTimedOutEventAttributes?.scheduledEventId, 'FAILED', at);
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED: {
        const childId = event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId ?? '';
        const prefix = `${this.identity.workflowId}.`;
        if (this.identity.kind !== 'investigation' || !childId.startsWith(prefix)) return undefined;
        const step = childId.slice(prefix.length);
        this.scheduled.set(String(event.eventId), { step, role: 'primary' });
        return this.moveStep(step, 'RUNNING', { startedAt: at });
      }
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED:
        return this.finishScheduled(event.childWorkflowExecutionCompletedEventAttributes?.initiatedEventId, 'COMPLETED', at);
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED:
        return this.finishScheduled(event.childWorkflowExecutionFailedEventAttributes?.initiatedEventId, 'FAILED', at);
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
        this.result = event.workflowExecutionCompletedEventAttributes?.result ?? undefined;
        this.nextRunId = event.workflowExecutionCompletedEventAttributes?.newExecutionRunId || undefined;
        return this.close('COMPLETED');
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
        this.failure = event.workflowExecutionFailedEventAttributes?.failure ?? undefined;
        this.nextRunId = event.workflowExecutionFailedEventAttributes?.newExecutionRunId || undefined;
        return this.close('FAILED');
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
        return this.close('CANCELED');
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
        return this.close('TERMINATED');
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
        this.nextRunId = event.workflowExecutionTimedOutEventAttributes?.newExecutionRunId || undefined;
        return this.close('TIMED_OUT');
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
        this.nextRunId = event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId || undefined;
        return undefined;
      default:
        return undefined;
    }
  }

  /** 0 to 1: a job's step done or not; an investigation's finished steps over all its steps. */
  progress(): number {
    if (this.identity.kind === 'job') return this.stage === 'COMPLETED' || this.status === 'COMPLETED' ? 1 : 0;
    if (this.steps.size === 0) return this.status === 'COMPLETED' ? 1 : 0;
    const finished = [...this.steps.values()].filter((step) => step.state !== 'PENDING' && step.state !== 'RUNNING').length;
    return finished / this.steps.size;
  }

  private close(status: LiveStatus): RunChange {
    this.status = status;
    return 'status';
  }

  private finishScheduled(
    scheduledEventId: { toString(): string } | number | null | undefined,
    state: 'COMPLETED' | 'FAILED',
    at: string,
  ): RunChange | undefined {
    const key = scheduledEventId === null || scheduledEventId === undefined ? '' : scheduledEventId.toString();
    const scheduled = this.scheduled.get(key);
    if (!scheduled) return undefined;
    this.scheduled.delete(key);
    if (scheduled.role === 'compensate') return state === 'COMPLETED' ? this.moveStep(scheduled.step, 'COMPENSATED', {}) : undefined;
    return this.moveStep(scheduled.step, state, { finishedAt: at });
  }

  private moveStep(name: string, state: LiveStep['state'], times: { startedAt?: string; finishedAt?: string }): RunChange | undefined {
    const step = this.steps.get(name) ?? { name, state: 'PENDING' };
    if (step.state === state) return undefined;
    this.steps.set(name, { ...step, state, ...times });
    return 'status';
  }

  private readAttributes(fields: Record<string, temporal.api.common.v1.IPayload> | null | undefined): void {
    if (!fields) return;
    const attributes = decodeTypedSearchAttributes(fields);
    this.stage = attributes.get(StatusAttribute) ?? this.stage;
    this.tenant = attributes.get(TenantAttribute) ?? this.tenant;
    this.caseId = attributes.get(CaseIdAttribute) ?? this.caseId;
    this.jobType = attributes.get(JobTypeAttribute) ?? this.jobType;
    this.priority = attributes.get(PriorityAttribute) ?? this.priority;
    const sla = attributes.get(SlaStatusAttribute);
    if (sla === 'ON_TRACK' || sla === 'AT_RISK' || sla === 'BREACHED') this.slaStatus = sla;
    this.slaDeadline = attributes.get(SlaDeadlineAttribute)?.toISOString() ?? this.slaDeadline;
  }
}

export function timeOf(event: HistoryEvent): number {
  const time = event.eventTime;
  if (!time) return Date.now();
  return Number(time.seconds ?? 0) * 1000 + Math.floor((time.nanos ?? 0) / 1e6);
}
