/**
 * The evidence vault and the tenant data keys on the PostgreSQL content store, against a real Temporal server and a
 * throwaway PostgreSQL 15 (its own data dir, run as the postgres user): an item ingested by the workers of one "host"
 * is read, decrypted and hash-checked by a facade with another data dir (another host: no shared folder, the same key
 * ring), a row altered in the database is refused with an alert, and deleting a tenant's key rows crypto-shreds its
 * evidence on every host. Skips, saying why, where PostgreSQL cannot be started (no binaries, not root).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { closePostgresPool } from '../../src/content-store/postgres-pool';
import { keyFilePath, loadKeyRing } from '../../src/crypto/key-ring';
import { writeConfigVariant } from './harness/config-variant';
import { startThrowawayPostgres, type ThrowawayPostgres } from './harness/throwaway-postgres';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const root = path.resolve(__dirname, '../..');

describe('evidence vault and tenant keys on the PostgreSQL content store', () => {
  let postgres: ThrowawayPostgres | undefined;
  let hostA: TestStack | undefined;
  let hostB: TestStack | undefined;
  const table = `tm_${randomUUID().slice(0, 8)}`;
  const tenant = `pg-${randomUUID().slice(0, 6)}`;

  beforeAll(async () => {
    postgres = await startThrowawayPostgres();
    if (!postgres) return;
    const configFile = writeConfigVariant((document) => {
      document.contentStore = { kind: 'postgres', url: postgres!.url, table };
    });
    hostA = await startTestStack({ configFile });
    await hostA.startWorkers();
    // Another host: its own data dir (no shared folder), the same key ring provisioned, the same deployment.
    const otherDataDir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-host-b-'));
    const ringFile = keyFilePath(hostA.config);
    const otherRing = path.join(otherDataDir, path.relative(hostA.config.dataDirPath, ringFile));
    mkdirSync(path.dirname(otherRing), { recursive: true, mode: 0o700 });
    copyFileSync(ringFile, otherRing);
    hostB = await startTestStack({
      configFile,
      env: { TASKMASTER_DATA_DIR: otherDataDir, TASKMASTER_TASK_QUEUE_PREFIX: hostA.config.taskQueuePrefix ?? '' },
    });
  });
  afterAll(async () => {
    await hostB?.stop();
    await hostA?.stop();
    if (postgres) await closePostgresPool(postgres.url);
    await postgres?.stop();
  });

  it('serves an item from another host, refuses an altered row, and crypto-shreds a tenant by its key rows', async () => {
    if (!postgres || !hostA || !hostB) {
      console.warn('skipped: PostgreSQL 15 cannot be started here (needs its binaries and root to run it as the postgres user)');
      return;
    }
    const a = hostA;
    const b = hostB;
    const annA = `Bearer ${await a.token({ role: 'investigator', tenant, sub: 'ann@pg' })}`;
    const annB = `Bearer ${await b.token({ role: 'investigator', tenant, sub: 'ann@pg' })}`;
    const body = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/jobs/EVIDENCE_PROCESSING.json'), 'utf8')) as {
      data: { items: Array<{ id: string; text?: string; contentBase64?: string }> };
    };
    const submitted = await a.http().post('/v1/jobs').set('Authorization', annA).send(body).expect(202);
    const job = await eventually(async () => {
      const response = await a
        .http()
        .get(`/v1/jobs/${submitted.body.jobId as string}`)
        .set('Authorization', annA)
        .expect(200);
      return response.body.status === 'RUNNING' ? undefined : (response.body as Record<string, any>);
    }, 60_000);
    expect(job.status).toBe('COMPLETED');
    const first = body.data.items[0]!;
    const original = first.text !== undefined ? Buffer.from(first.text, 'utf8') : Buffer.from(first.contentBase64 ?? '', 'base64');
    const sha256 = (job.result.items as Array<{ id: string; sha256: string }>).find((item) => item.id === first.id)!.sha256;

    const db = new pg.Client(postgres.url);
    await db.connect();
    try {
      // The item and the tenant's wrapped data key are rows of the database, encrypted; no file of host A holds them.
      const row = await db.query<{ bytes: Buffer }>(`SELECT bytes FROM ${table}_evidence WHERE tenant = $1 AND sha256 = $2`, [
        tenant,
        sha256,
      ]);
      const stored = row.rows[0]!.bytes;
      expect(stored.includes(original)).toBe(false);
      const keys = await db.query<{ id: string; wrapped_by: string }>(`SELECT id, wrapped_by FROM ${table}_tenant_keys WHERE tenant = $1`, [
        tenant,
      ]);
      expect(keys.rowCount).toBeGreaterThan(0);

      // Host B reads what host A's workers kept: the vault, the tenant's key, and the custody log are shared.
      const read = await b.http().get(`/v1/evidence/${sha256}`).set('Authorization', annB).buffer(true).expect(200);
      expect(Buffer.compare(read.body as Buffer, original)).toBe(0);
      const custody = await b.http().get(`/v1/evidence/${sha256}/custody`).set('Authorization', annB).expect(200);
      expect((custody.body.entries as Array<{ action: string }>).map((entry) => entry.action)).toEqual([
        'evidence.ingest',
        'evidence.read',
      ]);
      expect(custody.body.chain).toMatchObject({ holds: true });

      // A row altered in the database: refused on either host, never served.
      const flipped = Buffer.from(stored);
      flipped[flipped.length - 5] = (flipped[flipped.length - 5] ?? 0) ^ 0x01;
      await db.query(`UPDATE ${table}_evidence SET bytes = $1 WHERE tenant = $2 AND sha256 = $3`, [flipped, tenant, sha256]);
      const refused = await b.http().get(`/v1/evidence/${sha256}`).set('Authorization', annB).expect(409);
      expect(refused.body.error.code).toBe('EVIDENCE_INTEGRITY_FAILED');
      await db.query(`UPDATE ${table}_evidence SET bytes = $1 WHERE tenant = $2 AND sha256 = $3`, [stored, tenant, sha256]);
      await a.http().get(`/v1/evidence/${sha256}`).set('Authorization', annA).expect(200);

      // Crypto-shredding: the tenant's key rows deleted (by the ring's own call); within a second both hosts refuse.
      expect(await loadKeyRing(a.config).destroyTenantKeys(tenant)).toBe(keys.rowCount);
      expect((await db.query(`SELECT 1 FROM ${table}_tenant_keys WHERE tenant = $1`, [tenant])).rowCount).toBe(0);
      for (const [host, auth] of [
        [a, annA],
        [b, annB],
      ] as const) {
        const shredded = await eventually(async () => {
          const response = await host.http().get(`/v1/evidence/${sha256}`).set('Authorization', auth);
          return response.status === 409 ? response : undefined;
        }, 10_000);
        expect(shredded.body.error.message).toContain('cannot be decrypted');
      }
    } finally {
      await db.end();
    }
  });
});
