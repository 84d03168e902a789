import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { Runtime } from '@temporalio/worker';
import { workerResourceMetrics } from '../contracts/job-metrics';

/**
 * Sets this worker process's resource gauges every `intervalMs` through the SDK runtime's meter, so that they are
 * served by the same Prometheus endpoint as the SDK's slot gauges: CPU (share of one core over the interval),
 * resident memory, V8 heap used, and the event loop's busy share. `queues` names what the process serves. Stops
 * with the returned function; the timer does not hold the process open.
 */
export function startWorkerResourceGauges(queues: string, intervalMs = 5_000): () => void {
  const meter = Runtime.instance().metricMeter.withTags({ queues });
  const cpu = meter.createGauge(workerResourceMetrics.cpu, 'float', '1', 'CPU time of the worker process over the last interval, in cores');
  const memory = meter.createGauge(workerResourceMetrics.memory, 'int', 'By', 'Resident memory of the worker process');
  const heap = meter.createGauge(workerResourceMetrics.heap, 'int', 'By', 'V8 heap used by the worker process');
  const eventLoop = meter.createGauge(workerResourceMetrics.eventLoop, 'float', '1', 'Busy share of the event loop over the last interval');
  let previousCpu = process.cpuUsage();
  let previousAt = performance.now();
  let previousLoop: EventLoopUtilization = performance.eventLoopUtilization();
  const sample = (): void => {
    const now = performance.now();
    const usage = process.cpuUsage(previousCpu);
    const loop = performance.eventLoopUtilization();
    const elapsedMs = Math.max(1, now - previousAt);
    cpu.set((usage.user + usage.system) / 1000 / elapsedMs);
    eventLoop.set(performance.eventLoopUtilization(loop, previousLoop).utilization);
    const { rss, heapUsed } = process.memoryUsage();
    memory.set(rss);
    heap.set(heapUsed);
    previousCpu = process.cpuUsage();
    previousAt = now;
    previousLoop = loop;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
