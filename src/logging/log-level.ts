import pino from 'pino';

/** The levels LOG_LEVEL accepts, most to least verbose. */
export const logLevels = [
  ...Object.keys(pino.levels.values).sort((a, b) => (pino.levels.values[a] ?? 0) - (pino.levels.values[b] ?? 0)),
  'silent',
];

export const isLogLevel = (value: string): boolean => logLevels.includes(value);

/** What is wrong with LOG_LEVEL, as a configuration problem, or undefined when it is unset or valid. */
export function logLevelProblem(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.LOG_LEVEL;
  if (value === undefined || value === '' || isLogLevel(value)) return undefined;
  return `LOG_LEVEL (environment): "${value}" is not a log level; expected one of: ${logLevels.join(', ')}`;
}
