import { rmSync } from 'node:fs';
import { LocalCluster } from '../../../deploy/local-cluster/local-cluster';
import { clusterTestOptions } from './cluster-options';

export default async function clusterTeardown(): Promise<void> {
  const dir = process.env.TASKMASTER_TEST_CLUSTER_DIR;
  if (!dir) return;
  const cluster = await LocalCluster.open({ ...clusterTestOptions, dir });
  await cluster.down();
  if (!process.env.TASKMASTER_KEEP_CLUSTER) rmSync(dir, { recursive: true, force: true });
}
