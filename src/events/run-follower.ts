/**
 * Follows one run: long-polls its history (GetWorkflowExecutionHistory with waitNewEvent, the call the SDK's own
 * `result()` makes), rebuilds its state event by event and turns each change into a message, in history order.
 * One follower per run and facade, whoever follows it: subscribers share its single upstream poll. Nothing is
 * written to the run: reading a history adds no event to it.
 */
import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import type { Logger } from 'pino';
import { investigationProgressQuery, type InvestigationResult } from '../contracts/investigation-workflow';
import type { JobStatusUpdate, LiveEvent, SlaUpdate } from '../contracts/live-events';
import { liveHistoryPolls } from '../metrics/facade-metrics';
import { failureMessageOf } from '../temporal/failure-message';
import { encodeCursor, runTagOf } from './cursor';
import { RunState, type RunChange, type RunIdentity } from './run-state';

/** When the run is expected to finish, for a running run's messages; null when it cannot be told. */
export type RunCompletionEstimate = (run: RunState) => Promise<Date | null>;

/** Messages a follower keeps, for subscribers of this run that join late (a run has a handful of them). */
const keptMessages = 200;
/** How long the step list query may take before the steps are learned from the history alone. */
const queryTimeoutMs = 5_000;
/** Pause after a failed poll (Temporal unreachable), so that an outage is not a busy loop. */
const retryDelayMs = 1_000;
/**
 * Pause after a poll that brought events, before the next: a run's events come in bursts a few tens of ms apart
 * (a workflow task started, then completed with its commands), and each poll is a history read on the server (on
 * the dev server, a turn of its one SQLite connection, shared with every job's writes). Gathering a burst into one
 * poll cuts the reads per job by about half, for at most this much more delivery latency (p95 budget: 1 s).
 */
const gatherMs = 200;

export interface FollowerDependencies {
  client: Client;
  logger: Logger;
  estimate: RunCompletionEstimate;
  /** Called with each message, in order. */
  publish: (message: FollowedMessage, follower: RunFollower) => void;
  /** Called once the run has closed and its last message is out. */
  onClosed: (follower: RunFollower) => void;
}

/** A message of a followed run, with the id and time (ms) of the history event behind it. */
export interface FollowedMessage {
  event: LiveEvent;
  eventId: number;
  atMs: number;
}

export class RunFollower {
  readonly state: RunState;
  /** The messages so far, oldest first (at most keptMessages). */
  readonly messages: FollowedMessage[] = [];
  private readonly abort = new AbortController();
  private stepsSeeded = false;

  constructor(
    identity: RunIdentity,
    private readonly dependencies: FollowerDependencies,
  ) {
    this.state = new RunState(identity);
  }

  get identity(): RunIdentity {
    return this.state.identity;
  }

  /** Starts the poll loop; it ends when the run closes or stop() is called. */
  start(): void {
    void this.run().catch((error: unknown) =>
      this.dependencies.logger.error({ err: error, workflowId: this.identity.workflowId }, 'run follower failed'),
    );
  }

  stop(): void {
    this.abort.abort();
  }

