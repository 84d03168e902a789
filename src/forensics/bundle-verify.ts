/**
 * Checks a case bundle offline, with no server and no keys but the public one: the manifest's Ed25519 signature,
 * every file's SHA-256 against the manifest (and no file missing or added), each evidence item against its name, and
 * each job's and investigation's step record recomputed from its (decoded) history. Every problem names its file.
 */
import { createPublicKey, verify } from 'node:crypto';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { sha256Hex } from '../record/canonical-hash';
import { recordFromHistory } from '../record/record-from-history';
import { describeRecordVerdict, verdictPlace, verifyRecord } from '../record/record-verify';
import { bundleManifestSchema, manifestPath, publicKeyPath, signaturePath, workflowFile, type BundleManifest } from './bundle-manifest';
import { publicKeyFingerprint } from './bundle-signing-key';
import { unpackTarGz } from './tar-gz';

export interface BundleProblem {
  file: string;
  reason: string;
}

export interface BundleReport {
  ok: boolean;
  caseId?: string;
  /** The fingerprint of the key that signed it: compare it with the deployment's published one. */
  signingKey?: string;
  /** Whether the key came from the caller (--public-key) or only from the bundle itself. */
  keyFrom: 'given' | 'bundle';
  files: number;
  records: string[];
  problems: BundleProblem[];
}

const evidencePattern = /^evidence\/([0-9a-f]{64})\.bin$/;

export async function verifyBundle(archive: Buffer, options: { publicKeyPem?: string } = {}): Promise<BundleReport> {
  const problems: BundleProblem[] = [];
  const report = (extra: Partial<BundleReport>): BundleReport => ({
    ok: problems.length === 0,
    keyFrom: options.publicKeyPem ? 'given' : 'bundle',
    files: 0,
    records: [],
    problems,
    ...extra,
  });
  let entries;
  try {
    entries = await unpackTarGz(archive);
  } catch (error) {
    problems.push({ file: '(archive)', reason: `not a readable tar.gz: ${error instanceof Error ? error.message : String(error)}` });
    return report({});
  }
  const files = new Map<string, Buffer>();
  for (const entry of entries) {
    if (files.has(entry.path)) problems.push({ file: entry.path, reason: 'appears twice in the archive' });
    files.set(entry.path, entry.bytes);
  }
  const manifestBytes = files.get(manifestPath);
  const signature = files.get(signaturePath);
  const publicKeyPem = options.publicKeyPem ?? files.get(publicKeyPath)?.toString('utf8');
  if (!manifestBytes || !signature || !publicKeyPem) {
    problems.push({
      file: manifestPath,
      reason: `the bundle lacks its ${!manifestBytes ? 'manifest' : !signature ? 'signature' : 'public key'}`,
    });
    return report({});
  }
  let fingerprint: string | undefined;
  try {
    fingerprint = publicKeyFingerprint(publicKeyPem);
    const signed = verify(null, manifestBytes, createPublicKey(publicKeyPem), Buffer.from(signature.toString('utf8').trim(), 'base64'));
    if (!signed)
      problems.push({ file: manifestPath, reason: 'its signature does not verify: the manifest was changed, or signed by another key' });
  } catch (error) {
    problems.push({
      file: signaturePath,
      reason: `the signature cannot be checked: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  let manifest: BundleManifest;
  try {
    manifest = bundleManifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
  } catch (error) {
    problems.push({ file: manifestPath, reason: `not a valid manifest: ${error instanceof Error ? error.message : String(error)}` });
    return report({ ...(fingerprint ? { signingKey: fingerprint } : {}) });
  }
  if (fingerprint && manifest.signingKey !== fingerprint) {
    problems.push({ file: manifestPath, reason: `names signing key ${manifest.signingKey}, but the key used is ${fingerprint}` });
  }

  const listed = new Set(manifest.files.map((file) => file.path));
  for (const file of manifest.files) {
    const bytes = files.get(file.path);
    if (!bytes) problems.push({ file: file.path, reason: 'listed in the manifest but missing from the archive' });
    else if (sha256Hex(bytes) !== file.sha256 || bytes.length !== file.bytes) {
      problems.push({ file: file.path, reason: `its SHA-256 is ${sha256Hex(bytes)}, the signed manifest says ${file.sha256}` });
    }
  }
  for (const path of files.keys()) {
    if (path !== manifestPath && path !== signaturePath && !listed.has(path))
      problems.push({ file: path, reason: 'not listed in the manifest' });
  }
  for (const [path, bytes] of files) {
    const match = evidencePattern.exec(path);
    if (match && sha256Hex(bytes) !== match[1])
      problems.push({ file: path, reason: `the item hashes to ${sha256Hex(bytes)}, not to its name` });
  }

  const records: string[] = [];
  const converter = loadDataConverter({});
  for (const workflow of manifest.workflows) {
    const historyPath = workflowFile(workflow.workflowId, 'history');
    const historyBytes = files.get(historyPath);
    if (!historyBytes) continue;
    try {
      const record = await recordFromHistory(historyFromJSON(JSON.parse(historyBytes.toString('utf8'))), converter);
      const verdict = verifyRecord(record);
      records.push(describeRecordVerdict(workflow.workflowId, verdict));
      if (!verdict.ok)
        problems.push({
          file: historyPath,
          reason: `step record: ${verdictPlace(verdict)}`,
        });
      else if (verdict.head !== workflow.recordHead) {
        problems.push({
          file: historyPath,
          reason: `its record's head ${verdict.head} is not the one the manifest signed (${workflow.recordHead})`,
        });
      }
      const recordFile = files.get(workflowFile(workflow.workflowId, 'record'));
      const head = recordFile ? (JSON.parse(recordFile.toString('utf8')) as { head?: unknown }).head : undefined;
      if (head !== workflow.recordHead) {
        problems.push({
          file: workflowFile(workflow.workflowId, 'record'),
          reason: `its head is not the one the manifest signed (${workflow.recordHead})`,
        });
      }
    } catch (error) {
      problems.push({ file: historyPath, reason: `cannot be read: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return report({ caseId: manifest.caseId, ...(fingerprint ? { signingKey: fingerprint } : {}), files: manifest.files.length, records });
}
