import { temporal } from '@temporalio/proto';
import type { Client } from '@temporalio/client';
import type { AgentHealthConfig } from '../config/operations-schema';
import type { AgentWorker } from './agent-health';

type Heartbeat = temporal.api.worker.v1.IWorkerHeartbeat;
type Timestamp = { seconds?: unknown; nanos?: number | null } | null | undefined;

const WorkerStatus = temporal.api.enums.v1.WorkerStatus;

/** gRPC codes of a server without ListWorkers (UNIMPLEMENTED), or with it turned off (PERMISSION_DENIED, FAILED_PRECONDITION). */
const unsupportedCodes = new Set<unknown>([12, 7, 9]);

const timeOf = (timestamp: Timestamp): Date | undefined => {
  const seconds = Number(timestamp?.seconds ?? 0);
  return seconds > 0 ? new Date(seconds * 1000 + Math.round((timestamp?.nanos ?? 0) / 1e6)) : undefined;
};

const statusOf = (status: temporal.api.enums.v1.WorkerStatus | null | undefined): AgentWorker['status'] =>
  status === WorkerStatus.WORKER_STATUS_RUNNING
    ? 'RUNNING'
    : status === WorkerStatus.WORKER_STATUS_SHUTTING_DOWN
      ? 'SHUTTING_DOWN'
      : status === WorkerStatus.WORKER_STATUS_SHUTDOWN
        ? 'SHUTDOWN'
        : 'UNKNOWN';

/** One worker heartbeat as the API shows it; undefined for a worker gone (shut down, or stale past forgetAfter). */
export function workerOfHeartbeat(heartbeat: Heartbeat, rules: AgentHealthConfig, now: Date): AgentWorker | undefined {
  const status = statusOf(heartbeat.status);
  const last = timeOf(heartbeat.heartbeatTime);
  const ageMs = last === undefined ? Number.POSITIVE_INFINITY : Math.max(0, now.getTime() - last.getTime());
  if (status === 'SHUTDOWN' || ageMs > rules.forgetAfter) return undefined;
  const running = status === 'RUNNING' || status === 'SHUTTING_DOWN';
  const host = heartbeat.hostInfo?.hostName || null;
  const processId = heartbeat.hostInfo?.processId || null;
  const slots = heartbeat.activityTaskSlotsInfo;
  const used = slots?.currentUsedSlots ?? 0;
  const recentProcessed = slots?.lastIntervalProcessedTasks ?? 0;
  const recentFailed = slots?.lastIntervalFailureTasks ?? 0;
  const totalProcessed = slots?.totalProcessedTasks ?? 0;
  const totalFailed = slots?.totalFailedTasks ?? 0;
  const started = timeOf(heartbeat.startTime);
  return {
    identity: `${host ?? '?'}/${processId ?? '?'}/${heartbeat.taskQueue ?? ''}`,
    heartbeatIdentity: heartbeat.workerIdentity || null,
    instanceKey: heartbeat.workerInstanceKey || null,
    host,
    processId,
    status,
    startedAt: started?.toISOString() ?? null,
    lastHeartbeatAt: last?.toISOString() ?? null,
    heartbeatAgeSeconds: Number.isFinite(ageMs) ? Math.round(ageMs / 100) / 10 : null,
    live: running && ageMs <= rules.staleAfter,
    stale: running && ageMs > rules.staleAfter,
    hostCpuUsage: heartbeat.hostInfo?.currentHostCpuUsage ?? null,
    hostMemoryUsage: heartbeat.hostInfo?.currentHostMemUsage ?? null,
    slots: slots ? { used, available: slots.currentAvailableSlots ?? 0, supplier: slots.slotSupplierKind ?? '' } : null,
    stepsRunning: slots ? used : null,
    // The SDK counts failures among the processed tasks.
    recent: slots ? { completed: Math.max(0, recentProcessed - recentFailed), failed: recentFailed } : null,
    total: slots ? { completed: Math.max(0, totalProcessed - totalFailed), failed: totalFailed } : null,
  };
}

/**
 * Every worker heartbeat of the given activity queues (ListWorkers, paged), by queue; undefined when the server does
 * not offer it (ListWorkers disabled: `frontend.ListWorkersEnabled`, or a server before 1.29).
 */
export async function heartbeatsByQueue(client: Client, taskQueues: readonly string[]): Promise<Map<string, Heartbeat[]> | undefined> {
  const wanted = new Set(taskQueues);
  const byQueue = new Map<string, Heartbeat[]>(taskQueues.map((queue) => [queue, []]));
  let nextPageToken: Uint8Array | undefined;
  try {
    do {
      const page = await client.workflowService.listWorkers({
        namespace: client.options.namespace,
        pageSize: 1000,
        query: taskQueues.map((queue) => `TaskQueue = '${queue.replace(/'/g, "\\'")}'`).join(' OR '),
        ...(nextPageToken ? { nextPageToken } : {}),
      });
      for (const info of page.workersInfo ?? []) {
        const heartbeat = info.workerHeartbeat;
        if (heartbeat?.taskQueue && wanted.has(heartbeat.taskQueue)) byQueue.get(heartbeat.taskQueue)?.push(heartbeat);
      }
      nextPageToken = page.nextPageToken && page.nextPageToken.length > 0 ? page.nextPageToken : undefined;
    } while (nextPageToken);
  } catch (error) {
    if (unsupportedCodes.has((error as { code?: unknown } | undefined)?.code)) return undefined;
    throw error;
  }
  return byQueue;
}
