/**
 * Watch a case live: every job and investigation of one case as it moves, from GET /v1/events (a WebSocket), until
 * each one followed has closed, or Ctrl-C.
 *
 *   TASKMASTER_TOKEN=$(npm run -s token -- --role viewer) node --import tsx examples/watch-case.ts CASE-2026-001
 */
import { TaskmasterClient } from '../src/client';
import { terminalStatuses } from '../src/contracts/live-events';

async function main(): Promise<void> {
  const caseId = process.argv[2];
  if (caseId === undefined) throw new Error('usage: watch-case.ts <caseId>');
  const taskmaster = new TaskmasterClient();
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  const open = new Set<string>();

  console.log(`Watching case ${caseId}`);
  for await (const event of taskmaster.events({ caseId }, abort.signal)) {
    if (event.type === 'job_status_update') {
      const id = event.jobId ?? event.investigationId ?? event.workflowId;
      const eta = event.estimatedCompletion ? `, done by ${event.estimatedCompletion}` : '';
      console.log(`${id}: ${event.status} ${event.stage ?? ''} ${Math.round(event.progress * 100)}%${eta}`);
      if (terminalStatuses.includes(event.status)) open.delete(id);
      else open.add(id);
      if (open.size === 0) break;
    } else if (event.type === 'sla_update') {
      console.log(`${event.jobId ?? event.investigationId ?? event.workflowId}: SLA ${event.slaStatus}`);
    }
  }
  console.log('Every job followed has closed');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
