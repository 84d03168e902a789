/**
 * `npm run -s token -- --role <viewer|investigator|admin> [--tenant <t>] [--sub <name>] [--ttl <duration>]`: prints
 * a token signed with the local key of the data dir (auth.mode: local), creating the key if need be. Honours
 * TASKMASTER_CONFIG and TASKMASTER_DATA_DIR. Bad flags: one line on stderr, exit 2. (`taskmaster token` is the same.)
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config-error';
import { mintLocalTokenFromConfig, parseTokenFlags, TokenUsageError } from './local-token';

const usage = 'usage: npm run -s token -- --role <viewer|investigator|admin> [--tenant <t>] [--sub <name>] [--ttl <duration, e.g. 1h>]';

async function main(): Promise<string> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      options: { role: { type: 'string' }, tenant: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new TokenUsageError(`${(error as Error).message.split('\n')[0] ?? ''}; ${usage}`);
  }
  try {
    return await mintLocalTokenFromConfig(parseTokenFlags(values));
  } catch (error) {
    if (error instanceof TokenUsageError && error.message.startsWith('--')) throw new TokenUsageError(`${error.message}; ${usage}`);
    throw error;
  }
}

main().then(
  (token) => {
    process.stdout.write(`${token}\n`);
  },
  (error: unknown) => {
    const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
    console.error(error instanceof TokenUsageError || error instanceof ConfigError ? message : `token: ${message}`);
    process.exit(2);
  },
);
