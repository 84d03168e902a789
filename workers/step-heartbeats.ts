import type { ActivityInboundCallsInterceptor, ActivityInterceptorsFactory } from '@temporalio/worker';

/** Heartbeats at a third of the timeout: the SDK sends at most one per 0.8 of it, so two chances before it lapses. */
const heartbeatsPerTimeout = 3;

/**
 * Heartbeats every step that has a heartbeat timeout while it runs, so the agents' code need not.
 *
 * Why: a step handed to a worker that never received it (the poll's answer lost on a starved machine) stays Started,
 * and without heartbeats Temporal retries it only at its start-to-close timeout (10 minutes by default); with them it
 * is retried on another poll once the heartbeat timeout lapses. A worker that dies is noticed just as soon. A step
 * whose worker is alive keeps its attempt: the heartbeat comes from the worker's own event loop while the step runs.
 */
export const stepHeartbeats: ActivityInterceptorsFactory = (ctx) => {
  const inbound: ActivityInboundCallsInterceptor = {
    async execute(input, next) {
      const timeoutMs = ctx.info.heartbeatTimeoutMs;
      if (!timeoutMs) return next(input);
      const timer = setInterval(() => ctx.heartbeat(), Math.max(500, Math.floor(timeoutMs / heartbeatsPerTimeout)));
      try {
        return await next(input);
      } finally {
        clearInterval(timer);
      }
    },
  };
  return { inbound };
};
