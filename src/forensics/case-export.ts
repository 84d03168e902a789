/**
 * GET /v1/cases/:caseId/export: one signed tar.gz with every job and investigation of the case (input, findings,
 * step record, decoded Temporal history), the case's evidence with its custody logs, and the case's audit entries,
 * each file listed with its SHA-256 in a manifest signed with the deployment's Ed25519 key. The export is itself a
 * custody entry of each item and an audit entry of the case, recorded before the archive is built, so it holds them.
 */
import { sign } from 'node:crypto';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { LoadedDataConverter, PayloadCodec } from '@temporalio/common';
import {
  decodeArrayFromPayloads,
  decodeFromPayloadsAtIndex,
  decodeOptionalFailureToOptionalError,
} from '@temporalio/common/lib/internal-non-workflow';
import type { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import type { AuditRecorder } from '../audit/audit-recorder';
import type { AuditService } from '../audit/audit-service';
import type { Principal } from '../auth/principal';
import { inTenantScope, type TenantScope } from '../auth/tenant-scope';
import type { LoadedConfig } from '../config/load-config';
import { investigationWorkflowType } from '../contracts/investigation-workflow';
import { jobWorkflowType } from '../contracts/job-workflow';
import { CaseIdAttribute, JobTypeAttribute, TenantAttribute } from '../contracts/search-attributes';
import { NotFoundError } from '../errors/domain-errors';
import { custodyLog, evidenceTarget, recordCustody, type CustodyTrail } from '../evidence/custody';
import type { EvidenceService } from '../evidence/evidence-service';
import { canonicalJson, sha256Hex } from '../record/canonical-hash';
import { chainEntries, headOfChain } from '../record/record-chain';
import { recordFromHistory } from '../record/record-from-history';
import { deploymentWorkflows } from '../temporal/visibility-query';
import { loadBundleSigningKey } from './bundle-signing-key';
import {
  auditFile,
  bundleFormat,
  custodyFile,
  evidenceFile,
  manifestPath,
  publicKeyPath,
  signaturePath,
  workflowFile,
  type BundleManifest,
} from './bundle-manifest';
import { decodedHistoryJson } from './decoded-history';
import { packTarGz, type ArchiveFile } from './tar-gz';

export interface CaseExportDeps {
  config: LoadedConfig;
  client: Client;
  codecs: readonly PayloadCodec[];
  recorder: AuditRecorder;
  custody: CustodyTrail;
  audit: AuditService;
  evidence: EvidenceService;
}

const json = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

export async function exportCase(
  deps: CaseExportDeps,
  caseId: string,
  principal: Principal,
  scope: TenantScope,
): Promise<{ archive: Buffer; manifest: BundleManifest }> {
  const { config, client } = deps;
  const query = deploymentWorkflows(config, jobWorkflowType, investigationWorkflowType).equals(CaseIdAttribute, caseId).within(scope);
  const runs: WorkflowExecutionInfo[] = [];
  for await (const run of client.workflow.list({ query: query.toString() })) {
    if (run.typedSearchAttributes.get(JobTypeAttribute) !== 'WHAT_IF') runs.push(run);
  }
  runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime() || a.workflowId.localeCompare(b.workflowId));
  if (runs.length === 0) throw new NotFoundError(`unknown case "${caseId}"`);
  const tenant = tenantOf(scope) ?? runs[0]?.typedSearchAttributes.get(TenantAttribute);
  // Every entry of the case is appended after its first run started (a write is recorded once answered, and evidence
  // is ingested by the case's own steps), so the audit log's runs closed before then hold none of them.
  const caseBegan = runs[0]?.startTime;

  const ingests = await deps.audit.all(
    (record) => record.action === 'evidence.ingest' && record.caseId === caseId && inTenantScope(scope, record.tenant),
    caseBegan,
  );
  const evidenceHashes = [...new Set(ingests.map((record) => record.targets[0]?.slice('evidence:'.length) ?? ''))].filter(Boolean).sort();

  // The export is recorded first: the bundle then holds its own custody and audit entries.
  const exportId = randomUUID();
  const who = { subject: principal.subject, roles: principal.roles, requestId: exportId, via: 'GET /v1/cases/:caseId/export', caseId };
  for (const sha256 of evidenceHashes)
    await recordCustody(deps.custody, { action: 'evidence.export', sha256, ...who, ...tenantField(tenant) });
  await deps.recorder.record({
    id: exportId,
    requestId: exportId,
    requestedAt: new Date().toISOString(),
    subject: principal.subject,
    roles: [...principal.roles],
    ...tenantField(tenant),
    action: 'case.export',
    route: 'GET /v1/cases/:caseId/export',
    targets: runs.map((run) => run.workflowId).slice(0, 20),
    caseId,
    outcome: 'accepted',
    status: 200,
  });

  const files: ArchiveFile[] = [];
  const workflows: BundleManifest['workflows'] = [];
  const converter = client.options.loadedDataConverter;
  for (const run of runs) {
    const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    const record = await recordFromHistory(history, converter);
    const chain = record.sealed?.chain ?? chainEntries(record.entries.map(({ problem: _problem, ...entry }) => entry));
    const head = record.sealed?.head ?? headOfChain(chain);
    workflows.push({ workflowId: run.workflowId, runId: run.runId, type: run.type, recordHead: head });
    files.push({ path: workflowFile(run.workflowId, 'input'), bytes: json(await inputOf(history, converter)) });
    files.push({ path: workflowFile(run.workflowId, 'findings'), bytes: json(await findingsOf(history, converter, run.status.name)) });
    files.push({
      path: workflowFile(run.workflowId, 'record'),
      bytes: json({ workflowId: run.workflowId, runId: run.runId, sealed: record.sealed !== undefined, head, entries: chain }),
    });
    files.push({ path: workflowFile(run.workflowId, 'history'), bytes: Buffer.from(await decodedHistoryJson(history, deps.codecs)) });
  }
  for (const sha256 of evidenceHashes) {
    // The vault rechecks each item's hash: altered evidence fails the export (and raises the alert), never ships.
    const read = await deps.evidence.readForExport(sha256, principal, scope, exportId);
    files.push({ path: evidenceFile(sha256), bytes: Buffer.from(read) });
    files.push({ path: custodyFile(sha256), bytes: json((await custodyLog(client, config, deps.audit, sha256, scope)).entries) });
  }
  const targets = new Set(evidenceHashes.map(evidenceTarget));
  const caseAudit = await deps.audit.all(
    (record) => inTenantScope(scope, record.tenant) && (record.caseId === caseId || record.targets.some((target) => targets.has(target))),
    caseBegan,
  );
  files.push({ path: auditFile, bytes: json(caseAudit.reverse()) });

  const key = loadBundleSigningKey(config.dataDirPath);
  files.push({ path: publicKeyPath, bytes: Buffer.from(key.publicKeyPem) });
  const manifest: BundleManifest = {
    format: bundleFormat,
    caseId,
    exportedAt: new Date().toISOString(),
    exportedBy: principal.subject,
    signingKey: key.fingerprint,
    workflows,
    evidence: evidenceHashes,
    files: files.map((file) => ({ path: file.path, sha256: sha256Hex(file.bytes), bytes: file.bytes.length })),
  };
  const manifestBytes = Buffer.from(canonicalJson(manifest));
  const signature = sign(null, manifestBytes, key.privateKey).toString('base64');
  const archive = await packTarGz(
    [{ path: manifestPath, bytes: manifestBytes }, { path: signaturePath, bytes: Buffer.from(`${signature}\n`) }, ...files],
    new Date(manifest.exportedAt),
  );
  return { archive, manifest };
}

const tenantOf = (scope: TenantScope): string | undefined => (scope.kind === 'tenant' ? scope.tenant : undefined);
const tenantField = (tenant: string | undefined) => (tenant === undefined ? {} : { tenant });

type History = temporal.api.history.v1.IHistory;

async function inputOf(history: History, converter: LoadedDataConverter): Promise<unknown> {
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const args = await decodeArrayFromPayloads(converter, started?.input?.payloads);
  return args[0];
}

/** The findings: the result of a completed run, else its status and failure. */
async function findingsOf(history: History, converter: LoadedDataConverter, status: string): Promise<unknown> {
  for (const event of [...(history.events ?? [])].reverse()) {
    const completed = event.workflowExecutionCompletedEventAttributes;
    if (completed) return { status: 'COMPLETED', result: await decodeFromPayloadsAtIndex(converter, 0, completed.result?.payloads) };
    const failed = event.workflowExecutionFailedEventAttributes;
    if (failed) {
      const error = await decodeOptionalFailureToOptionalError(converter, failed.failure);
      return { status: 'FAILED', failure: { message: error?.message ?? '', type: failed.failure?.applicationFailureInfo?.type ?? null } };
    }
  }
  return { status };
}
