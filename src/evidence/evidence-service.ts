import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditRecorder } from '../audit/audit-recorder';
import type { AuditService } from '../audit/audit-service';
import type { Principal } from '../auth/principal';
import type { TenantScope } from '../auth/tenant-scope';
import type { LoadedConfig } from '../config/load-config';
import type { AuditRecord } from '../contracts/audit-log';
import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { custodyLog, recordCustody } from './custody';
import { EvidenceIntegrityError, EvidenceMissingError, type EvidenceVault } from './evidence-vault';
import { raiseEvidenceAlert } from './integrity-alert';

export interface EvidenceRead {
  sha256: string;
  bytes: Uint8Array;
  /** The custody entry this read added. */
  custodySeq: number;
}

/**
 * Evidence items for the facade: read (own tenant; every read checks the hash and is a custody entry) and the
 * custody log. An item belongs to the tenants whose jobs ingested it: anyone else's answer is a 404, as for an
 * unknown hash.
 */
export class EvidenceService {
  constructor(
    private readonly config: LoadedConfig,
    private readonly vault: EvidenceVault,
    private readonly recorder: AuditRecorder,
    private readonly audit: AuditService,
    private readonly logger: Logger,
  ) {}

  async read(sha256: string, principal: Principal, scope: TenantScope, requestId: string): Promise<EvidenceRead> {
    const bytes = await this.checkedBytes(sha256, principal, scope, requestId, 'GET /v1/evidence/:sha256');
    const ingest = (await this.custody(sha256, scope)).find((entry) => entry.action === 'evidence.ingest');
    const entry = await recordCustody(this.recorder, {
      action: 'evidence.read',
      sha256,
      subject: principal.subject,
      roles: principal.roles,
      requestId,
      via: 'GET /v1/evidence/:sha256',
      ...(ingest?.tenant === undefined ? {} : { tenant: ingest.tenant }),
      ...(ingest?.caseId === undefined ? {} : { caseId: ingest.caseId }),
    });
    return { sha256, bytes, custodySeq: entry.seq };
  }

  /** The bytes for a case export, hash checked (the export records its own custody entries). */
  readForExport(sha256: string, principal: Principal, scope: TenantScope, requestId: string): Promise<Uint8Array> {
    return this.checkedBytes(sha256, principal, scope, requestId, 'GET /v1/cases/:caseId/export');
  }

  private async checkedBytes(
    sha256: string,
    principal: Principal,
    scope: TenantScope,
    requestId: string,
    via: string,
  ): Promise<Uint8Array> {
    const ingest = (await this.custody(sha256, scope)).find((entry) => entry.action === 'evidence.ingest');
    const who = { subject: principal.subject, roles: principal.roles, requestId, via };
    const tenant = ingest?.tenant === undefined ? {} : { tenant: ingest.tenant };
    const caseId = ingest?.caseId === undefined ? {} : { caseId: ingest.caseId };
    let bytes: Uint8Array;
    try {
      bytes = await this.vault.get(sha256);
    } catch (error) {
      if (!(error instanceof EvidenceIntegrityError || error instanceof EvidenceMissingError)) throw error;
      const reason = error instanceof EvidenceIntegrityError ? error.reason : 'it is missing from the vault';
      const failed = { action: 'evidence.integrity-failed', sha256, ...who, ...tenant, ...caseId, outcome: 'failed' } as const;
      await recordCustody(this.recorder, failed);
      await raiseEvidenceAlert(this.config, this.logger, {
        alertId: `evidence/${sha256}/${randomUUID()}`,
        event: 'EVIDENCE_INTEGRITY_FAILED',
        sha256,
        reason,
        subject: principal.subject,
        detectedAt: new Date().toISOString(),
      });
      throw new ConflictError(
        'EVIDENCE_INTEGRITY_FAILED',
        `evidence ${sha256} failed its integrity check (${reason}); it is not returned`,
        {
          sha256,
        },
      );
    }
    return bytes;
  }

  /** The item's custody log, oldest first; NotFoundError when the caller's tenants never ingested it. */
  async custody(sha256: string, scope: TenantScope): Promise<AuditRecord[]> {
    const entries = await custodyLog(this.audit, sha256, scope);
    if (!entries.some((entry) => entry.action === 'evidence.ingest')) throw new NotFoundError(`unknown evidence item ${sha256}`);
    return entries;
  }
}
