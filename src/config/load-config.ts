import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { logLevelProblem } from '../logging/log-level';
import { ConfigError } from './config-error';
import { applyEnvOverrides } from './env-overrides';
import { closestKey, expectedKeysAt } from './expected-keys';
import { builtInActionNames, unknownActionProblems } from './job-type-actions';
import { taskmasterConfigSchema, type TaskmasterConfig } from './schema';
import { lineFinder, lineSuffix, type LineOf } from './yaml-lines';

export interface LoadedConfig extends TaskmasterConfig {
  /** Absolute path of the yaml file that was read. */
  configFile: string;
  /** Absolute data dir (the yaml's dataDir resolved against the working directory). */
  dataDirPath: string;
}

export function defaultConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.TASKMASTER_CONFIG ?? 'temporal.yaml');
}

/**
 * Reads, overrides from the environment and validates temporal.yaml (and LOG_LEVEL); throws ConfigError naming file,
 * key and line. Job types must name an action their agent has (built-in agents here; custom ones in the worker).
 */
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
  const lineOf = lineFinder(document, lineCounter);
  const environmentProblems = [logLevelProblem(env)].filter((problem) => problem !== undefined);
  const result = taskmasterConfigSchema.safeParse(overridden);
  if (!result.success) {
    throw new ConfigError(configFile, [...describeIssues(result.error.issues, applied, lineOf), ...environmentProblems]);
  }
  const problems = [...unknownActionProblems(result.data, builtInActionNames(result.data), lineOf), ...environmentProblems];
  if (problems.length > 0) throw new ConfigError(configFile, problems);
  return {
    ...result.data,
    configFile,
    dataDirPath: path.resolve(result.data.dataDir),
  };
}

function describeIssues(issues: readonly z.core.$ZodIssue[], applied: Map<string, string>, lineOf: LineOf): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => unknownKeyProblem(issue.path, key, lineOf));
    const keyPath = issue.path.map(String).join('.') || '(top level)';
    const fromEnv = applied.get(keyPath);
    const where = fromEnv ? ` (set by ${fromEnv})` : lineSuffix(lineOf(issue.path));
    return [`${keyPath}${where}: ${issue.message}`];
  });
}

/** An unknown key, at its own line, with the keys expected there and the one it is probably a typo of. */
function unknownKeyProblem(parentPath: readonly PropertyKey[], key: string, lineOf: LineOf): string {
  const keyPath = [...parentPath, key];
  const expected = expectedKeysAt(taskmasterConfigSchema, parentPath);
  const close = closestKey(key, expected);
  const where = parentPath.length === 0 ? 'at the top level' : `in ${parentPath.map(String).join('.')}`;
  return (
    `${keyPath.map(String).join('.')}${lineSuffix(lineOf(keyPath))}: unknown key; expected ${where}: ${expected.join(', ')}` +
    (close ? ` (did you mean "${close}"?)` : '')
  );
}
