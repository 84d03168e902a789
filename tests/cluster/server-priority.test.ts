/**
 * On one machine the local cluster keeps what separate hosts give a real deployment: the Temporal services and their
 * database are scheduled ahead of Taskmaster's workers, so a saturated host delays the workers, not the timers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LocalCluster } from '../../deploy/local-cluster/local-cluster';
import { serverNiceness } from '../../deploy/local-cluster/server-priority';
import { temporalServices } from '../../deploy/local-cluster/temporal-services';
import { clusterTestOptions } from './harness/cluster-options';

/** A process's nice value: field 19 of /proc/<pid>/stat, counted after the command name (which may hold spaces). */
const niceness = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fieldsAfterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fieldsAfterName[16]);
};

describe('the local cluster on one machine', () => {
  let cluster: LocalCluster;

  beforeAll(async () => {
    cluster = await LocalCluster.open({ ...clusterTestOptions, dir: process.env.TASKMASTER_TEST_CLUSTER_DIR ?? '' });
  });

  it('runs every Temporal service and PostgreSQL ahead of the workers', () => {
    for (const service of temporalServices) {
      const pid = cluster.servicePid(service);
      expect({ service, running: pid !== undefined }).toEqual({ service, running: true });
      expect({ service, niceness: niceness(pid as number) }).toEqual({ service, niceness: serverNiceness });
    }
    const postmasterPid = Number(readFileSync(path.join(cluster.database.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(niceness(postmasterPid)).toBe(serverNiceness);
    expect(niceness(process.pid)).toBe(0);
  });
});
