/**
 * Finds the runs that live-event subscribers may want and this facade did not start itself: it reads visibility
 * every events.discoveryInterval, from the first subscriber that needs it to the last (more slowly while the reads
 * find nothing new), and, for a broad subscriber that resumes with a cursor, the runs that closed since. What it
 * finds it hands to the hub to follow; it keeps nothing but where the previous read ended.
 */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { Logger } from 'pino';
import type { TenantScope } from '../auth/tenant-scope';
import type { LoadedConfig } from '../config/load-config';
import { investigationWorkflowType } from '../contracts/investigation-workflow';
import { jobWorkflowType } from '../contracts/job-workflow';
import type { EventFilter } from '../contracts/live-events';
import { CaseIdAttribute, JobTypeAttribute } from '../contracts/search-attributes';
import { investigationIdFromWorkflowId, jobIdFromWorkflowId } from '../contracts/workflow-ids';
import { deploymentWorkflows, type VisibilityQuery } from '../temporal/visibility-query';
import type { CursorPosition } from './cursor';
import type { RunIdentity } from './run-state';

/** Visibility is eventually consistent: each discovery reads back this far before the previous one. */
const discoveryOverlapMs = 5_000;
/**
 * When visibility reads find only runs already followed (this facade started them: started-runs.ts), the reads
 * slow down, doubling up to this many times events.discoveryInterval; a read that finds a new run resets the pace.
 */
const maxDiscoveryBackoff = 4;

/** What discovery asks of the hub that follows runs and serves subscribers. */
export interface DiscoveryHost {
  isClosed(): boolean;
  hasSubscribers(): boolean;
  /** Whether a subscriber with a broad filter (not one job or investigation) is connected. */
  hasBroadSubscriber(): boolean;
  /** Whether a subscriber follows this workflow by id (its new runs are wanted too). */
  isFollowedWorkflow(workflowId: string): boolean;
  isFollowed(workflowId: string, runId: string): boolean;
  follow(identity: RunIdentity): void;
  /** Called after each read: the hub forgets what nobody wants any more. */
  sweep(): void;
}

export interface RunDiscoveryDependencies {
  config: LoadedConfig;
  client: Client;
  logger: Logger;
  host: DiscoveryHost;
  /** Runs a function outside of whatever request started it. */
  detached: (fn: () => void) => void;
}

export class RunDiscovery {
  private timer: NodeJS.Timeout | undefined;
  /** One loop per facade, from the first subscriber that needs it to the last. */
  private running = false;
  private discoveredUntilMs: number | undefined;
  /** The current multiple of events.discoveryInterval between two reads (adaptive pacing, maxDiscoveryBackoff). */
  private backoff = 1;

  constructor(private readonly dependencies: RunDiscoveryDependencies) {}

  /** Starts the read loop unless it runs; it stops by itself once no subscriber is left. */
  ensureRunning(): void {
    const { host, detached, logger, config } = this.dependencies;
    if (this.running || host.isClosed()) return;
    this.running = true;
    const tick = (): void => {
      this.timer = undefined;
      if (!host.hasSubscribers() || host.isClosed()) {
        this.discoveredUntilMs = undefined;
        this.backoff = 1;
        this.running = false;
        return;
      }
      detached(() => {
        void this.discover()
          .then((foundNew) => {
            this.backoff = foundNew ? 1 : Math.min(maxDiscoveryBackoff, this.backoff * 2);
          })
          .catch((error: unknown) => logger.warn({ err: error }, 'reading visibility for live events failed; retrying'))
          .finally(() => {
            host.sweep();
            this.timer = setTimeout(tick, config.events.discoveryInterval * this.backoff);
          });
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** A resumed broad subscriber: the runs that closed since its cursor, followed (and so their terminal status sent). */
  async followClosedSince(filter: Omit<EventFilter, 'since'>, scope: TenantScope, position: CursorPosition): Promise<void> {
    const { config, host, logger } = this.dependencies;
    const query = deploymentWorkflows(config, jobWorkflowType, investigationWorkflowType)
      .within(scope)
      .atLeast('CloseTime', new Date(position.atMs))
      .equals(CaseIdAttribute, filter.caseId)
      .equals(JobTypeAttribute, filter.type);
    try {
      for (const execution of await this.listRuns(query)) {
        const identity = identityOf(execution);
        // A run already followed (joined before it closed and kept): what it said is already queued for the subscriber.
        if (identity && !host.isFollowed(identity.workflowId, identity.runId)) host.follow(identity);
      }
    } catch (error) {
      logger.warn({ err: error }, 'replaying closed runs for a resumed subscriber failed');
    }
  }

  /**
   * The runs broad subscribers may want: on the first pass every running one, then those started or closed since
   * the previous pass (read back a little, visibility lags). A run already followed is not followed twice.
   * Whether it found a run to follow that was not followed yet.
   */
  private async discover(): Promise<boolean> {
    const { config, host } = this.dependencies;
    let foundNew = false;
    const broad = host.hasBroadSubscriber();
    const base = deploymentWorkflows(config, jobWorkflowType, investigationWorkflowType);
    const startedAt = Date.now();
    const queries =
      this.discoveredUntilMs === undefined
        ? [base.equals('ExecutionStatus', 'Running')]
        : [
            base.atLeast('StartTime', new Date(this.discoveredUntilMs - discoveryOverlapMs)),
            base.atLeast('CloseTime', new Date(this.discoveredUntilMs - discoveryOverlapMs)),
          ];
    for (const query of queries) {
      for (const execution of await this.listRuns(query)) {
        const identity = identityOf(execution);
        if (!identity) continue;
        if (!broad && !host.isFollowedWorkflow(identity.workflowId)) continue;
        if (host.isFollowed(identity.workflowId, identity.runId)) continue;
        foundNew = true;
        host.follow(identity);
      }
    }
    this.discoveredUntilMs = startedAt;
    return foundNew;
  }

  private async listRuns(query: VisibilityQuery): Promise<temporal.api.workflow.v1.IWorkflowExecutionInfo[]> {
    const { client } = this.dependencies;
    const runs: temporal.api.workflow.v1.IWorkflowExecutionInfo[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const response = await client.workflowService.listWorkflowExecutions({
        namespace: client.options.namespace,
        query: query.toString(),
        pageSize: 1000,
        ...(nextPageToken ? { nextPageToken } : {}),
      });
      runs.push(...response.executions);
      nextPageToken = response.nextPageToken.length > 0 ? response.nextPageToken : undefined;
    } while (nextPageToken);
    return runs;
  }
}

/** A job's or investigation's run, from its workflow type and id. */
export function runIdentity(workflowId: string, runId: string, workflowType: string | null | undefined): RunIdentity {
  return {
    workflowId,
    runId,
    kind: workflowType === investigationWorkflowType ? 'investigation' : 'job',
    id: jobIdFromWorkflowId(workflowId) ?? investigationIdFromWorkflowId(workflowId) ?? workflowId,
  };
}

function identityOf(execution: temporal.api.workflow.v1.IWorkflowExecutionInfo): RunIdentity | undefined {
  const workflowId = execution.execution?.workflowId ?? '';
  const runId = execution.execution?.runId ?? '';
  return workflowId && runId ? runIdentity(workflowId, runId, execution.type?.name) : undefined;
}
