import { rmSync } from 'node:fs';
import type { RunningDevServer } from '../../../src/dev-server/dev-server';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { taskmasterTestServer?: RunningDevServer }).taskmasterTestServer;
  await server?.stop();
  const dataDir = process.env.TASKMASTER_TEST_DATA_DIR;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
