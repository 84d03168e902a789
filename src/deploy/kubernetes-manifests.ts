/**
 * The Kubernetes manifests of deploy/kubernetes, generated from temporal.yaml: a Deployment for the facade (HTTP
 * API and the workflows), a Deployment per agent type running `workers/agent-worker.ts --agent <type>`, and a KEDA
 * ScaledObject per agent queue (KEDA's Temporal scaler) whose bounds, thresholds and cooldown are the same keys npm
 * start's autoscaler reads. Every object names the config keys it was derived from (annotation
 * `taskmaster.io/config-keys`), and sets only environment variables the code reads (src/config/env-overrides.ts);
 * tests/unit/deploy/kubernetes-manifests.test.ts checks both, and that the committed files are this output.
 */
import { stringify } from 'yaml';
import type { LoadedConfig } from '../config/load-config';
import { envOverrides } from '../config/env-overrides';
import { agentTaskQueue } from '../config/task-queues';
import { agentStopTimeoutMs } from '../supervision/agent-processes';
import { encryptionKeysEnv } from '../crypto/key-ring';

export interface ClusterSettings {
  /** The image the Dockerfile builds. */
  image: string;
  /** The Kubernetes namespace Taskmaster runs in. */
  namespace: string;
  /** Temporal's frontend as the pods reach it (Temporal's Helm chart: <release>-frontend.<namespace>.svc:7233). */
  temporalAddress: string;
  temporalNamespace: string;
}

export const defaultClusterSettings: ClusterSettings = {
  image: 'taskmaster:0.1.0',
  namespace: 'taskmaster',
  temporalAddress: 'temporal-frontend.temporal.svc.cluster.local:7233',
  temporalNamespace: 'default',
};

/** Where the Dockerfile puts the prebuilt workflow bundle and the data dir. */
export const imagePaths = { workflowBundle: '/app/dist/workflow-bundle.js', dataDir: '/var/lib/taskmaster' } as const;

type Manifest = Record<string, unknown>;

/** The environment variable that overrides a config key, from the one table the loader applies. */
function envFor(keyPath: string): string {
  const override = envOverrides.find((candidate) => candidate.path.join('.') === keyPath);
  if (!override) throw new Error(`no environment variable overrides ${keyPath} (src/config/env-overrides.ts)`);
  return override.variable;
}

const labels = (component: string) => ({ 'app.kubernetes.io/name': 'taskmaster', 'app.kubernetes.io/component': component });
const configKeys = (keys: readonly string[]) => ({ 'taskmaster.io/config-keys': keys.join(',') });
const seconds = (ms: number): number => Math.ceil(ms / 1000);

function commonEnv(settings: ClusterSettings): Array<Record<string, unknown>> {
  return [
    { name: envFor('connection.address'), value: settings.temporalAddress },
    { name: envFor('connection.namespace'), value: settings.temporalNamespace },
    { name: envFor('devServer.enabled'), value: 'false' },
    { name: envFor('dataDir'), value: imagePaths.dataDir },
    { name: envFor('orchestration.workflowBundle'), value: imagePaths.workflowBundle },
    { name: 'LOG_LEVEL', value: 'info' },
    { name: encryptionKeysEnv, valueFrom: { secretKeyRef: { name: 'taskmaster-encryption-keys', key: 'keys' } } },
  ];
}

function podSpec(settings: ClusterSettings, container: Record<string, unknown>, terminationGraceMs: number): Manifest {
  return {
    terminationGracePeriodSeconds: seconds(terminationGraceMs),
    securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
    containers: [
      {
        ...container,
        image: settings.image,
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        volumeMounts: [
          // The data dir holds the content store's large payloads, which every pod must read: a shared volume.
          { name: 'data', mountPath: imagePaths.dataDir },
          // tsx's compile cache.
          { name: 'tmp', mountPath: '/tmp' },
        ],
      },
    ],
    volumes: [
      { name: 'data', persistentVolumeClaim: { claimName: 'taskmaster-data' } },
      { name: 'tmp', emptyDir: {} },
    ],
  };
}

export function facadeManifests(config: LoadedConfig, settings: ClusterSettings): Manifest[] {
  const port = config.http.port;
  const keys = ['http.port', 'agentProcesses', 'devServer.enabled', 'orchestration.workflowBundle', 'dataDir'];
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'taskmaster-facade', namespace: settings.namespace, labels: labels('facade'), annotations: configKeys(keys) },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels('facade') },
        template: {
          metadata: { labels: labels('facade') },
          spec: podSpec(
            settings,
            {
              name: 'facade',
              // The HTTP API and the workflows; the agents run in their own Deployments below.
              command: ['node', '--import', 'tsx', 'src/cli/start.ts'],
              env: [
                ...commonEnv(settings),
                { name: envFor('agentProcesses'), value: 'none' },
                { name: envFor('http.host'), value: '0.0.0.0' },
                { name: envFor('http.port'), value: String(port) },
              ],
              ports: [{ name: 'http', containerPort: port }],
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 20, failureThreshold: 6 },
              resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '2Gi' } },
            },
            // npm start stops HTTP, drains its audit appends and the workflow worker.
            30_000,
          ),
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'taskmaster-facade',
        namespace: settings.namespace,
        labels: labels('facade'),
        annotations: configKeys(['http.port']),
      },
      spec: { selector: labels('facade'), ports: [{ name: 'http', port, targetPort: 'http' }] },
    },
  ];
}

