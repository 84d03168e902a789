/**
 * The product description's "Basic Usage": submit a job, then read the system status.
 *
 *   TASKMASTER_TOKEN=$(npm run -s token -- --role investigator) node --import tsx examples/basic-usage.ts
 *
 * TASKMASTER_URL names the API (default http://127.0.0.1:3000).
 */
import { TaskmasterClient } from '../src/client';

async function main(): Promise<void> {
  const taskmaster = new TaskmasterClient();

  const job = await taskmaster.submitJob({
    name: 'Sample Investigation',
    type: 'FRAUD_DETECTION',
    priority: 'HIGH',
    caseId: 'case_001',
    data: {
      transactions: [
        { id: 'T1', date: '2026-01-05', amount: -9900, counterparty: 'Offshore Holdings Ltd', reference: 'INV-1' },
        { id: 'T2', date: '2026-01-06', amount: -9900, counterparty: 'Offshore Holdings Ltd', reference: 'INV-1' },
        { id: 'T3', date: '2026-01-07', amount: 1250.5, counterparty: 'Harbour Estate Management', reference: 'RENT-01' },
      ],
    },
  });
  console.log(`Job submitted: ${job.jobId} (${job.status})`);

  const status = await taskmaster.systemStatus();
  console.log(`System status: ${status.status}, ${status.activeJobs} active jobs, ${status.activeAgents} agents up`);
  console.log(JSON.stringify(status.metrics));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
