/**
 * audit:verify's reading of an exported history (tests/histories/audit-log-continued.json, exported with
 * `temporal workflow show --output json`, recorded in clear): the records as the history holds them, the chain intact,
 * and an edit of one record in the file named by the check.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { auditRunsFromFiles } from '../../../src/audit/audit-sources';
import { describeVerdict, verifyAuditRuns } from '../../../src/audit/audit-verify';
import { genesisHash, type AuditRecord } from '../../../src/contracts/audit-log';

const exported = path.resolve(__dirname, '../../histories/audit-log-continued.json');
const converter = loadDataConverter({});
const scratch = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-audit-unit-'));

type JsonEvent = { workflowExecutionUpdateCompletedEventAttributes?: { outcome?: { success?: { payloads?: Array<{ data: string }> } } } };

/** Rewrites the exported file, changing the record of the given seq as someone editing the export would. */
function edited(name: string, seq: number, change: (record: AuditRecord) => AuditRecord | undefined): string {
  const history = JSON.parse(readFileSync(exported, 'utf8')) as { events: JsonEvent[] };
  history.events = history.events.filter((event) => {
    const payload = event.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads?.[0];
    if (!payload) return true;
    const record = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) as AuditRecord;
    if (record.seq !== seq) return true;
    const changed = change(record);
    if (changed === undefined) return false;
    payload.data = Buffer.from(JSON.stringify(changed)).toString('base64');
    return true;
  });
  const file = path.join(scratch, name);
  writeFileSync(file, JSON.stringify(history));
  return file;
}

describe('verifying an exported audit history', () => {
  it('reads the records and the start head, and finds the chain intact', async () => {
    const [run] = await auditRunsFromFiles([exported], converter);
    expect(run?.startHead).toEqual({ seq: 0, hash: genesisHash });
    expect(run?.records.map((record) => record.seq)).toEqual([1, 2, 3]);
    expect(run?.unreadable).toEqual([]);
    expect(verifyAuditRuns(run ? [run] : [])).toMatchObject({ ok: true, records: 3, head: { seq: 3 } });
  });

  it('names the record whose subject was edited in the file', async () => {
    const file = edited('changed.json', 2, (record) => ({ ...record, subject: 'someone-else' }));
    const line = describeVerdict('export', verifyAuditRuns(await auditRunsFromFiles([file], converter)));
    expect(line).toMatch(
      /^FAIL {2}export: .*changed\.json: record 2 was changed: its content does not match its hash \[job\.submit by someone-else/,
    );
  });

  it('names the record removed from the file', async () => {
    const file = edited('removed.json', 2, () => undefined);
    expect(verifyAuditRuns(await auditRunsFromFiles([file], converter))).toMatchObject({
      ok: false,
      seq: 2,
      reason: 'record 2 is missing (removed): the next one found is 3',
    });
  });
});
