/**
 * `npm run audit:verify [-- --workflow-id <id>] [--file history.json ...] [--json]`: recomputes the hash chain of
 * the audit log from what Temporal's histories hold (every audit log of the namespace, or the one named), or from
 * exported histories (`temporal workflow show --output json`, oldest run first), and prints OK with the chain's head,
 * or the first record that was changed or removed; then checks each evidence item's custody log against the
 * deployment's log (src/evidence/custody-cross-check.ts). Exits 0 when every chain is intact, 1 when one is broken, 2 on
 * an error (no server, no keys).
 */
import { parseArgs } from 'node:util';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { auditRunsFromFiles, auditRunsFromServer } from '../audit/audit-sources';
import { describeVerdict, verifyAuditRuns, type AuditVerdict } from '../audit/audit-verify';
import { loadConfig } from '../config/load-config';
import { dataConverterFor } from '../content-store/data-converter';
import { crossCheckCustody } from '../evidence/custody-cross-check';
import { createTemporalClient } from '../temporal/create-client';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { 'workflow-id': { type: 'string' }, file: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  });
  const config = loadConfig();
  const verdicts: Array<{ name: string; verdict: AuditVerdict }> = [];
  if (values.file?.length) {
    const runs = await auditRunsFromFiles(values.file, loadDataConverter(dataConverterFor(config)));
    verdicts.push({ name: values.file.join(', '), verdict: verifyAuditRuns(runs) });
  } else {
    const client = await createTemporalClient(config);
    try {
      const logs = await auditRunsFromServer(client, values['workflow-id']);
      for (const [workflowId, runs] of logs) verdicts.push({ name: workflowId, verdict: verifyAuditRuns(runs) });
      // Each evidence item's custody log against the deployment's log that anchors the same entries.
      for (const { log, reason } of crossCheckCustody(logs))
        verdicts.push({ name: log, verdict: { ok: false, run: 'custody cross-check', reason } });
    } finally {
      await client.connection.close();
    }
  }
  if (values.json) console.log(JSON.stringify(verdicts, null, 2));
  else if (verdicts.length === 0) console.log('no audit log found');
  else for (const { name, verdict } of verdicts) console.log(describeVerdict(name, verdict));
  return verdicts.every(({ verdict }) => verdict.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
