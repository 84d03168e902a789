import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { AuditService } from '../audit/audit-service';
import type { Principal } from '../auth/principal';
import type { TenantScope } from '../auth/tenant-scope';
import type { LoadedConfig } from '../config/load-config';
import type { AuditRecord } from '../contracts/audit-log';
import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { custodyLog, recordCustody, type CustodyLog, type CustodyTrail } from './custody';
import { EvidenceIntegrityError, EvidenceMissingError, type EvidenceVault } from './evidence-vault';
import { raiseEvidenceAlert } from './integrity-alert';

export interface EvidenceRead {
  sha256: string;
  bytes: Uint8Array;
  /** The entry this read added to the item's custody log. */
  custodySeq: number;
}

/**
 * Evidence items for the facade: read (own tenant; every read checks the hash and is a custody entry) and the
 * custody log. An item belongs to the tenants whose jobs ingested it: anyone else's answer is a 404, as for an
 * unknown hash. Each tenant's copy is read: the ingest entry in the caller's scope names the tenant.
 */
export class EvidenceService {
  constructor(
    private readonly config: LoadedConfig,
    private readonly client: Client,
    private readonly vault: EvidenceVault,
    private readonly trail: CustodyTrail,
    private readonly audit: AuditService,
    private readonly logger: Logger,
  ) {}

  async read(sha256: string, principal: Principal, scope: TenantScope, requestId: string): Promise<EvidenceRead> {
    const ingest = await this.ingestOf(sha256, scope);
    const bytes = await this.checkedBytes(sha256, ingest, principal, requestId, 'GET /v1/evidence/:sha256');
    const entry = await recordCustody(this.trail, {
      action: 'evidence.read',
      sha256,
      subject: principal.subject,
      roles: principal.roles,
      requestId,
      via: 'GET /v1/evidence/:sha256',
      ...ownerFields(ingest),
    });
    return { sha256, bytes, custodySeq: entry.seq };
  }

  /** The bytes for a case export, hash checked (the export records its own custody entries). */
  async readForExport(sha256: string, principal: Principal, scope: TenantScope, requestId: string): Promise<Uint8Array> {
    const ingest = await this.ingestOf(sha256, scope);
    return this.checkedBytes(sha256, ingest, principal, requestId, 'GET /v1/cases/:caseId/export');
  }

  private async checkedBytes(
    sha256: string,
    ingest: AuditRecord,
    principal: Principal,
    requestId: string,
    via: string,
  ): Promise<Uint8Array> {
    try {
      return await this.vault.get(sha256, ingest.tenant);
    } catch (error) {
      if (!(error instanceof EvidenceIntegrityError || error instanceof EvidenceMissingError)) throw error;
      const reason = error instanceof EvidenceIntegrityError ? error.reason : 'it is missing from the vault';
      const who = { subject: principal.subject, roles: principal.roles, requestId, via };
      await recordCustody(this.trail, { action: 'evidence.integrity-failed', sha256, ...who, ...ownerFields(ingest), outcome: 'failed' });
      await raiseEvidenceAlert(this.config, this.client, this.logger, {
        detectionId: randomUUID(),
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
  }

  private async ingestOf(sha256: string, scope: TenantScope): Promise<AuditRecord> {
    const log = await this.custody(sha256, scope);
    return log.entries.find((entry) => entry.action === 'evidence.ingest') as AuditRecord;
  }

  /** The item's custody log, oldest first, with its chain's verdict; NotFoundError when the caller's tenants never ingested it. */
  async custody(sha256: string, scope: TenantScope): Promise<CustodyLog> {
    const log = await custodyLog(this.client, this.config, this.audit, sha256, scope);
    if (!log.entries.some((entry) => entry.action === 'evidence.ingest')) throw new NotFoundError(`unknown evidence item ${sha256}`);
    if (log.chain.holds === false) {
      this.logger.error({ alert: true, sha256, log: log.log, reason: log.chain.reason }, 'evidence custody log FAILED its chain check');
    }
    return log;
  }
}

const ownerFields = (ingest: AuditRecord) => ({
  ...(ingest.tenant === undefined ? {} : { tenant: ingest.tenant }),
  ...(ingest.caseId === undefined ? {} : { caseId: ingest.caseId }),
});
