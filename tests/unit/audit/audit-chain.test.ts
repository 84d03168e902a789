import { canonicalJson, recordHash, sealRecord, verifyChain } from '../../../src/audit/audit-chain';
import { describeVerdict, verifyAuditRuns, type AuditRun } from '../../../src/audit/audit-verify';
import { genesisHash, type AuditChainHead, type AuditEntry, type AuditRecord } from '../../../src/contracts/audit-log';

const genesis: AuditChainHead = { seq: 0, hash: genesisHash };

const entry = (n: number, subject = 'alice'): AuditEntry => ({
  id: `id-${n}`,
  requestId: `req-${n}`,
  requestedAt: `2026-12-01T10:00:0${n % 10}.000Z`,
  subject,
  roles: ['investigator'],
  tenant: 'acme',
  action: 'job.submit',
  route: 'POST /v1/jobs',
  targets: [`job-${n}`],
  caseId: 'CASE-1',
  outcome: 'accepted',
  status: 202,
});

/** A chain of n records, appended one after the other as the audit log workflow does. */
function chain(n: number, start: AuditChainHead = genesis): AuditRecord[] {
  const records: AuditRecord[] = [];
  let head = start;
  for (let i = 1; i <= n; i++) {
    const record = sealRecord(head, entry(head.seq + 1), `2026-12-01T10:00:00.${String(i).padStart(3, '0')}Z`);
    records.push(record);
    head = { seq: record.seq, hash: record.hash };
  }
  return records;
}

describe('the audit hash chain', () => {
  it('numbers each appended record after the last and chains it to its hash', () => {
    const [first, second] = chain(2);
    expect(first).toMatchObject({ seq: 1, prevHash: genesisHash, subject: 'alice', targets: ['job-1'] });
    expect(first?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toMatchObject({ seq: 2, prevHash: first?.hash });
    expect(verifyChain(chain(5), genesis)).toEqual({ ok: true, count: 5, head: { seq: 5, hash: chain(5)[4]?.hash } });
  });

  it('hashes the canonical JSON: the order of keys does not matter, every value does', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
    const [record] = chain(1) as [AuditRecord];
    const reordered = Object.fromEntries(Object.entries(record).reverse()) as AuditRecord;
    expect(recordHash(reordered)).toBe(record.hash);
    expect(recordHash({ ...record, status: 403 })).not.toBe(record.hash);
  });

  it('names a changed record', () => {
    const records = chain(5);
    records[2] = { ...(records[2] as AuditRecord), subject: 'mallory' };
    expect(verifyChain(records, genesis)).toMatchObject({ ok: false, seq: 3, reason: expect.stringContaining('record 3 was changed') });
  });

  it('names a changed record whose hash was recomputed: the next one no longer chains to it', () => {
    const records = chain(5);
    const forged = { ...(records[2] as AuditRecord), outcome: 'refused' as const };
    records[2] = { ...forged, hash: recordHash(forged) };
    const verdict = verifyChain(records, genesis);
    expect(verdict).toMatchObject({ ok: false, seq: 3, reason: expect.stringContaining('record 3 was changed (and its hash recomputed)') });
  });

  it('names a removed record', () => {
    const records = chain(5);
    records.splice(1, 1);
    expect(verifyChain(records, genesis)).toMatchObject({ ok: false, seq: 2, reason: expect.stringContaining('record 2 is missing') });
  });

  it('names the first of two records that changed places', () => {
    const records = chain(5);
    [records[1], records[2]] = [records[2] as AuditRecord, records[1] as AuditRecord];
    expect(verifyChain(records, genesis)).toMatchObject({ ok: false, seq: 2, record: { seq: 3 } });
  });

  it('names a record renumbered to hide a removal', () => {
    const records = chain(4);
    records.splice(1, 1);
    records[1] = { ...(records[1] as AuditRecord), seq: 2 };
    expect(verifyChain(records, genesis)).toMatchObject({ ok: false, seq: 2 });
  });
});

describe('verifying an audit log across runs', () => {
  const run = (label: string, records: AuditRecord[], startHead: AuditChainHead): AuditRun => ({
    label,
    startHead,
    records,
    unreadable: [],
  });
  const headAfter = (records: AuditRecord[]): AuditChainHead => ({ seq: records.at(-1)?.seq ?? 0, hash: records.at(-1)?.hash ?? '' });

  it('follows the chain from one run into the next (continue-as-new carries the head)', () => {
    const first = chain(3);
    const second = chain(2, headAfter(first));
    const verdict = verifyAuditRuns([run('run 1', first, genesis), run('run 2', second, headAfter(first))]);
    expect(verdict).toEqual({ ok: true, records: 5, head: headAfter(second) });
    expect(describeVerdict('audit-log/q', verdict)).toMatch(/^OK {4}audit-log\/q: 5 records, head 5 [0-9a-f]{64}$/);
  });

  it('reports a run that does not start where the one before ended', () => {
    const first = chain(3);
    const second = chain(2, headAfter(first));
    const verdict = verifyAuditRuns([run('run 1', first.slice(0, 2), genesis), run('run 2', second, headAfter(first))]);
    expect(verdict).toMatchObject({ ok: false, run: 'run 2', seq: 3, reason: expect.stringContaining('records were removed') });
  });

  it('says when the oldest run held starts after record 1 (older runs past retention)', () => {
    const older = chain(3);
    const verdict = verifyAuditRuns([run('run 2', chain(2, headAfter(older)), headAfter(older))]);
    expect(verdict).toMatchObject({ ok: true, records: 2, startsAt: 4 });
  });

  it('reports an event whose payload cannot be read, and names the broken record with who did what', () => {
    const unreadable = verifyAuditRuns([{ ...run('f.json', chain(1), genesis), unreadable: [{ eventId: '7', reason: 'bad tag' }] }]);
    expect(unreadable).toMatchObject({ ok: false, reason: expect.stringContaining('event 7 cannot be read') });
    const records = chain(2);
    records[1] = { ...(records[1] as AuditRecord), targets: ['job-other'] };
    const line = describeVerdict('audit-log/q', verifyAuditRuns([run('f.json', records, genesis)]));
    expect(line).toMatch(/^FAIL {2}audit-log\/q: f\.json: record 2 was changed.*\[job\.submit by alice, request req-2, at /);
  });
});
