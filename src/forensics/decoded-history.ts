import type { Payload, PayloadCodec } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';

const isPayload = (value: unknown): value is Payload =>
  typeof value === 'object' && value !== null && 'metadata' in value && typeof (value as Payload).metadata?.encoding === 'object';

/**
 * A history with every payload decoded (decrypted, large ones fetched back from the content store), as JSON:
 * what a case bundle holds (the history given is decoded in place), so that an expert with no keys and no server
 * can read it and recompute its step record.
 */
export async function decodedHistoryJson(history: temporal.api.history.v1.IHistory, codecs: readonly PayloadCodec[]): Promise<string> {
  const decode = async (payload: Payload): Promise<Payload> => {
    let decoded = payload;
    for (const codec of [...codecs].reverse()) [decoded] = (await codec.decode([decoded])) as [Payload];
    return decoded;
  };
  const walk = async (value: unknown): Promise<unknown> => {
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
    if (isPayload(value)) return decode(value);
    if (Array.isArray(value)) return Promise.all(value.map(walk));
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = await walk(record[key]);
    return record;
  };
  // In place: the history was fetched for this export alone.
  await walk(history);
  return historyToJSON(history);
}
