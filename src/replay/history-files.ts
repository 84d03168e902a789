import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { HistoryAndWorkflowId } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';

/**
 * Reads a history exported by `temporal workflow show --output json` (or by the project's recorder). The file's
 * name, without `.json`, stands for the workflow id.
 */
export function readHistoryFile(file: string): HistoryAndWorkflowId {
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return { workflowId: path.basename(file).replace(/\.json$/, ''), history: historyFromJSON(json) };
}

export function readHistoryDir(dir: string): HistoryAndWorkflowId[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => readHistoryFile(path.join(dir, file)));
}
