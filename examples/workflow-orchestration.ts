/**
 * The product description's "Workflow Creation": a multi-step investigation written as data (evidence collection,
 * then pattern analysis, then risk assessment, each on its agent with its timeout), started and followed live to its
 * outputs.
 *
 *   TASKMASTER_TOKEN=$(npm run -s token -- --role investigator) node --import tsx examples/workflow-orchestration.ts
 */
import { TaskmasterClient } from '../src/client';

const definition = {
  name: 'fraud-investigation-workflow',
  version: 1,
  steps: [
    { name: 'evidence_collection', agent: 'evidence', action: 'processEvidence', input: { items: '${input.evidence}' }, timeout: '10m' },
    {
      name: 'pattern_analysis',
      agent: 'fraud',
      action: 'detectFraud',
      dependsOn: ['evidence_collection'],
      input: { transactions: '${input.transactions}' },
      timeout: '30m',
    },
    {
      name: 'risk_assessment',
      agent: 'risk',
      action: 'assessRisk',
      dependsOn: ['pattern_analysis'],
      input: { entity: '${input.entity}', findings: '${steps.pattern_analysis.output.findings}', factors: {} },
      timeout: '20m',
    },
  ],
};

const input = {
  entity: { id: 'ENT-0042', name: 'Northbridge Trading Co', jurisdiction: 'VG' },
  evidence: [{ id: 'EV-1', name: 'ledger-export.csv', text: 'id,amount\nT1,-9900\nT2,-9900\n' }],
  transactions: [
    { id: 'T1', date: '2026-01-05', amount: -9900, counterparty: 'Offshore Holdings Ltd', reference: 'INV-1' },
    { id: 'T2', date: '2026-01-06', amount: -9900, counterparty: 'Offshore Holdings Ltd', reference: 'INV-1' },
  ],
};

async function main(): Promise<void> {
  const taskmaster = new TaskmasterClient();
  const started = await taskmaster.startInvestigation({ definition, input, caseId: 'case_002', priority: 'HIGH' });
  console.log(`Investigation started: ${started.investigationId}`);

  for await (const update of taskmaster.watch({ investigationId: started.investigationId })) {
    const steps = (update.steps ?? []).map((step) => `${step.name}=${step.state}`).join(' ');
    console.log(`${update.status} ${Math.round(update.progress * 100)}% ${steps}`);
  }

  const done = await taskmaster.getInvestigation(started.investigationId);
  console.log(`Investigation ${done.status}`);
  if (done.error) throw new Error(done.error.message);
  console.log(JSON.stringify(done.outputs?.risk_assessment, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