export function agentManifests(config: LoadedConfig, settings: ClusterSettings, agent: string): Manifest[] {
  const agentConfig = config.agents[agent];
  if (!agentConfig) throw new Error(`unknown agent type "${agent}"`);
  const name = `taskmaster-agent-${agent}`;
  const component = `agent-${agent}`;
  const key = (suffix: string): string => `agents.${agent}.${suffix}`;
  // One more worker per this many waiting steps: the backlog that would fill one worker's slots to the threshold.
  const targetQueueSize = Math.max(1, Math.round(agentConfig.maxConcurrentActivities * agentConfig.scaleUpThreshold));
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name,
        namespace: settings.namespace,
        labels: labels(component),
        annotations: configKeys([key('minWorkers'), key('drainTimeout'), key('maxConcurrentActivities'), key('slots')]),
      },
      spec: {
        // KEDA owns the count from here on, between the ScaledObject's bounds.
        replicas: agentConfig.minWorkers,
        selector: { matchLabels: labels(component) },
        template: {
          metadata: { labels: labels(component) },
          spec: podSpec(
            settings,
            {
              name: 'worker',
              command: ['node', '--import', 'tsx', 'workers/agent-worker.ts', '--agent', agent],
              env: commonEnv(settings),
              // An agent's work is JavaScript on one event loop: one core is what one worker process can use.
              resources: { requests: { cpu: '1', memory: '256Mi' }, limits: { memory: '1Gi' } },
            },
            // SIGTERM drains: the worker stops polling and its running steps get drainTimeout to finish.
            agentStopTimeoutMs(config, [agent]),
          ),
        },
      },
    },
    {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: {
        name,
        namespace: settings.namespace,
        labels: labels(component),
        annotations: configKeys([
          key('minWorkers'),
          key('maxWorkers'),
          key('maxConcurrentActivities'),
          key('scaleUpThreshold'),
          key('scaleCooldown'),
          key('taskQueue'),
          'taskQueuePrefix',
          'autoscaling.interval',
        ]),
      },
      spec: {
        scaleTargetRef: { name },
        minReplicaCount: agentConfig.minWorkers,
        maxReplicaCount: agentConfig.maxWorkers,
        pollingInterval: seconds(config.autoscaling.interval),
        cooldownPeriod: seconds(agentConfig.scaleCooldown),
        triggers: [
          {
            type: 'temporal',
            metadata: {
              endpoint: settings.temporalAddress,
              namespace: settings.temporalNamespace,
              taskQueue: agentTaskQueue(config, agent),
              queueTypes: 'activity',
              targetQueueSize: String(targetQueueSize),
              activationTargetQueueSize: '0',
            },
          },
        ],
      },
    },
  ];
}

/** Every file of deploy/kubernetes, by name: the facade, one per agent type, and the kustomization listing them. */
export function kubernetesManifests(config: LoadedConfig, settings: ClusterSettings = defaultClusterSettings): Map<string, Manifest[]> {
  const files = new Map<string, Manifest[]>();
  files.set('facade.yaml', facadeManifests(config, settings));
  for (const agent of Object.keys(config.agents)) files.set(`agent-${agent}.yaml`, agentManifests(config, settings, agent));
  files.set('kustomization.yaml', [
    {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      namespace: settings.namespace,
      resources: ['namespace.yaml', 'data-volume.yaml', ...[...files.keys()]],
    },
  ]);
  files.set('namespace.yaml', [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: settings.namespace } }]);
  files.set('data-volume.yaml', [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'taskmaster-data', namespace: settings.namespace, labels: labels('data') },
      // Every pod reads the content store's payloads: ReadWriteMany (NFS, EFS, Filestore, CephFS...).
      spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '20Gi' } } },
    },
  ]);
  return files;
}

/** The text of one manifest file: a header saying where it comes from, then its objects as YAML documents. */
export const manifestFileText = (objects: readonly Record<string, unknown>[]): string =>
  '# Generated by `npm run deploy:kubernetes` from temporal.yaml; edit the config and rerun it, not this file.\n' +
  objects.map((object) => stringify(object, { lineWidth: 0 })).join('---\n');
