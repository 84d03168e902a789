/**
 * Environment variables that override temporal.yaml, so that two stacks can run side by side.
 * Each maps to one key path; values are applied to the raw document before validation, so a bad value is
 * reported like a bad key, with the variable's name.
 */
export interface EnvOverride {
  variable: string;
  path: readonly string[];
  parse: (value: string) => unknown;
}

const asInteger = (value: string): unknown => (/^\d+$/.test(value) ? Number(value) : value);
const asString = (value: string): unknown => value;
const asBoolean = (value: string): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export const envOverrides: readonly EnvOverride[] = [
  { variable: 'TASKMASTER_DATA_DIR', path: ['dataDir'], parse: asString },
  { variable: 'TASKMASTER_HTTP_PORT', path: ['http', 'port'], parse: asInteger },
  { variable: 'TASKMASTER_HTTP_HOST', path: ['http', 'host'], parse: asString },
  { variable: 'TASKMASTER_TASK_QUEUE_PREFIX', path: ['taskQueuePrefix'], parse: asString },
  { variable: 'TEMPORAL_ADDRESS', path: ['connection', 'address'], parse: asString },
  { variable: 'TEMPORAL_NAMESPACE', path: ['connection', 'namespace'], parse: asString },
  { variable: 'TEMPORAL_UI_PORT', path: ['devServer', 'uiPort'], parse: asInteger },
  { variable: 'TASKMASTER_ENCRYPTION_KEY_FILE', path: ['encryption', 'keyFile'], parse: asString },
  { variable: 'TASKMASTER_ALERT_WEBHOOK_URL', path: ['alerts', 'webhookUrl'], parse: asString },
  { variable: 'TASKMASTER_WORKFLOW_BUNDLE', path: ['orchestration', 'workflowBundle'], parse: asString },
  { variable: 'TASKMASTER_DEV_SERVER_ENABLED', path: ['devServer', 'enabled'], parse: asBoolean },
  { variable: 'TASKMASTER_AGENT_PROCESSES', path: ['agentProcesses'], parse: asString },
  { variable: 'TASKMASTER_CONTENT_STORE_URL', path: ['contentStore', 'url'], parse: asString },
  { variable: 'TASKMASTER_METRICS_PORT', path: ['metrics', 'port'], parse: asInteger },
  { variable: 'TASKMASTER_WORKER_METRICS_PORT', path: ['metrics', 'workerPort'], parse: asInteger },
  { variable: 'TASKMASTER_METRICS_HOST', path: ['metrics', 'host'], parse: asString },
  { variable: 'TEMPORAL_METRICS_PORT', path: ['devServer', 'metricsPort'], parse: asInteger },
  { variable: 'TASKMASTER_TRACING_ENABLED', path: ['tracing', 'enabled'], parse: asBoolean },
  { variable: 'TASKMASTER_OTLP_ENDPOINT', path: ['tracing', 'otlpEndpoint'], parse: asString },
];

/**
 * The variables the code reads itself rather than as a key of temporal.yaml, each where it is read. Deployment files
 * (deploy/kubernetes, the Dockerfile) may set these and the overrides above, and no other (a unit test checks).
 * `connection.apiKeyEnv` names one more: the variable that holds the Temporal API key.
 */
export const directEnvVariables: Readonly<Record<string, string>> = {
  TASKMASTER_CONFIG: 'the temporal.yaml to read (src/config/load-config.ts)',
  TASKMASTER_ENCRYPTION_KEYS: 'the payload encryption key ring, id:base64,... (src/crypto/key-ring.ts)',
  LOG_LEVEL: "the JSON logs' level (src/logging)",
  TEMPORAL_CLI_PATH: 'the Temporal CLI that starts the dev server (src/dev-server/temporal-cli.ts)',
};

/** Returns a copy of the raw document with the overrides set, and which key each variable set. */
export function applyEnvOverrides(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): { document: Record<string, unknown>; applied: Map<string, string> } {
  const document = structuredClone(raw);
  const applied = new Map<string, string>();
  for (const override of envOverrides) {
    const value = env[override.variable];
    if (value === undefined || value === '') continue;
    let node: Record<string, unknown> = document;
    for (const key of override.path.slice(0, -1)) {
      const child = node[key];
      if (typeof child !== 'object' || child === null || Array.isArray(child)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[override.path[override.path.length - 1] ?? ''] = override.parse(value);
    applied.set(override.path.join('.'), override.variable);
  }
  return { document, applied };
}
