/**
 * `npm run cluster -- up|down|status`: the production topology on this machine (see docs/deploy.md). Needs root for
 * the network namespaces; PostgreSQL itself runs as the postgres user.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config/load-config';
import { ensureKeyFile, keyFilePath } from '../../src/crypto/key-ring';
import { projectRoot } from '../../src/project-root';
import { LocalCluster } from './local-cluster';
import { writeTaskmasterConfig } from './taskmaster-config';

export const clusterDefaults = {
  dir: process.env.TASKMASTER_CLUSTER_DIR ?? path.join(projectRoot, '.taskmaster', 'cluster'),
  id: process.env.TASKMASTER_CLUSTER_ID ?? 'local',
  subnet: process.env.TASKMASTER_CLUSTER_SUBNET ?? '10.213.0',
};

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { dir: { type: 'string', default: clusterDefaults.dir } },
  });
  const command = positionals[0];
  if (command !== 'up' && command !== 'down' && command !== 'status') {
    throw new Error('usage: npm run cluster -- up|down|status [--dir <folder>]');
  }
  const cluster = await LocalCluster.open({
    dir: path.resolve(values.dir),
    id: clusterDefaults.id,
    subnet: clusterDefaults.subnet,
    log: (message) => process.stdout.write(`  ${message}\n`),
    // npm start's facade on this machine (the Web UI's browser calls it from here too).
    codecEndpoint: process.env.TASKMASTER_CLUSTER_CODEC_ENDPOINT ?? 'http://127.0.0.1:3000/codec',
  });
  if (command === 'status') {
    for (const [part, state] of Object.entries(await cluster.status())) process.stdout.write(`  ${part.padEnd(9)} ${state}\n`);
    return;
  }
  if (command === 'down') {
    await cluster.down();
    process.stdout.write(`  cluster stopped; its data stays in ${cluster.options.dir} (delete the folder to start afresh)\n`);
    return;
  }
  await cluster.up();
  const configFile = path.join(cluster.options.dir, 'taskmaster.yaml');
  await writeTaskmasterConfig(cluster, path.join(projectRoot, 'temporal.yaml'), configFile);
  // The key ring every host of the cluster shares (a real deployment hands it out as a secret).
  ensureKeyFile(keyFilePath(loadConfig(configFile, {})));
  const workerHost = cluster.layout.workerHosts[0];
  process.stdout.write(
    [
      '',
      'The cluster is up. Run Taskmaster against it:',
      `  TASKMASTER_CONFIG=${configFile} npm start`,
      'or put the facade and each agent on their own hosts:',
      `  ip netns exec ${cluster.layout.facade.namespace} env TASKMASTER_CONFIG=${configFile} TASKMASTER_AGENT_PROCESSES=none npm start`,
      ...(workerHost
        ? [`  ip netns exec ${workerHost.namespace} env TASKMASTER_CONFIG=${configFile} npm run worker -- --agent fraud`]
        : []),
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`cluster: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
