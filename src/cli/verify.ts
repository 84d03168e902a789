/**
 * `npm run verify -- <workflowId | history.json | case.tar.gz> ... [--json]`: recomputes each step record from what
 * Temporal holds (a workflow id: its current run's history, the content store and the head in visibility), from an
 * exported history (`temporal workflow show --output json`, decoded with this deployment's keys and content store),
 * or from a case bundle (offline, as verify-bundle), and prints OK with the head or the first entry that fails.
 * Exits 0 when every record holds, 1 when one does not, 2 on an error (no server, no keys, no such file).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import type { temporal } from '@temporalio/proto';
import { loadConfig } from '../config/load-config';
import { dataConverterFor } from '../content-store/data-converter';
import { verifyBundle } from '../forensics/bundle-verify';
import { describeBundleReport } from './verify-bundle';
import { RecordHeadAttribute } from '../contracts/search-attributes';
import { recordFromHistory } from '../record/record-from-history';
import { describeRecordVerdict, verifyRecord, type RecordVerdict } from '../record/record-verify';
import { readHistoryFile } from '../replay/history-files';
import { createTemporalClient } from '../temporal/create-client';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length === 0) {
    console.error('usage: npm run verify -- <workflowId | history.json | case.tar.gz> ... [--json]');
    return 2;
  }
  const config = loadConfig();
  const verdicts: Array<{ name: string; verdict: RecordVerdict }> = [];
  const bundles = positionals.filter((argument) => existsSync(argument) && /\.(tar\.gz|tgz)$/.test(argument));
  let bundlesOk = true;
  for (const bundle of bundles) {
    const report = await verifyBundle(readFileSync(bundle));
    bundlesOk &&= report.ok;
    for (const line of describeBundleReport(bundle, report)) console.log(line);
  }
  const files = positionals.filter((argument) => existsSync(argument) && !bundles.includes(argument));
  const workflowIds = positionals.filter((argument) => !existsSync(argument));
  for (const file of files) {
    const { history } = readHistoryFile(file);
    const record = await recordFromHistory(history as temporal.api.history.v1.IHistory, loadDataConverter(dataConverterFor(config)));
    verdicts.push({ name: file, verdict: verifyRecord(record) });
  }
  if (workflowIds.length > 0) {
    const client = await createTemporalClient(config);
    try {
      for (const workflowId of workflowIds) {
        const handle = client.workflow.getHandle(workflowId);
        const description = await handle.describe();
        const history = await client.workflow.getHandle(workflowId, description.runId).fetchHistory();
        const record = await recordFromHistory(history, client.options.loadedDataConverter);
        verdicts.push({ name: workflowId, verdict: verifyRecord(record, description.typedSearchAttributes.get(RecordHeadAttribute)) });
      }
    } finally {
      await client.connection.close();
    }
  }
  if (values.json) console.log(JSON.stringify(verdicts, null, 2));
  else for (const { name, verdict } of verdicts) console.log(describeRecordVerdict(name, verdict));
  return bundlesOk && verdicts.every(({ verdict }) => verdict.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
