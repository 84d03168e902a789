/**
 * Evidence under chain of custody, against a real Temporal server: EVIDENCE_PROCESSING keeps each item's bytes in
 * the vault under its SHA-256, encrypted; reads are for the item's tenant, check the hash, and are custody entries
 * in the audit log; an item altered in the vault is refused (409) and its custody log says so.
 */
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { packTarGz, unpackTarGz } from '../../src/forensics/tar-gz';
import type { FileObjectStore } from '../../src/content-store/file-object-store';
import { EvidenceVault, vaultName } from '../../src/evidence/evidence-vault';
import { startAlertReceiver, type AlertReceiver } from './harness/alert-receiver';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const root = path.resolve(__dirname, '../..');
const run = promisify(execFile);

describe('evidence under chain of custody', () => {
  let stack: TestStack;
  let receiver: AlertReceiver;
  const tenant = `acme-${randomUUID().slice(0, 6)}`;
  const auth: Record<string, string> = {};
  const evidence: { jobId?: string; sha256?: string } = {};

  beforeAll(async () => {
    receiver = await startAlertReceiver();
    stack = await startTestStack({ env: { TASKMASTER_ALERT_WEBHOOK_URL: receiver.url } });
    await stack.startWorkers();
    auth.ann = `Bearer ${await stack.token({ role: 'investigator', tenant, sub: 'ann@acme' })}`;
    auth.vic = `Bearer ${await stack.token({ role: 'viewer', tenant, sub: 'vic@acme' })}`;
    auth.bob = `Bearer ${await stack.token({ role: 'investigator', tenant: `other-${tenant}`, sub: 'bob@other' })}`;
  });
  afterAll(async () => {
    await stack.stop();
    await receiver.close();
  });

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

    // Encrypted at rest: the vault file (the tenant's copy) does not hold the bytes in clear.
    const vault = new EvidenceVault(stack.config);
    const fileOf = (sha: string): string => (vault.objects as FileObjectStore).fileOf(vaultName(sha, tenant));
    const stored = readFileSync(fileOf(sha256));
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
    writeFileSync(fileOf(sha256), flipped);
    const refused = await stack.http().get(`/v1/evidence/${sha256}`).set('Authorization', auth.ann!).expect(409);
    expect(refused.body.error.code).toBe('EVIDENCE_INTEGRITY_FAILED');
    const otherSha = await vault.put(Buffer.from('not the evidence that was collected'), tenant);
    writeFileSync(fileOf(sha256), readFileSync(fileOf(otherSha)));
    const swapped = await stack.http().get(`/v1/evidence/${sha256}`).set('Authorization', auth.ann!).expect(409);
    expect(swapped.body.error.message).toContain(`its bytes hash to ${otherSha}`);
    writeFileSync(fileOf(sha256), stored);

    // Each refusal raised an operational alert, delivered to the webhook by its own workflow.
    const alerts = await eventually(() => {
      const found = receiver.alerts.filter((alert) => alert.body.event === 'EVIDENCE_INTEGRITY_FAILED' && alert.body.subject === sha256);
      return Promise.resolve(found.length >= 2 ? found : undefined);
    }, 30_000);
    expect(alerts[0]!.body).toMatchObject({ state: 'FIRING', details: { sha256, detectedBy: 'ann@acme' } });
    expect(alerts[0]!.idempotencyKey).toBe(alerts[0]!.body.alertId);

    // The custody log is the item's own hash-chained log, checked on every read.
    const custody = await stack.http().get(`/v1/evidence/${sha256}/custody`).set('Authorization', auth.ann!).expect(200);
    expect(custody.body.chain).toMatchObject({ holds: true, head: { seq: 4 } });
    expect(custody.body.log).toMatch(new RegExp(`^audit-log/.+/evidence/${sha256}$`));
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
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
    // The same entries anchor in the deployment's audit log, by the same ids.
    const deployment = await stack.http().get('/v1/audit?caseId=CASE-2026-001&pageSize=100').expect(200);
    const deploymentIds = (deployment.body.entries as Array<{ id: string }>).map((entry) => entry.id);
    for (const entry of entries) expect(deploymentIds).toContain(entry.id);
    evidence.jobId = jobId;
    evidence.sha256 = sha256;
  });

  it('exports the case as a signed bundle that verifies offline, and names the file of any changed byte', async () => {
    const { jobId, sha256 } = evidence as { jobId: string; sha256: string };
    await stack.http().get('/v1/cases/CASE-2026-001/export').set('Authorization', auth.vic!).expect(403);
    await stack.http().get('/v1/cases/CASE-2026-001/export').set('Authorization', auth.bob!).expect(404);
    const exported = await stack.http().get('/v1/cases/CASE-2026-001/export').set('Authorization', auth.ann!).buffer(true).expect(200);
    expect(exported.headers['content-type']).toBe('application/gzip');
    const archive = exported.body as Buffer;
    const keyAnswer = await stack.http().get('/v1/forensics/bundle-key').set('Authorization', auth.vic!).expect(200);
    const key = keyAnswer.body as { publicKeyPem: string; fingerprint: string };
    expect(exported.headers['x-bundle-signing-key']).toBe(key.fingerprint);
    expect(readFileSync(path.join(stack.config.dataDirPath, 'bundle-signing-key.pub.pem'), 'utf8')).toBe(key.publicKeyPem);

    const files = await unpackTarGz(archive);
    const names = files.map((file) => file.path);
    expect(names).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'manifest.sig',
        `workflows/job-${jobId}/input.json`,
        `workflows/job-${jobId}/findings.json`,
        `workflows/job-${jobId}/record.json`,
        `workflows/job-${jobId}/history.json`,
        `evidence/${sha256}.bin`,
        `evidence/${sha256}.custody.json`,
        'audit.json',
      ]),
    );
    // The export is itself in the item's custody log, and in the case's audit entries.
    const custody = JSON.parse(files.find((file) => file.path === `evidence/${sha256}.custody.json`)!.bytes.toString('utf8')) as Array<
      Record<string, any>
    >;
    expect(custody.map((entry) => [entry.action, entry.subject])).toContainEqual(['evidence.export', 'ann@acme']);
    const audit = JSON.parse(files.find((file) => file.path === 'audit.json')!.bytes.toString('utf8')) as Array<Record<string, any>>;
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['job.submit', 'evidence.ingest', 'evidence.read', 'case.export']),
    );
    const live = await stack.http().get(`/v1/evidence/${sha256}/custody`).set('Authorization', auth.ann!).expect(200);
    expect((live.body.entries as Array<{ action: string }>).map((entry) => entry.action)).toContain('evidence.export');

    // Offline, as the outside expert runs it: no server, no keys but the deployment's public key.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-bundle-'));
    const bundle = path.join(dir, 'case.tar.gz');
    writeFileSync(bundle, archive);
    const keyFile = path.join(dir, 'key.pem');
    writeFileSync(keyFile, key.publicKeyPem);
    const verifyBundle = (file: string) =>
      run('node', ['--import', 'tsx', 'src/cli/verify-bundle.ts', file, '--public-key', keyFile], {
        cwd: root,
        env: { PATH: process.env.PATH },
      }).then(
        (done) => ({ code: 0, stdout: done.stdout }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout + error.stderr }),
      );
    const intact = await verifyBundle(bundle);
    expect(intact.stdout).toContain(`OK    ${bundle}: case CASE-2026-001`);
    expect(intact.stdout).toContain(`OK    job-${jobId}: 2 entries, head`);
    expect(intact.code).toBe(0);

    const tamperedWith = async (target: string, name: string): Promise<{ code: number; stdout: string }> => {
      const changed = files.map((file) => {
        if (file.path !== target) return file;
        const bytes = Buffer.from(file.bytes);
        const at = bytes.indexOf('"') + 1;
        bytes[at] = (bytes[at] ?? 0) ^ 0x01;
        return { path: file.path, bytes };
      });
      const out = path.join(dir, name);
      writeFileSync(out, await packTarGz(changed, new Date()));
      return verifyBundle(out);
    };
    const manifest = await tamperedWith('manifest.json', 'manifest.tar.gz');
    expect(manifest.code).toBe(1);
    expect(manifest.stdout).toContain('manifest.json: its signature does not verify');
    const findings = await tamperedWith(`workflows/job-${jobId}/findings.json`, 'findings.tar.gz');
    expect(findings.code).toBe(1);
    expect(findings.stdout).toContain(`workflows/job-${jobId}/findings.json: its SHA-256 is`);
    const item = await tamperedWith(`evidence/${sha256}.bin`, 'evidence.tar.gz');
    expect(item.code).toBe(1);
    expect(item.stdout).toContain(`evidence/${sha256}.bin: its SHA-256 is`);
    expect(item.stdout).toContain(`evidence/${sha256}.bin: the item hashes to`);
  });
});
