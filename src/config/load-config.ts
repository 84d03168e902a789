import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error';
import { applyEnvOverrides } from './env-overrides';
import { taskmasterConfigSchema, type TaskmasterConfig } from './schema';

export interface LoadedConfig extends TaskmasterConfig {
  /** Absolute path of the yaml file that was read. */
  configFile: string;
  /** Absolute data dir (the yaml's dataDir resolved against the working directory). */
  dataDirPath: string;
}

export function defaultConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.TASKMASTER_CONFIG ?? 'temporal.yaml');
}

/** Reads, overrides from the environment and validates temporal.yaml; throws ConfigError naming file and key. */
export function loadConfig(file = defaultConfigFile(), env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const configFile = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch (error) {
    throw new ConfigError(configFile, [`cannot read the file: ${(error as Error).message}`]);
  }
  return parseConfig(text, configFile, env);
}

export function parseConfig(text: string, configFile: string, env: NodeJS.ProcessEnv = {}): LoadedConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      configFile,
      document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return `line ${line}, column ${col}: ${error.message.split('\n')[0] ?? error.message}`;
      }),
    );
  }
  const raw: unknown = document.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(configFile, ['the top level must be a mapping of keys (dataDir, connection, agents, ...)']);
  }
  const { document: overridden, applied } = applyEnvOverrides(raw as Record<string, unknown>, env);
  const result = taskmasterConfigSchema.safeParse(overridden);
  if (!result.success) {
    throw new ConfigError(
      configFile,
      describeIssues(result.error.issues, applied, (keyPath) => {
        const node = document.getIn(keyPath, true) as { range?: [number, number, number] } | undefined;
        return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
      }),
    );
  }
  return {
    ...result.data,
    configFile,
    dataDirPath: path.resolve(result.data.dataDir),
  };
}

function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  applied: Map<string, string>,
  lineOf: (keyPath: PropertyKey[]) => number | undefined,
): string[] {
  return issues.map((issue) => {
    const keyPath = issue.path.map(String).join('.') || '(top level)';
    const fromEnv = applied.get(keyPath);
    const where = fromEnv ? ` (set by ${fromEnv})` : lineSuffix(lineOf(issue.path));
    const unknownKeys = issue.code === 'unrecognized_keys' ? `: ${issue.keys.join(', ')}` : '';
    return `${keyPath}${where}: ${issue.message}${unknownKeys}`;
  });
}

const lineSuffix = (line: number | undefined): string => (line === undefined ? '' : ` (line ${line})`);
