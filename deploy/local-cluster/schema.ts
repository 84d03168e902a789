import path from 'node:path';
import type { ClusterLayout } from './layout';
import type { DatabaseSettings } from './postgres';
import { runCommand } from './run-command';
import type { ServerBinaries } from './server-binaries';

/**
 * Creates the two databases and brings their schemas to the server's version with Temporal's own schema tool
 * (setup-schema at 0.0, then update-schema through the versioned folder), as Temporal's docs say for SQL stores.
 * Safe to run again: create-database and update-schema skip what is there.
 */
export async function setupSchemas(binaries: ServerBinaries, layout: ClusterLayout, database: DatabaseSettings): Promise<void> {
  for (const [name, folder] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const base = ['--plugin', 'postgres12', '--ep', layout.database.address, '-p', String(layout.ports.postgres)].concat([
      '-u',
      database.user,
      '--pw',
      database.password,
      '--db',
      name,
    ]);
    await runCommand(binaries.sqlTool, [...base, 'create-database']).catch((error: Error) => {
      if (!/already exists/.test(error.message)) throw error;
    });
    await runCommand(binaries.sqlTool, [...base, 'setup-schema', '-v', '0.0']).catch((error: Error) => {
      if (!/already exists|schema_version/.test(error.message)) throw error;
    });
    await runCommand(binaries.sqlTool, [...base, 'update-schema', '-d', path.join(binaries.postgresSchemaDir, folder, 'versioned')]);
  }
}
