/**
 * `npm run -s token -- --role <viewer|investigator|admin> [--tenant <t>] [--sub <name>] [--ttl <duration>]`: prints
 * a token signed with the local key of the data dir (auth.mode: local), creating the key if need be. Honours
 * TASKMASTER_CONFIG and TASKMASTER_DATA_DIR. Bad flags: one line on stderr, exit 2.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { roleSchema, tenantSchema } from '../auth/principal';
import { mintWithLocalKey } from '../auth/token-minting';
import { ConfigError } from '../config/config-error';
import { durationSchema } from '../config/duration';
import { loadConfig } from '../config/load-config';

const usage = 'usage: npm run -s token -- --role <viewer|investigator|admin> [--tenant <t>] [--sub <name>] [--ttl <duration, e.g. 1h>]';

const tokenFlagsSchema = z
  .object({
    role: roleSchema,
    tenant: tenantSchema.optional(),
    sub: z.string().min(1).max(200).optional(),
    ttl: durationSchema.default(3_600_000).refine((ms) => ms <= 30 * 86_400_000, 'expected at most 30d'),
  })
  .strict();

class UsageError extends Error {}

async function main(): Promise<string> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      options: { role: { type: 'string' }, tenant: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0] ?? ''}; ${usage}`);
  }
  const flags = tokenFlagsSchema.safeParse(values);
  if (!flags.success) {
    const issue = flags.error.issues[0];
    throw new UsageError(`--${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}; ${usage}`);
  }
  const config = loadConfig();
  if (!config.auth.enabled) throw new UsageError(`auth.enabled is false in ${config.configFile}: the API asks no token`);
  if (config.auth.mode !== 'local')
    throw new UsageError(`auth.mode is ${config.auth.mode} in ${config.configFile}: tokens come from the IdP`);
  const { role, tenant, sub, ttl } = flags.data;
  return mintWithLocalKey(config.auth, config.dataDirPath, {
    subject: sub ?? `local-${role}`,
    role,
    ttlMs: ttl,
    ...(tenant === undefined ? {} : { tenant }),
  });
}

main().then(
  (token) => {
    process.stdout.write(`${token}\n`);
  },
  (error: unknown) => {
    const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
    console.error(error instanceof UsageError || error instanceof ConfigError ? message : `token: ${message}`);
    process.exit(2);
  },
);
