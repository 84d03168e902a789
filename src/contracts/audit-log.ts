/**
 * The who-did-what record: what the facade sends for each write, the sealed record the audit log workflow keeps, and
 * the workflow's update and query. Pure module: shared by the workflow, the activity that seals entries, the facade
 * and `npm run audit:verify`.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from './zod-mini';

export const auditLogWorkflowType = 'auditLogWorkflow';

/** The prevHash of the first record ever: 64 zeros. */
export const genesisHash = '0'.repeat(64);

export const auditOutcomes = ['accepted', 'refused', 'failed'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

/** One write as the facade saw it: ids only, never case data. */
export const auditEntrySchema = z.object({
  /** Unique per write (a UUID): the update id, so that a retried append is recorded once by the run that took it. */
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  /** The request id of the facade's log line for the request. */
  requestId: z.string().check(z.maxLength(200)),
  /** When the facade received the request (ISO 8601). */
  requestedAt: z.string().check(z.minLength(1), z.maxLength(40)),
  subject: z.string().check(z.minLength(1), z.maxLength(200)),
  roles: z.array(z.string().check(z.maxLength(40))).check(z.maxLength(10)),
  tenant: z.optional(z.string().check(z.maxLength(120))),
  /** e.g. `job.submit`, `investigation.cancel`, `bulk-replay.start`. */
  action: z.string().check(z.minLength(1), z.maxLength(60)),
  /** The route, as the permission table names it: `POST /v1/jobs/:jobId/cancel`. */
  route: z.string().check(z.maxLength(200)),
  /** The workflow ids (or batch id) the write acted on. */
  targets: z.array(z.string().check(z.maxLength(300))).check(z.maxLength(20)),
  caseId: z.optional(z.string().check(z.maxLength(120))),
  remoteAddress: z.optional(z.string().check(z.maxLength(100))),
  outcome: z.enum(auditOutcomes),
  status: z.int(),
  /** The error code of a refusal (`FORBIDDEN`, `TENANT_FORBIDDEN`, `INVALID_INPUT`...). */
  code: z.optional(z.string().check(z.maxLength(60))),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** An entry as the log holds it: numbered, timed by the workflow, and chained to the record before it. */
export type AuditRecord = AuditEntry & {
  /** 1, 2, 3... across every run of the log, with no gap. */
  seq: number;
  /** Workflow time of the append (ISO 8601). */
  recordedAt: string;
  /** The hash of the record before (genesisHash for seq 1). */
  prevHash: string;
  /** SHA-256 (hex) of the record's canonical JSON without `hash` (src/audit/audit-chain.ts). */
  hash: string;
};

/** Where a chain stands: the last record's seq and hash (seq 0 and genesisHash before the first). */
export interface AuditChainHead {
  seq: number;
  hash: string;
}

export interface AuditLogInput {
  /** The head carried over by continue-as-new; none for the first run ever. */
  head?: AuditChainHead;
  /** Records per run before continuing as new (default 500); carried over. Small values are for tests. */
  maxRecordsPerRun?: number;
}

/** What the sealing activity takes: the chain head, the entry and the workflow's time. */
export interface SealAuditEntryInput {
  head: AuditChainHead;
  entry: AuditEntry;
  recordedAt: string;
}

/** What the sealing activity takes for a batch: the entries are sealed in order, each chained to the one before. */
export interface SealAuditEntriesInput {
  head: AuditChainHead;
  entries: AuditEntry[];
  recordedAt: string;
}

/** The most entries one signal carries: a batch stays far under Temporal's payload limits (about 600 bytes each). */
export const maxAuditEntriesPerSignal = 100;

/** The name of the activity that seals a signalled batch: its results, in the history's markers, are the records. */
export const sealAuditEntriesActivity = 'sealAuditEntries';

/**
 * Appends a batch of entries, sealed in order after whatever the log holds. A signal is durable once the server has
 * answered (it is in the history), with no worker involved, so the facade can answer a write only when its entry is
 * safe. The records are the sealing activity's results, in its markers.
 */
export const appendAuditEntriesSignal = defineSignal<[AuditEntry[]]>('appendAuditEntries');

/** Appends one entry; answers the sealed record. Rejected (before it reaches history) when the entry is malformed. */
export const appendAuditEntryUpdate = defineUpdate<AuditRecord, [AuditEntry]>('appendAuditEntry');

/** The records of the current run, oldest first, and the chain head the run started from. */
export const auditRecordsQuery = defineQuery<{ startHead: AuditChainHead; records: AuditRecord[] }>('auditRecords');
