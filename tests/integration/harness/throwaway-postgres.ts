/**
 * A throwaway PostgreSQL for one test file: PostgreSQL 15 from Debian's packages, initialised in a temporary data dir
 * of its own and run as the `postgres` user (initdb and postgres refuse root), on a free port of 127.0.0.1, never the
 * system service. fsync off: the data is thrown away. Undefined when this machine cannot run it (no PostgreSQL
 * binaries, or not root to switch to the postgres user): the test that needs it then says so and skips.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { postgresBin } from '../../../deploy/local-cluster/postgres';
import { freePort } from './free-port';

const run = promisify(execFile);

export interface ThrowawayPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres | undefined> {
  let initdb: string;
  let pgCtl: string;
  try {
    initdb = postgresBin('initdb');
    pgCtl = postgresBin('pg_ctl');
    if (process.getuid?.() !== 0) return undefined;
    execFileSync('id', ['-u', 'postgres']);
  } catch {
    return undefined;
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-pg-'));
  chownSync(dir, uid, gid);
  const dataDir = path.join(dir, 'data');
  const asPostgres = (command: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', command, ...args]);
  await asPostgres(initdb, ['-D', dataDir, '-U', 'postgres', '--auth', 'trust', '--encoding', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  await asPostgres(pgCtl, ['-D', dataDir, '-l', path.join(dir, 'postgres.log'), '-o', options, '-w', '-t', '30', 'start']);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await asPostgres(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
