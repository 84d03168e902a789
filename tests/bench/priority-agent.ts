/**
 * The custom agent of `npm run bench:priority`: one action, `hashWork`, that does a fixed amount of real CPU work
 * (SHA-256 over `chunks` × `chunkKiB` KiB) so that each step occupies an activity slot for a few milliseconds.
 * It yields to the event loop between chunks, as a real agent doing I/O would, so that the worker's pollers and
 * the rest of the process keep running while it works.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';

export interface HashWorkInput {
  chunks: number;
  chunkKiB: number;
  seed: string;
}

export interface HashWorkOutput {
  digest: string;
  bytes: number;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function hashWork(input: HashWorkInput): Promise<HashWorkOutput> {
  const { chunks, chunkKiB, seed } = input ?? ({} as HashWorkInput);
  if (!Number.isInteger(chunks) || chunks < 1 || !Number.isInteger(chunkKiB) || chunkKiB < 1 || typeof seed !== 'string') {
    throw ApplicationFailure.nonRetryable(
      'expected { chunks: positive integer, chunkKiB: positive integer, seed: string }',
      'InvalidJobData',
    );
  }
  const chunk = Buffer.alloc(chunkKiB * 1024, seed);
  let digest = createHash('sha256').update(seed).digest();
  for (let index = 0; index < chunks; index++) {
    digest = createHash('sha256').update(digest).update(chunk).digest();
    await yieldToEventLoop();
  }
  return { digest: digest.toString('hex'), bytes: chunks * chunk.length };
}

export function createActivities(): Record<string, (input: HashWorkInput) => Promise<HashWorkOutput>> {
  return { hashWork };
}
