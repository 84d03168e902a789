/**
 * The verifiable record of a job's or an investigation's steps: one entry per step outcome (primary, fallback,
 * compensation, template child; the last attempt of each, with its attempt number), chained by SHA-256. The
 * workflow seals it at its end with the sealStepRecord activity (which reads the run's own history) and keeps the
 * head in its result and in the TaskmasterRecordHead search attribute. Pure module: safe inside the workflow sandbox.
 */
import { z } from './zod-mini';

const sha256Hex = () => z.string().check(z.regex(/^[0-9a-f]{64}$/));

export const stepRecordEntrySchema = z.strictObject({
  /** 0 is the submission (the workflow's input); then each step outcome in the order the history closed it. */
  seq: z.int(),
  step: z.string(),
  role: z.enum(['submission', 'primary', 'fallback', 'compensate', 'template']),
  agent: z.string(),
  action: z.string(),
  /** The attempt that produced the outcome (Temporal keeps only the last attempt of a retried activity). */
  attempt: z.int(),
  outcome: z.enum(['SUBMITTED', 'COMPLETED', 'FAILED', 'TIMED_OUT', 'CANCELED']),
  /** SHA-256 of the RFC 8785 canonical JSON of the arguments (an array), plaintext, after decryption. */
  inputSha256: sha256Hex(),
  /** SHA-256 of the canonical JSON of the output, or of `{ failure }` for a step that did not complete. */
  outputSha256: sha256Hex(),
  /** The code that ran it: `<package>@<version>+sha256:<content hash of the agent's code>`, from the worker's identity. */
  agentVersion: z.string(),
  /** The history event that holds the outcome. */
  eventId: z.string(),
  prevHash: sha256Hex(),
  hash: sha256Hex(),
});
export type StepRecordEntry = z.infer<typeof stepRecordEntrySchema>;
export type UnsealedStepRecordEntry = Omit<StepRecordEntry, 'prevHash' | 'hash'>;

/** What the workflow keeps of its sealed record: in its result, and the head in visibility. */
export interface StepRecordHead {
  head: string;
  entries: number;
}

export interface SealedStepRecord extends StepRecordHead {
  chain: StepRecordEntry[];
  /** How long the run's steps waited in their queues (ms), for the TaskmasterQueueWaitMs search attribute; not chained. */
  queueWaitMs?: number;
}

export const sealStepRecordActivity = 'sealStepRecord';

/** Runs started before this patch kept no record; since it, every job and investigation seals one at its end. */
export const stepRecordPatch = 'step-record';

/** Runs started before this patch set no TaskmasterQueueWaitMs; since it, the run sets it when it seals its record. */
export const queueWaitAttributePatch = 'queue-wait-attribute';

/** The prevHash of the first entry. */
export const recordGenesisHash = '0'.repeat(64);
