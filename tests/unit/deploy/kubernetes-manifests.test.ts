import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { directEnvVariables, envOverrides } from '../../../src/config/env-overrides';
import { expectedKeysAt } from '../../../src/config/expected-keys';
import { loadConfig, parseConfig } from '../../../src/config/load-config';
import { taskmasterConfigSchema } from '../../../src/config/schema';
import { imagePaths, kubernetesManifests, manifestFileText } from '../../../src/deploy/kubernetes-manifests';

const root = path.resolve(__dirname, '../../..');
const manifestsDir = path.join(root, 'deploy', 'kubernetes');
const config = loadConfig(path.join(root, 'temporal.yaml'), {});
const knownVariables = new Set([...envOverrides.map((override) => override.variable), ...Object.keys(directEnvVariables)]);

type Node = Record<string, unknown>;
const committed = (): Node[] =>
  readdirSync(manifestsDir).flatMap((file) =>
    parseAllDocuments(readFileSync(path.join(manifestsDir, file), 'utf8')).map((document) => document.toJS() as Node),
  );

/** Every value under `key` anywhere in the tree. */
function valuesOf(node: unknown, key: string): unknown[] {
  if (Array.isArray(node)) return node.flatMap((item) => valuesOf(item, key));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([name, value]) => [...(name === key ? [value] : []), ...valuesOf(value, key)]);
}

/** True when the dotted key is one temporal.yaml accepts (agent names must be configured agents). */
function isConfigKey(dotted: string): boolean {
  const keyPath = dotted.split('.');
  if (keyPath[0] === 'agents' && !Object.hasOwn(config.agents, keyPath[1] ?? '')) return false;
  return expectedKeysAt(taskmasterConfigSchema, keyPath.slice(0, -1)).includes(keyPath[keyPath.length - 1] ?? '');
}

describe('deploy/kubernetes', () => {
  it('is what npm run deploy:kubernetes generates from the shipped temporal.yaml (rerun it after a config change)', () => {
    const files = kubernetesManifests(config);
    expect(readdirSync(manifestsDir).sort()).toEqual([...files.keys()].sort());
    for (const [name, objects] of files) expect(readFileSync(path.join(manifestsDir, name), 'utf8')).toBe(manifestFileText(objects));
  });

  it('sets only environment variables the code reads', () => {
    const variables = valuesOf(committed(), 'env').flatMap((env) => (env as Array<{ name: string }>).map((entry) => entry.name));
    expect(variables.length).toBeGreaterThan(0);
    expect(variables.filter((name) => !knownVariables.has(name))).toEqual([]);
  });

  it('names only config keys the schema has', () => {
    const keys = valuesOf(committed(), 'taskmaster.io/config-keys').flatMap((value) => String(value).split(','));
    expect(keys).toEqual(
      expect.arrayContaining(['agents.compliance.maxWorkers', 'agents.compliance.scaleCooldown', 'autoscaling.interval']),
    );
    expect(keys.filter((key) => !isConfigKey(key))).toEqual([]);
    expect(isConfigKey('agents.compliance.maxWorkerz')).toBe(false);
  });

  it("scales each agent queue with KEDA's Temporal scaler between the agent's minWorkers and maxWorkers", () => {
    const scaledObjects = committed().filter((object) => object.kind === 'ScaledObject');
    expect(scaledObjects.map((object) => (object.metadata as Node).name).sort()).toEqual(
      Object.keys(config.agents)
        .map((agent) => `taskmaster-agent-${agent}`)
        .sort(),
    );
    const compliance = scaledObjects.find((object) => (object.metadata as Node).name === 'taskmaster-agent-compliance');
    expect(compliance?.spec).toMatchObject({
      scaleTargetRef: { name: 'taskmaster-agent-compliance' },
      minReplicaCount: config.agents.compliance?.minWorkers,
      maxReplicaCount: config.agents.compliance?.maxWorkers,
      cooldownPeriod: 60,
      pollingInterval: 5,
      triggers: [
        { type: 'temporal', metadata: { taskQueue: 'taskmaster.agent-compliance', queueTypes: 'activity', targetQueueSize: '16' } },
      ],
    });
    // The metadata keys KEDA's Temporal scaler takes, no others.
    const allowed = ['endpoint', 'namespace', 'taskQueue', 'targetQueueSize', 'activationTargetQueueSize', 'queueTypes'];
    for (const metadata of valuesOf(scaledObjects, 'triggers').flatMap((triggers) =>
      (triggers as Node[]).map((trigger) => trigger.metadata),
    )) {
      expect(Object.keys(metadata as Node).filter((key) => !allowed.includes(key))).toEqual([]);
    }
  });

  it('follows the config: other bounds and thresholds give other ScaledObjects', () => {
    const text = readFileSync(path.join(root, 'temporal.yaml'), 'utf8').replace(
      '    taskQueue: agent-risk\n',
      '    taskQueue: agent-risk\n    minWorkers: 2\n    maxWorkers: 6\n    scaleUpThreshold: 0.5\n    scaleCooldown: 2m\n',
    );
    const files = kubernetesManifests(parseConfig(text, '/x/temporal.yaml', {}));
    const [deployment, scaledObject] = files.get('agent-risk.yaml') ?? [];
    expect((deployment?.spec as Node).replicas).toBe(2);
    expect(scaledObject?.spec).toMatchObject({
      minReplicaCount: 2,
      maxReplicaCount: 6,
      cooldownPeriod: 120,
      triggers: [{ metadata: { targetQueueSize: '10' } }],
    });
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');

  it('runs as a non-root user and sets only environment variables the code reads', () => {
    expect(dockerfile).toMatch(/^USER 10001:10001$/m);
    const envBlock = /^ENV ([\s\S]*?)(?=^\S)/gm;
    const variables = [...dockerfile.matchAll(envBlock)].flatMap((match) => [...(match[1] ?? '').matchAll(/([A-Z_]+)=/g)].map((m) => m[1]));
    expect(variables).toEqual(expect.arrayContaining(['TASKMASTER_WORKFLOW_BUNDLE', 'TASKMASTER_AGENT_PROCESSES']));
    expect(variables.filter((name) => name !== 'NODE_ENV' && !knownVariables.has(name ?? ''))).toEqual([]);
  });

  it('builds the workflow bundle where the manifests and its ENV expect it, and copies only files that exist', () => {
    expect(dockerfile).toContain(
      `RUN node --import tsx src/cli/bundle-workflows.ts --out ${path.relative('/app', imagePaths.workflowBundle)}`,
    );
    expect(dockerfile).toContain(`TASKMASTER_WORKFLOW_BUNDLE=${imagePaths.workflowBundle}`);
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) => (match[1] ?? '').split(' '));
    expect(sources.length).toBeGreaterThan(5);
    expect(sources.filter((source) => !existsSync(path.join(root, source)))).toEqual([]);
    for (const script of ['src/cli/start.ts', 'src/cli/bundle-workflows.ts', 'workers/agent-worker.ts']) {
      expect(existsSync(path.join(root, script))).toBe(true);
    }
  });
});
