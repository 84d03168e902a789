/**
 * Evidence under chain of custody, against a real Temporal server: EVIDENCE_PROCESSING keeps each item's bytes in
 * the vault under its SHA-256, encrypted; reads are for the item's tenant, check the hash, and are custody entries
 * in the audit log; an item altered in the vault is refused (409) and its custody log says so.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EvidenceVault } from '../../src/evidence/evidence-vault';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const root = path.resolve(__dirname, '../..');

describe('evidence under chain of custody', () => {
  let stack: TestStack;
  const tenant = `acme-${randomUUID().slice(0, 6)}`;
  const auth: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers();
    auth.ann = `Bearer ${await stack.token({ role: 'investigator', tenant, sub: 'ann@acme' })}`;
    auth.vic = `Bearer ${await stack.token({ role: 'viewer', tenant, sub: 'vic@acme' })}`;
    auth.bob = `Bearer ${await stack.token({ role: 'investigator', tenant: `other-${tenant}`, sub: 'bob@other' })}`;
  });
  afterAll(() => stack.stop());

  it('keeps, serves and guards evidence, and logs its custody with the principals', async () => {
    const body = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/jobs/EVIDENCE_PROCESSING.json'), 'utf8')) as {
      data: { items: Array<{ id: string; text?: string; contentBase64?: string }> };
    };
    const submitted = await stack.http().post('/v1/jobs').set('Authorization', auth.ann!).send(body).expect(202);
    const jobId = submitted.body.jobId as string;
    const job = await eventually(async () => {
      const response = await stack.http().get(`/v1/jobs/${jobId}`).set('Authorization', auth.ann!).expect(200);
      return response.body.status === 'RUNNING' ? undefined : (response.body as Record<string, any>);
    }, 60_000);
    expect(job.status).toBe('COMPLETED');
    const first = body.data.items[0]!;
    const original = first.text !== undefined ? Buffer.from(first.text, 'utf8') : Buffer.from(first.contentBase64 ?? '', 'base64');
    const sha256 = (job.result.items as Array<{ id: string; sha256: string }>).find((item) => item.id === first.id)!.sha256;

    // Encrypted at rest: the vault file does not hold the bytes in clear.
    const vault = new EvidenceVault(stack.config);
    const stored = readFileSync(vault.fileOf(sha256));
    expect(stored.includes(original)).toBe(false);

    const read = await stack.http().get(`/v1/evidence/${sha256}`).set('Authorization', auth.ann!).buffer(true).expect(200);
    expect(Buffer.compare(read.body as Buffer, original)).toBe(0);
    expect(read.headers['x-evidence-sha256']).toBe(sha256);

    // The tenant wall and the role: another tenant's investigator sees nothing, a viewer may not read the bytes.
    await stack.http().get(`/v1/evidence/${sha256}`).set('Authorization', auth.bob!).expect(404);
    await stack.http().get(`/v1/evidence/${sha256}/custody`).set('Authorization', auth.bob!).expect(404);
    await stack.http().get(`/v1/evidence/${sha256}`).set('Authorization', auth.vic!).expect(403);
    await stack
      .http()
      .get(`/v1/evidence/${'0'.repeat(64)}`)
      .set('Authorization', auth.ann!)
      .expect(404);
    await stack.http().get('/v1/evidence/not-a-hash').set('Authorization', auth.ann!).expect(404);

    // Someone alters the item in the vault: a flipped byte (it no longer decrypts), then another item's valid
    // ciphertext put in its place (it decrypts, to bytes of another hash). Both are refused, never served.
    const flipped = Buffer.from(stored);
    flipped[flipped.length - 5] = (flipped[flipped.length - 5] ?? 0) ^ 0x01;
    writeFileSync(vault.fileOf(sha256), flipped);
    const refused = await stack.http().get(`/v1/evidence/${sha256}`).set('Authorization', auth.ann!).expect(409);
    expect(refused.body.error.code).toBe('EVIDENCE_INTEGRITY_FAILED');
    const otherSha = await vault.put(Buffer.from('not the evidence that was collected'), tenant);
    writeFileSync(vault.fileOf(sha256), readFileSync(vault.fileOf(otherSha)));
    const swapped = await stack.http().get(`/v1/evidence/${sha256}`).set('Authorization', auth.ann!).expect(409);
    expect(swapped.body.error.message).toContain(`its bytes hash to ${otherSha}`);
    writeFileSync(vault.fileOf(sha256), stored);

    const custody = await stack.http().get(`/v1/evidence/${sha256}/custody`).set('Authorization', auth.ann!).expect(200);
    const entries = custody.body.entries as Array<Record<string, any>>;
    expect(entries.map((entry) => [entry.action, entry.subject, entry.outcome])).toEqual([
      ['evidence.ingest', 'ann@acme', 'accepted'],
      ['evidence.read', 'ann@acme', 'accepted'],
      ['evidence.integrity-failed', 'ann@acme', 'failed'],
      ['evidence.integrity-failed', 'ann@acme', 'failed'],
    ]);
    expect(entries[0]).toMatchObject({ tenant, caseId: 'CASE-2026-001', roles: ['agent:evidence'] });
    expect(entries[0]!.targets).toEqual([`evidence:${sha256}`, `job-${jobId}`]);
    expect(entries[1]!.roles).toEqual(['investigator']);
  });
});
