import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { ContentStore } from './content-store';

/** The encoding of a payload whose data was moved to the content store. */
export const claimCheckEncoding = 'binary/taskmaster-claim-check';
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

interface ClaimCheck {
  sha256: string;
  sizeBytes: number;
  /** The original payload (metadata and data), encoded as protobuf, is what the store holds. */
}

/**
 * The claim-check pattern as a Temporal payload codec: a payload larger than the threshold is stored in the content
 * store and replaced, in every workflow input, activity input and output, result and query answer, by a small
 * reference to its SHA-256. Temporal's history therefore never holds the large data; the client and the workers
 * fetch it back transparently. The Web UI shows the reference instead of the data.
 */
export class ClaimCheckCodec implements PayloadCodec {
  constructor(
    private readonly store: ContentStore,
    private readonly thresholdBytes: number,
  ) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(
      payloads.map(async (payload) => {
        if ((payload.data?.byteLength ?? 0) <= this.thresholdBytes) return payload;
        const original = temporal.api.common.v1.Payload.encode(payload).finish();
        const check: ClaimCheck = { sha256: await this.store.put(original), sizeBytes: original.byteLength };
        return { metadata: { encoding: textEncoder.encode(claimCheckEncoding) }, data: textEncoder.encode(JSON.stringify(check)) };
      }),
    );
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(
      payloads.map(async (payload) => {
        const encoding = payload.metadata?.encoding;
        if (!encoding || textDecoder.decode(encoding) !== claimCheckEncoding) return payload;
        const check = JSON.parse(textDecoder.decode(payload.data ?? new Uint8Array())) as ClaimCheck;
        return temporal.api.common.v1.Payload.decode(await this.store.get(check.sha256));
      }),
    );
  }
}
