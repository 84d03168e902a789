import type { UnsealedStepRecordEntry } from '../../../src/contracts/step-record';
import { canonicalJson, canonicalSha256 } from '../../../src/record/canonical-hash';
import { identityWithVersion, versionOfIdentity } from '../../../src/record/code-version';
import { chainEntries, entryHash, headOfChain } from '../../../src/record/record-chain';
import type { HistoryRecord } from '../../../src/record/record-from-history';
import { verifyRecord } from '../../../src/record/record-verify';

const entry = (seq: number, step: string, output: unknown): UnsealedStepRecordEntry => ({
  seq,
  step,
  role: seq === 0 ? 'submission' : 'primary',
  agent: 'fraud',
  action: 'detectFraud',
  attempt: 1,
  outcome: seq === 0 ? 'SUBMITTED' : 'COMPLETED',
  inputSha256: canonicalSha256({ step }),
  outputSha256: canonicalSha256(output),
  agentVersion: 'taskmaster@0.1.0+sha256:00',
  eventId: String(seq * 5 + 1),
});

const recomputed = [entry(0, 'submission', null), entry(1, 'screen', { findings: [1] }), entry(2, 'report', { ok: true })];
const sealedRecord = (): HistoryRecord => {
  const chain = chainEntries(recomputed);
  return { workflowType: 'jobWorkflow', entries: recomputed, sealed: { head: headOfChain(chain), entries: chain.length, chain } };
};

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys, drops whitespace and writes numbers as ECMAScript does', () => {
    expect(canonicalJson({ b: [1.0, 1e21, 0.1], a: 'é' })).toBe('{"a":"é","b":[1,1e+21,0.1]}');
    expect(canonicalSha256({ x: 1, y: 2 })).toBe(canonicalSha256({ y: 2, x: 1 }));
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('the step record chain', () => {
  it('holds when the sealed chain and the history agree', () => {
    const record = sealedRecord();
    expect(verifyRecord(record, record.sealed?.head)).toEqual({ ok: true, sealed: true, head: record.sealed?.head, entries: 3 });
  });

  it('names the step whose output in the history differs from the record', () => {
    const record = sealedRecord();
    record.entries = recomputed.map((e) => (e.seq === 1 ? { ...e, outputSha256: canonicalSha256({ findings: [2] }) } : e));
    expect(verifyRecord(record)).toMatchObject({ ok: false, seq: 1, step: 'screen', eventId: '6' });
  });

  it('names an entry changed in the record, and one changed with its hash recomputed', () => {
    const changed = sealedRecord();
    changed.sealed!.chain[2] = { ...changed.sealed!.chain[2]!, attempt: 2 };
    expect(verifyRecord(changed)).toMatchObject({ ok: false, seq: 2, reason: expect.stringContaining('was changed') });

    const rehashed = sealedRecord();
    const edited = { ...rehashed.sealed!.chain[1]!, agentVersion: 'forged' };
    rehashed.sealed!.chain[1] = { ...edited, hash: entryHash(edited) };
    expect(verifyRecord(rehashed)).toMatchObject({ ok: false, seq: 1, reason: expect.stringContaining('agentVersion') });
  });

  it('names a step the history has but the record lost, a head that differs in visibility, and an unreadable output', () => {
    const short = sealedRecord();
    const chain = short.sealed!.chain.slice(0, 2);
    short.sealed = { head: headOfChain(chain), entries: 2, chain };
    expect(verifyRecord(short)).toMatchObject({
      ok: false,
      seq: 2,
      step: 'report',
      reason: expect.stringContaining('not in the sealed record'),
    });
    expect(verifyRecord(sealedRecord(), 'f'.repeat(64))).toMatchObject({ ok: false, reason: expect.stringContaining('visibility') });
    const unreadable = sealedRecord();
    unreadable.entries = recomputed.map((e) => (e.seq === 2 ? { ...e, problem: 'its output (event 11) cannot be read: corrupt' } : e));
    expect(verifyRecord(unreadable)).toMatchObject({
      ok: false,
      seq: 2,
      step: 'report',
      reason: 'step report: its output (event 11) cannot be read: corrupt',
    });
  });

  it('recomputes the chain of a run that sealed none', () => {
    const verdict = verifyRecord({ workflowType: 'jobWorkflow', entries: recomputed });
    expect(verdict).toEqual({ ok: true, sealed: false, head: headOfChain(chainEntries(recomputed)), entries: 3 });
  });
});

describe('code versions in worker identities', () => {
  it('reads back the version a worker put in its identity, and none from an identity without one', () => {
    expect(versionOfIdentity(identityWithVersion('host/1/queue', 'taskmaster@0.1.0+sha256:ab'))).toBe('taskmaster@0.1.0+sha256:ab');
    expect(versionOfIdentity('1234@host')).toBeUndefined();
  });
});
