/**
 * Group commit of the facade's audit entries: what arrives together travels together, a write waits only for the
 * call that carried its entry, and an entry the log could not take is refused to its request but kept and sent again.
 */
import { auditBatcher, AuditUnavailableError } from '../../../src/audit/audit-batcher';
import type { AuditEntry } from '../../../src/contracts/audit-log';

const entry = (id: string): AuditEntry => ({
  id,
  requestId: id,
  requestedAt: '2026-12-02T01:00:00.000Z',
  subject: 'ann@firm',
  roles: ['investigator'],
  action: 'job.submit',
  route: 'POST /v1/jobs',
  targets: [],
  outcome: 'accepted',
  status: 202,
});

/** A log that takes batches when `open`, answering after `gate` is released, and remembers each batch it took. */
function logStandIn() {
  const taken: string[][] = [];
  let open = true;
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  return {
    taken,
    close: () => void (open = false),
    reopen: () => void (open = true),
    hold: () => void (gate = new Promise((resolve) => (release = resolve))),
    release: () => release(),
    send: async (entries: AuditEntry[]): Promise<void> => {
      await gate;
      if (!open) throw new Error('log unreachable');
      taken.push(entries.map((one) => one.id));
    },
  };
}

describe('the audit batcher', () => {
  it('sends what arrives while a call is out in the next call, and settles each write with its call', async () => {
    const log = logStandIn();
    const batcher = auditBatcher(log.send, { maxInFlight: 1 });
    log.hold();
    const first = batcher.commit(entry('a'));
    const rest = ['b', 'c', 'd', 'e'].map((id) => batcher.commit(entry(id)));
    expect(batcher.backlog).toBe(5);
    log.release();
    await Promise.all([first, ...rest]);
    expect(log.taken).toEqual([['a'], ['b', 'c', 'd', 'e']]);
    expect(batcher.backlog).toBe(0);
  });

  it('refuses the writes of a batch the log could not take, then sends their entries again until it takes them', async () => {
    const log = logStandIn();
    const batcher = auditBatcher(log.send, { attempts: 2, backoffMs: 1, redeliverIntervalMs: 20 });
    log.close();
    await expect(batcher.commit(entry('lost-request'))).rejects.toBeInstanceOf(AuditUnavailableError);
    expect(batcher.backlog).toBe(1);
    log.reopen();
    await batcher.commit(entry('next'));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(log.taken.flat().sort()).toEqual(['lost-request', 'next']);
    expect(batcher.backlog).toBe(0);
  });

  it('keeps at most maxRedelivery entries, and says which one it gave up', async () => {
    const log = logStandIn();
    const givenUp: string[] = [];
    const batcher = auditBatcher(log.send, {
      attempts: 1,
      redeliverIntervalMs: 60_000,
      maxRedelivery: 2,
      onGivenUp: (dropped) => givenUp.push(dropped.id),
    });
    log.close();
    for (const id of ['1', '2', '3']) await expect(batcher.commit(entry(id))).rejects.toBeInstanceOf(AuditUnavailableError);
    expect(givenUp).toEqual(['1']);
    expect(batcher.backlog).toBe(2);
  });

  it('drains: settles once nothing is queued or in flight', async () => {
    const log = logStandIn();
    const batcher = auditBatcher(log.send);
    log.hold();
    const writes = ['x', 'y'].map((id) => batcher.commit(entry(id)));
    const drained = batcher.drain(5_000);
    log.release();
    await drained;
    await Promise.all(writes);
    expect(log.taken.flat()).toEqual(['x', 'y']);
  });
});
