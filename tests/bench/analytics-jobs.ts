/**
 * The closed jobs bench:analytics measures over: the smallest real jobs (one tiny reconciliation, or a risk
 * assessment whose data its agent refuses, so that one in ten fails), started as the facade starts them, run by the
 * real workers to their end. Only the jobs missing from the window are made, so that a data dir kept between runs
 * (`--data-dir`) pays for them once.
 */
import type { Client } from '@temporalio/client';
import type { LoadedConfig } from '../../src/config/load-config';
import { jobWorkflowType } from '../../src/contracts/job-workflow';
import { jobStart } from '../../src/jobs/job-start';
import type { SubmitJobRequest } from '../../src/jobs/job-request';
import { newJobId } from '../../src/jobs/request-fingerprint';
import { deploymentWorkflows } from '../../src/temporal/visibility-query';
import { withConcurrency } from './bench-stack';

const tinyStatement = {
  statement: [{ id: 'S1', date: '2026-03-02', amount: 1250.5, reference: 'INV-1001' }],
  ledger: [{ id: 'L1', date: '2026-03-01', amount: 1250.5, reference: 'INV-1001' }],
};
const priorities = ['NORMAL', 'HIGH', 'LOW'] as const;
/** The job types of the mix. */
export const benchJobTypes = ['BANK_STATEMENT_PROCESSING', 'RISK_ASSESSMENT'] as const;

/** The i-th job of the mix: every tenth fails in its agent (an entity without an id), the rest complete. */
export function benchJob(index: number): SubmitJobRequest {
  if (index % 10 === 9) {
    return { type: 'RISK_ASSESSMENT', priority: 'NORMAL', caseId: 'BENCH-ANALYTICS', data: { entity: { name: 'no id' } } };
  }
  return { type: 'BANK_STATEMENT_PROCESSING', priority: priorities[index % 3], caseId: 'BENCH-ANALYTICS', data: tinyStatement };
}

/** Jobs of this deployment closed since `since`, from visibility. */
export async function closedJobsSince(config: LoadedConfig, client: Client, since: Date): Promise<number> {
  const query = deploymentWorkflows(config, jobWorkflowType).notEquals('ExecutionStatus', 'Running').atLeast('CloseTime', since);
  return (await client.workflow.count(query.toString())).count;
}

/** Starts `count` jobs of the mix, at most `inFlight` open at once, and waits for each to close; prints progress. */
export async function makeClosedJobs(config: LoadedConfig, client: Client, count: number, inFlight: number): Promise<void> {
  const started = Date.now();
  let closed = 0;
  await withConcurrency(count, inFlight, async (index) => {
    const { options } = jobStart(config, benchJob(index), newJobId(), new Date());
    const handle = await client.workflow.start(jobWorkflowType, { ...options, requestEagerStart: true });
    await handle.result().catch(() => undefined);
    closed += 1;
    if (closed % 500 === 0 || closed === count) {
      const seconds = (Date.now() - started) / 1000;
      console.log(`  made ${closed}/${count} closed jobs in ${seconds.toFixed(0)} s (${(closed / seconds).toFixed(1)} jobs/s)`);
    }
  });
}
