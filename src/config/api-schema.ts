/** temporal.yaml's `http` (the facade) and `auth` (sign-in). Pure module. */
import { z } from 'zod';
import { durationSchema } from './duration';
import { port } from './connection-schema';

export const httpSchema = z
  .object({
    port: port.default(3000),
    host: z.string().default('127.0.0.1'),
    /** Request bodies above this are answered 413; well under Temporal's 2 MB payload limit. */
    bodyLimitBytes: z
      .number()
      .int()
      .min(1024)
      .max(1_500_000)
      .default(512 * 1024),
    /** Longest a request waits on Temporal before the facade answers 503. */
    temporalTimeout: durationSchema.default(10_000),
    /** Origins a browser may call the API from (CORS); none by default, and then no CORS header is sent. */
    corsOrigins: z.array(z.url({ protocol: /^https?$/ })).default([]),
  })
  .strict();

/** Signature algorithms a JWKS token may use: asymmetric only, so that a public key can never act as an HMAC secret. */
export const jwksAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'] as const;
const claimName = z.string().min(1).max(200);

export const authConfigSchema = z
  .object({
    /** false only for throwaway stacks: every request is then an anonymous admin, and the start says so loudly. */
    enabled: z.boolean().default(true),
    /** local: tokens signed with a key in the data dir (npm start, npm run token); jwks: tokens from the firm's IdP. */
    mode: z.enum(['local', 'jwks']).default('local'),
    /** The `iss` every token must carry; local default "taskmaster-local", required for jwks. */
    issuer: z.string().min(1).max(500).optional(),
    /** The `aud` every token must carry. */
    audience: z.string().min(1).max(500).default('taskmaster-api'),
    /** How far the clocks of the token's issuer and this server may disagree, for exp and nbf. */
    clockSkew: durationSchema.default(30_000).refine((ms) => ms <= 300_000, 'expected at most 5m'),
    /** jwks: the IdP's key set, e.g. https://idp.example.com/.well-known/jwks.json. */
    jwksUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** jwks: the algorithms accepted (the local mode accepts EdDSA only). */
    algorithms: z.array(z.enum(jwksAlgorithms)).min(1).default(['RS256', 'PS256', 'ES256', 'EdDSA']),
    /** The claim holding the roles (an array of names, or one name): viewer, investigator, admin. */
    rolesClaim: claimName.default('roles'),
    /** The claim holding the tenant the caller belongs to. */
    tenantClaim: claimName.default('tenant'),
    /** local: lifetime of the admin token `npm start` prints. */
    adminTokenTtl: durationSchema.default(43_200_000),
    /** Requests per minute per principal (token subject); beyond, 429 with Retry-After. */
    rateLimit: z
      .object({ requestsPerMinute: z.number().int().min(1).max(1_000_000).default(600) })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((auth, ctx) => {
    if (auth.mode !== 'jwks') return;
    if (auth.jwksUrl === undefined) ctx.addIssue({ code: 'custom', path: ['jwksUrl'], message: 'required when mode is jwks' });
    if (auth.issuer === undefined) ctx.addIssue({ code: 'custom', path: ['issuer'], message: "required when mode is jwks: the IdP's iss" });
  });
export type AuthConfig = z.infer<typeof authConfigSchema>;
