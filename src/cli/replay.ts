/**
 * `npm run replay -- <workflowId | history.json | folder> ... [--query "<visibility query>"]`, or
 * `npm run replay -- --what-if <investigation workflowId>` (see what-if.ts): replays recorded
 * histories against the current workflow code and prints OK, or the nondeterminism and the event where the
 * replay diverged. Exits 1 when any replay fails. Histories come from the server (workflow ids, --query), or from
 * files exported by `temporal workflow show --output json`.
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { HistoryAndWorkflowId } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig, type LoadedConfig } from '../config/load-config';
import { KeyRingError, loadKeyRing } from '../crypto/key-ring';
import { dataConverterFor } from '../content-store/data-converter';
import { orchestrationTaskQueue } from '../config/task-queues';
import { readHistoryDir, readHistoryFile } from '../replay/history-files';
import { whatIf } from '../investigations/service/what-if';
import { replayHistories } from '../replay/replay-histories';
import { createTemporalClient } from '../temporal/create-client';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { query: { type: 'string' }, 'what-if': { type: 'string' } },
    allowPositionals: true,
  });
  if (values['what-if']) return runWhatIf(values['what-if']);
  if (positionals.length === 0 && !values.query) {
    console.error('usage: npm run replay -- <workflowId | history.json | folder> ... [--query "<visibility query>"]');
    return 2;
  }
  const config = loadConfig();
  // The replay worker's own lifecycle logs would drown the verdicts.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const histories: HistoryAndWorkflowId[] = [];
  const fromServer: string[] = [];
  for (const argument of positionals) {
    if (existsSync(argument) && statSync(argument).isDirectory()) histories.push(...readHistoryDir(argument));
    else if (existsSync(argument)) histories.push(readHistoryFile(argument));
    else fromServer.push(argument);
  }
  if (fromServer.length > 0 || values.query) {
    const client = await createTemporalClient(config);
    try {
      for (const workflowId of fromServer)
        histories.push({ workflowId, history: await client.workflow.getHandle(workflowId).fetchHistory() });
      if (values.query) for await (const history of client.workflow.list({ query: values.query }).intoHistories()) histories.push(history);
    } finally {
      await client.connection.close();
    }
  }
  const outcomes = await replayHistories(histories, { dataConverter: replayDataConverter(config) });
  for (const outcome of outcomes)
    console.log(outcome.ok ? `OK    ${outcome.workflowId}` : `FAIL  ${outcome.workflowId}\n      ${outcome.error ?? ''}`);
  const failed = outcomes.filter((outcome) => !outcome.ok).length;
  console.log(`${outcomes.length - failed} replayed OK, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

/**
 * The deployment's data converter; without keys (a checkout replaying the recorded, unencrypted histories), one that
 * does not encrypt, with a note: histories recorded with encryption then fail, naming the missing key.
 */
function replayDataConverter(config: LoadedConfig): DataConverter {
  if (!config.encryption.enabled) return dataConverterFor(config);
  try {
    loadKeyRing(config);
    return dataConverterFor(config);
  } catch (error) {
    if (!(error instanceof KeyRingError)) throw error;
    console.error(`note: no encryption keys (${error.file}); replaying without decryption, so encrypted histories will fail`);
    return dataConverterFor({ ...config, encryption: { ...config.encryption, enabled: false } });
  }
}

/** `--what-if <workflowId>`: reruns a finished investigation on today's code and prints how its findings changed. */
async function runWhatIf(workflowId: string): Promise<number> {
  const config = loadConfig();
  const client = await createTemporalClient(config);
  try {
    const report = await whatIf(client, workflowId, orchestrationTaskQueue(config));
    console.log(`what-if rerun ${report.whatIf} of ${report.original}`);
    for (const step of report.steps) {
      const states = step.before === step.after ? step.before : `${step.before ?? '-'} -> ${step.after ?? '-'}`;
      console.log(`${step.same ? 'SAME   ' : 'CHANGED'} ${step.step} (${states ?? 'not run'})`);
      for (const line of step.differences) console.log(`        ${line}`);
      if (!step.same) console.log(`        agent code: ${step.beforeVersion ?? '-'} -> ${step.afterVersion ?? '-'}`);
    }
    return 0;
  } finally {
    await client.connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
