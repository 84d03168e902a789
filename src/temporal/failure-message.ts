import type { Client } from '@temporalio/client';
import type { ProtoFailure } from '@temporalio/common';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';

/**
 * The message of a raw failure (a pending activity's last failure), decoded: with encoded common attributes the raw
 * message is only "Encoded failure", and the real one is an encrypted payload that the client's codecs open.
 */
export async function failureMessageOf(client: Client, failure: ProtoFailure | null | undefined): Promise<string | undefined> {
  if (!failure) return undefined;
  try {
    const error = await decodeOptionalFailureToOptionalError(client.options.loadedDataConverter, failure);
    return error?.message || failure.message || undefined;
  } catch {
    return failure.message || undefined;
  }
}
