import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * Writes a copy of the shipped temporal.yaml (under npm run test:cluster, of the cluster's configuration) with changes
 * applied, and returns its path.
 */
export function writeConfigVariant(change: (document: Record<string, Record<string, unknown>>) => void): string {
  const base = process.env.TASKMASTER_TEST_CONFIG ?? path.resolve(__dirname, '../../../temporal.yaml');
  const document = parse(readFileSync(base, 'utf8')) as Record<string, Record<string, unknown>>;
  change(document);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'taskmaster-config-')), 'temporal.yaml');
  writeFileSync(file, stringify(document));
  return file;
}
