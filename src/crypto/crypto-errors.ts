/**
 * The failures of payload decryption. They are ApplicationFailures with registered types, because the worker turns a
 * codec's error into the failure of the activity (or the workflow task) whose payload it was decoding.
 */
import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../errors/failure-types';

const hint = 'nothing is lost: add the key back (TASKMASTER_ENCRYPTION_KEYS or the key file) and restart';

/** The payload names a ring key or a tenant data key that this process does not hold. */
export function encryptionKeyUnavailable(what: string): ApplicationFailure {
  return ApplicationFailure.create({ type: FailureType.EncryptionKeyUnavailable, message: `${what}; ${hint}`, nonRetryable: true });
}

/** The ciphertext, its metadata or its cipher do not check out (tampered, truncated or foreign). */
export function payloadDecryptionFailed(what: string): ApplicationFailure {
  return ApplicationFailure.create({ type: FailureType.PayloadDecryptionFailed, message: what, nonRetryable: true });
}

export const isEncryptionFailure = (error: unknown): error is ApplicationFailure =>
  error instanceof ApplicationFailure &&
  (error.type === FailureType.EncryptionKeyUnavailable || error.type === FailureType.PayloadDecryptionFailed);
