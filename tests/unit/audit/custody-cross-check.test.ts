import { sealRecord } from '../../../src/audit/audit-chain';
import type { AuditRun } from '../../../src/audit/audit-verify';
import { genesisHash, type AuditEntry, type AuditRecord } from '../../../src/contracts/audit-log';
import { crossCheckCustody } from '../../../src/evidence/custody-cross-check';

const sha = 'ab'.repeat(32);
const deploymentLog = 'audit-log/q';
const itemLog = `${deploymentLog}/evidence/${sha}`;

const entry = (id: string, action: string, subject = 'ann'): AuditEntry => ({
  id,
  requestId: '',
  requestedAt: '2026-12-01T00:00:00.000Z',
  subject,
  roles: ['investigator'],
  action,
  route: 'GET /v1/evidence/:sha256',
  targets: [`evidence:${sha}`],
  outcome: 'accepted',
  status: 200,
});

/** A log of the entries, chained from genesis, as one run. */
function log(entries: AuditEntry[]): AuditRun[] {
  const records: AuditRecord[] = [];
  let head = { seq: 0, hash: genesisHash };
  for (const item of entries) {
    const record = sealRecord(head, item, '2026-12-01T00:00:01.000Z');
    records.push(record);
    head = { seq: record.seq, hash: record.hash };
  }
  return [{ label: 'run', startHead: { seq: 0, hash: genesisHash }, records, unreadable: [] }];
}

describe('custody cross-check', () => {
  const ingest = entry('e1', 'evidence.ingest', 'agent');
  const read = entry('e2', 'evidence.read');
  const other = { ...entry('x1', 'job.submit'), targets: ['job-1'] };

  it('passes when the item log and the deployment log hold the same entries', () => {
    expect(
      crossCheckCustody(
        new Map([
          [deploymentLog, log([ingest, other, read])],
          [itemLog, log([ingest, read])],
        ]),
      ),
    ).toEqual([]);
  });

  it('finds an entry removed from the item log, even when the item log was re-chained to verify on its own', () => {
    const problems = crossCheckCustody(
      new Map([
        [deploymentLog, log([ingest, other, read])],
        [itemLog, log([ingest])],
      ]),
    );
    expect(problems).toEqual([{ log: itemLog, reason: expect.stringContaining('(evidence.read by ann) is missing from the item') }]);
  });

  it('finds an entry rewritten in the item log, or one the deployment log lacks', () => {
    const rewritten = crossCheckCustody(
      new Map([
        [deploymentLog, log([ingest, read])],
        [itemLog, log([ingest, { ...read, subject: 'bob' }])],
      ]),
    );
    expect(rewritten[0]?.reason).toContain('differs from record 2');
    const added = crossCheckCustody(
      new Map([
        [deploymentLog, log([ingest])],
        [itemLog, log([ingest, read])],
      ]),
    );
    expect(added[0]?.reason).toContain('is not in the deployment');
  });
});
