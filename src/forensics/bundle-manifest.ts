/**
 * A case bundle's manifest: every file of the archive with its SHA-256 and size, signed (Ed25519) over the manifest's
 * exact bytes. Shared by the export and by verify-bundle, which needs no server and no keys but the public one.
 */
import { z } from 'zod';

export const bundleFormat = 'taskmaster-case-bundle-v1';
export const manifestPath = 'manifest.json';
export const signaturePath = 'manifest.sig';
export const publicKeyPath = 'bundle-signing-key.pub.pem';

export const bundleManifestSchema = z
  .object({
    format: z.literal(bundleFormat),
    caseId: z.string(),
    exportedAt: z.string(),
    exportedBy: z.string(),
    /** SHA-256 of the signing key's public half (SPKI DER). */
    signingKey: z.string(),
    workflows: z.array(z.object({ workflowId: z.string(), runId: z.string(), type: z.string(), recordHead: z.string() })),
    evidence: z.array(z.string()),
    files: z.array(z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() })),
  })
  .strict();
export type BundleManifest = z.infer<typeof bundleManifestSchema>;

/** Where each part of a workflow lives in the archive. */
export const workflowFile = (workflowId: string, part: 'input' | 'findings' | 'record' | 'history'): string =>
  `workflows/${workflowId}/${part}.json`;
export const evidenceFile = (sha256: string): string => `evidence/${sha256}.bin`;
export const custodyFile = (sha256: string): string => `evidence/${sha256}.custody.json`;
export const auditFile = 'audit.json';
