import { chmod, chown, mkdir, stat, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { ClusterLayout } from './layout';
import { commandSucceeds, runCommand } from './run-command';
import { atServerPriority } from './server-priority';

/**
 * PostgreSQL 15 from Debian's packages, in its own data dir, on the database host, run as the `postgres` user
 * (initdb and postgres refuse root). Never the system service: start and stop are pg_ctl on this data dir.
 */
export interface DatabaseSettings {
  readonly dataDir: string;
  readonly user: string;
  readonly password: string;
}

const postgresUser = 'postgres';

export function postgresBin(name: string): string {
  for (const version of ['15', '16', '17']) {
    const candidate = `/usr/lib/postgresql/${version}/bin/${name}`;
    try {
      execFileSync('test', ['-x', candidate]);
      return candidate;
    } catch {
      // the next version
    }
  }
  throw new Error(`PostgreSQL's ${name} was not found under /usr/lib/postgresql/<version>/bin: apt-get install postgresql`);
}

const asPostgres = (layout: ClusterLayout, command: string, args: readonly string[]): [string, string[]] => [
  'ip',
  ['netns', 'exec', layout.database.namespace, 'runuser', '-u', postgresUser, '--', command, ...args],
];

export async function initDatabase(layout: ClusterLayout, settings: DatabaseSettings): Promise<void> {
  if (await exists(path.join(settings.dataDir, 'PG_VERSION'))) return;
  await mkdir(settings.dataDir, { recursive: true });
  // The server writes its log and socket beside the data dir too.
  await chownToPostgres(path.dirname(settings.dataDir));
  await chownToPostgres(settings.dataDir);
  await chmod(settings.dataDir, 0o700);
  const passwordFile = path.join(path.dirname(settings.dataDir), 'postgres-password');
  await writeFile(passwordFile, `${settings.password}\n`, { mode: 0o600 });
  await chownToPostgres(passwordFile);
  const [command, args] = asPostgres(layout, postgresBin('initdb'), [
    '-D',
    settings.dataDir,
    '-U',
    settings.user,
    '--pwfile',
    passwordFile,
    '--auth-local',
    'trust',
    '--auth-host',
    'scram-sha-256',
    '--encoding',
    'UTF8',
    '--no-instructions',
  ]);
  await runCommand(command, args);
  await writeFile(
    path.join(settings.dataDir, 'pg_hba.conf'),
    ['local all all trust', `host all all ${layout.bridgeAddress}/${layout.prefixLength} scram-sha-256`, ''].join('\n'),
  );
  await chownToPostgres(path.join(settings.dataDir, 'pg_hba.conf'));
}

export async function startDatabase(layout: ClusterLayout, settings: DatabaseSettings): Promise<void> {
  if (await databaseRunning(layout, settings)) return;
  await chownToPostgres(path.dirname(settings.dataDir));
  const options = [
    `-c listen_addresses=${layout.database.address}`,
    `-p ${layout.ports.postgres}`,
    `-k ${settings.dataDir}`,
    // The Temporal services keep pools of connections (history alone opens tens).
    '-c max_connections=300',
    '-c shared_buffers=256MB',
    '-c synchronous_commit=on',
  ].join(' ');
  const [command, args] = atServerPriority(
    ...asPostgres(layout, postgresBin('pg_ctl'), [
      '-D',
      settings.dataDir,
      '-l',
      path.join(path.dirname(settings.dataDir), 'postgres.log'),
      '-o',
      options,
      '-w',
      '-t',
      '60',
      'start',
    ]),
  );
  await runCommand(command, args);
}

/** Stops the server; `immediate` is as abrupt as a crash (no checkpoint), for failure tests. */
export async function stopDatabase(layout: ClusterLayout, settings: DatabaseSettings, mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
  if (!(await databaseRunning(layout, settings))) return;
  const [command, args] = asPostgres(layout, postgresBin('pg_ctl'), ['-D', settings.dataDir, '-m', mode, '-w', 'stop']);
  await runCommand(command, args);
}

export async function databaseRunning(layout: ClusterLayout, settings: DatabaseSettings): Promise<boolean> {
  if (!(await exists(path.join(settings.dataDir, 'PG_VERSION')))) return false;
  const [command, args] = asPostgres(layout, postgresBin('pg_ctl'), ['-D', settings.dataDir, 'status']);
  return commandSucceeds(command, args);
}

/** Runs SQL as the superuser over the data dir's socket. */
export async function runSql(layout: ClusterLayout, settings: DatabaseSettings, sql: string, database = 'postgres'): Promise<string> {
  const [command, args] = asPostgres(layout, postgresBin('psql'), [
    '-h',
    settings.dataDir,
    '-p',
    String(layout.ports.postgres),
    '-U',
    settings.user,
    '-d',
    database,
    '-v',
    'ON_ERROR_STOP=1',
    '-tAc',
    sql,
  ]);
  return runCommand(command, args);
}

export function databaseUrl(layout: ClusterLayout, settings: DatabaseSettings, database: string): string {
  const credentials = `${encodeURIComponent(settings.user)}:${encodeURIComponent(settings.password)}`;
  return `postgresql://${credentials}@${layout.database.address}:${layout.ports.postgres}/${database}`;
}

async function chownToPostgres(file: string): Promise<void> {
  const uid = Number(execFileSync('id', ['-u', postgresUser]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', postgresUser]).toString().trim());
  await chown(file, uid, gid);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
