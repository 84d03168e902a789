/**
 * The local mode's token minting, shared by `npm run token` and `taskmaster token`: flags checked with one schema, the
 * config's auth section checked (local mode only), and a token signed with the data dir's key (created if need be).
 */
import { z } from 'zod';
import { roleSchema, tenantSchema } from '../auth/principal';
import { mintWithLocalKey } from '../auth/token-minting';
import { durationSchema } from '../config/duration';
import { loadConfig } from '../config/load-config';

export const tokenFlagsSchema = z
  .object({
    role: roleSchema,
    tenant: tenantSchema.optional(),
    sub: z.string().min(1).max(200).optional(),
    ttl: durationSchema.default(3_600_000).refine((ms) => ms <= 30 * 86_400_000, 'expected at most 30d'),
  })
  .strict();
export type TokenFlags = z.infer<typeof tokenFlagsSchema>;

/** A refusal to mint that is the user's to fix (a flag, or the config's auth mode): one line, exit 2. */
export class TokenUsageError extends Error {}

/** The first problem of the flags, as "--flag: message". */
export function parseTokenFlags(values: unknown): TokenFlags {
  const flags = tokenFlagsSchema.safeParse(values);
  if (!flags.success) {
    const issue = flags.error.issues[0];
    throw new TokenUsageError(`--${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`);
  }
  return flags.data;
}

/** Honours TASKMASTER_CONFIG and TASKMASTER_DATA_DIR, as loadConfig does. */
export async function mintLocalTokenFromConfig(flags: TokenFlags): Promise<string> {
  const config = loadConfig();
  if (!config.auth.enabled) throw new TokenUsageError(`auth.enabled is false in ${config.configFile}: the API asks no token`);
  if (config.auth.mode !== 'local')
    throw new TokenUsageError(`auth.mode is ${config.auth.mode} in ${config.configFile}: tokens come from the IdP`);
  const { role, tenant, sub, ttl } = flags;
  return mintWithLocalKey(config.auth, config.dataDirPath, {
    subject: sub ?? `local-${role}`,
    role,
    ttlMs: ttl,
    ...(tenant === undefined ? {} : { tenant }),
  });
}
