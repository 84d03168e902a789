import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { KeyRing, type RingKey } from '../../../src/crypto/key-ring';

export const tempDir = (prefix = 'taskmaster-keys-'): string => mkdtempSync(path.join(os.tmpdir(), prefix));
export const ringKey = (id: string): RingKey => ({ id, key: randomBytes(32) });
export const keyList = (...keys: RingKey[]): string => keys.map((key) => `${key.id}:${key.key.toString('base64')}`).join(',');
export const ring = (dir: string, ...keys: RingKey[]): KeyRing => new KeyRing(keys, path.join(dir, 'tenants'));

/** The failure a promise rejects with, to assert on its type and message. */
export async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApplicationFailure) return error;
    throw error;
  }
  throw new Error('expected a failure');
}
