/**
 * The subscribers of `npm run bench:events`, in a process of their own so that their work is not counted as the
 * facade's: opens N WebSockets to GET /v1/events (one filter for all), records each job_status_update's delivery
 * latency (receipt time minus the time of its history event) and which jobs each subscriber saw COMPLETED, and
 * reports to the parent on request. Parent messages: { report: true }. Child messages: ready, report.
 */
import WebSocket from 'ws';
import type { LiveEvent } from '../../src/contracts/live-events';

const [wsUrl = '', token = '', countText = '1000', caseId = ''] = process.argv.slice(2);
const count = Number(countText);
const latencies: number[] = [];
const completedBy = new Map<string, number>();
let unexpectedCloses = 0;
const closeCodes = new Map<number, number>();
const sockets: WebSocket[] = [];

/**
 * Every subscriber receives the same text for a message: it is parsed once, for the first subscriber that gets
 * it, and looked up for the other 999. The receipt time is still each socket's own; only the load generator's
 * CPU is spared (it shares the machine with the facade it measures).
 */
interface Received {
  type: LiveEvent['type'];
  atMs: number;
  completedJobId: string | undefined;
}
const parsed = new Map<string, Received>();
function parse(text: string): Received {
  let received = parsed.get(text);
  if (received === undefined) {
    const event = JSON.parse(text) as LiveEvent;
    const completedJobId = event.type === 'job_status_update' && event.status === 'COMPLETED' ? event.jobId : undefined;
    received = { type: event.type, atMs: Date.parse(event.at), completedJobId };
    if (parsed.size >= 10_000) parsed.clear();
    parsed.set(text, received);
  }
  return received;
}

function open(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsUrl}/v1/events?caseId=${encodeURIComponent(caseId)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const seen = new Set<string>();
    socket.on('message', (data: WebSocket.RawData) => {
      const receivedAt = Date.now();
      const event = parse((data as Buffer).toString('utf8'));
      if (event.type !== 'job_status_update') return;
      latencies.push(receivedAt - event.atMs);
      const jobId = event.completedJobId;
      if (jobId !== undefined && !seen.has(jobId)) {
        seen.add(jobId);
        completedBy.set(jobId, (completedBy.get(jobId) ?? 0) + 1);
      }
    });
    socket.on('open', () => resolve());
    socket.on('error', reject);
    socket.on('close', (code: number) => {
      closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
      if (code !== 1000 && code !== 1005) unexpectedCloses++;
    });
    sockets.push(socket);
  });
}

async function main(): Promise<void> {
  for (let opened = 0; opened < count; opened += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - opened) }, open));
  }
  const cpuFrom = process.cpuUsage();
  const wallFrom = Date.now();
  process.send?.({ ready: true });
  process.on('message', (message: { report?: boolean; close?: boolean }) => {
    if (message.report) {
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
      process.send?.({
        report: {
          messages: latencies.length,
          p50Ms: at(0.5),
          p95Ms: at(0.95),
          p99Ms: at(0.99),
          maxMs: sorted[sorted.length - 1] ?? NaN,
          completedBy: Object.fromEntries(completedBy),
          unexpectedCloses,
          closeCodes: Object.fromEntries(closeCodes),
          cpuShare: ((cpu) => (cpu.user + cpu.system) / 1000 / (Date.now() - wallFrom))(process.cpuUsage(cpuFrom)),
        },
      });
    }
    if (message.close) {
      for (const socket of sockets) socket.close(1000);
      setTimeout(() => process.exit(0), 500);
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