  get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    const { client } = this.dependencies;
    const request: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryRequest = {
      namespace: client.options.namespace,
      execution: { workflowId: this.identity.workflowId, runId: this.identity.runId },
      waitNewEvent: true,
      skipArchival: true,
      historyEventFilterType: temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT,
    };
    while (!this.stopped) {
      let response: temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
      try {
        liveHistoryPolls.inc();
        response = await client.withAbortSignal(this.abort.signal, () => client.workflowService.getWorkflowExecutionHistory(request));
      } catch (error) {
        if (this.stopped) return;
        if (isNotFound(error)) break;
        this.dependencies.logger.warn({ err: error, workflowId: this.identity.workflowId }, 'reading a followed history failed; retrying');
        await delay(retryDelayMs, this.abort.signal);
        continue;
      }
      const events = response.history?.events ?? [];
      for (const event of events) {
        const change = this.state.apply(event);
        if (change) await this.emit(change);
      }
      if (this.state.closed && response.nextPageToken.length === 0) break;
      request.nextPageToken = response.nextPageToken;
      if (events.length > 0 && !this.state.closed) await delay(gatherMs, this.abort.signal);
    }
    if (!this.stopped) this.dependencies.onClosed(this);
  }

  private async emit(change: RunChange): Promise<void> {
    const { lastEventId: eventId, lastEventAtMs: atMs } = this.state;
    const event = change === 'sla' ? this.slaUpdate() : await this.statusUpdate();
    if (!event) return;
    const message = { event, eventId, atMs };
    this.messages.push(message);
    if (this.messages.length > keptMessages) this.messages.shift();
    this.dependencies.publish(message, this);
  }

  private cursor(): string {
    return encodeCursor({ atMs: this.state.lastEventAtMs, runTag: runTagOf(this.identity.runId), eventId: this.state.lastEventId });
  }

  private ids(): { jobId: string } | { investigationId: string } {
    return this.identity.kind === 'job' ? { jobId: this.identity.id } : { investigationId: this.identity.id };
  }

  private slaUpdate(): SlaUpdate | undefined {
    const { slaStatus } = this.state;
    if (slaStatus !== 'AT_RISK' && slaStatus !== 'BREACHED') return undefined;
    return {
      type: 'sla_update',
      cursor: this.cursor(),
      ...this.ids(),
      workflowId: this.identity.workflowId,
      runId: this.identity.runId,
      ...(this.state.caseId === undefined ? {} : { caseId: this.state.caseId }),
      slaStatus,
      ...(this.state.slaDeadline === undefined ? {} : { deadline: this.state.slaDeadline }),
      at: new Date(this.state.lastEventAtMs).toISOString(),
    };
  }

  private async statusUpdate(): Promise<JobStatusUpdate> {
    const { state } = this;
    // Read before any await: the message is of this event, whatever the loop applies next.
    const cursor = this.cursor();
    const at = new Date(state.lastEventAtMs).toISOString();
    if (state.identity.kind === 'investigation') await this.seedSteps();
    const error = state.status === 'FAILED' ? await this.errorOf() : undefined;
    const estimate = state.closed ? new Date(state.lastEventAtMs) : await this.dependencies.estimate(state).catch(() => null);
    return {
      type: 'job_status_update',
      cursor,
      ...this.ids(),
      workflowId: state.identity.workflowId,
      runId: state.identity.runId,
      ...(state.jobType === undefined ? {} : { jobType: state.jobType }),
      ...(state.caseId === undefined ? {} : { caseId: state.caseId }),
      status: state.status,
      ...(state.stage === undefined ? {} : { stage: state.stage as JobStatusUpdate['stage'] }),
      progress: state.progress(),
      ...(state.identity.kind === 'investigation' ? { steps: [...state.steps.values()] } : {}),
      estimatedCompletion: estimate?.toISOString() ?? null,
      ...(error ? { error } : {}),
      at,
    };
  }

  /**
   * An investigation's step list: every step (pending ones too) from its progress query while it runs, from its
   * result once completed (which also says which were skipped). States come from the history; the query and the
   * result only add the steps the history does not show yet.
   */
  private async seedSteps(): Promise<void> {
    const { state } = this;
    if (state.status === 'COMPLETED' && state.result) {
      const result = await decodeFromPayloadsAtIndex<InvestigationResult>(
        this.dependencies.client.options.loadedDataConverter,
        0,
        state.result.payloads as temporal.api.common.v1.Payload[],
      ).catch(() => undefined);
      if (result?.steps) state.seedSteps(result.steps);
      this.stepsSeeded = true;
      return;
    }
    if (this.stepsSeeded || state.closed) return;
    this.stepsSeeded = true;
    const { client } = this.dependencies;
    try {
      const progress = await client.withDeadline(Date.now() + queryTimeoutMs, () =>
        client.workflow.getHandle(state.identity.workflowId, state.identity.runId).query(investigationProgressQuery),
      );
      for (const step of progress.steps) {
        if (!state.steps.has(step.name))
          state.seedSteps([{ name: step.name, state: 'PENDING', ...(step.agent ? { agent: step.agent } : {}) }]);
      }
    } catch (error) {
      this.dependencies.logger.debug({ err: error, workflowId: state.identity.workflowId }, 'no step list from the progress query');
    }
  }

  private async errorOf(): Promise<{ type?: string; message: string }> {
    const failure = this.state.failure;
    const message = (await failureMessageOf(this.dependencies.client, failure)) ?? 'the run failed';
    const type = failure?.applicationFailureInfo?.type;
    return type ? { type, message } : { message };
  }
}

function isNotFound(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 5;
}

/** Resolves after ms, or at once when the signal aborts; leaves no listener behind (it runs after every poll). */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
