/** Input and result of the evidence agent (job type EVIDENCE_PROCESSING). Pure module. */
import { z } from 'zod';
import { idSchema, uniqueIds } from '../shared/common-schema';

/** Enough for any body the HTTP facade accepts (512 KB); base64 is 4/3 the size of the bytes. */
const maxContentChars = 1_000_000;

const evidenceItemSchema = z
  .strictObject({
    id: idSchema,
    /** File name as collected, e.g. "invoice-7781.pdf": its extension is checked against the content. */
    name: z.string().trim().min(1).max(255),
    /** Standard base64 (RFC 4648 alphabet, with padding, no line breaks). */
    contentBase64: z
      .base64({ error: 'must be standard base64 (A-Z a-z 0-9 + /, padded with =, no line breaks)' })
      .max(maxContentChars)
      .optional(),
    /** Text content, hashed as its UTF-8 bytes. */
    text: z.string().max(maxContentChars).optional(),
  })
  .superRefine((item, ctx) => {
    if ((item.contentBase64 === undefined) === (item.text === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['contentBase64'], message: 'give exactly one of contentBase64 and text' });
    }
  });

export const evidenceInputSchema = z.strictObject({
  items: z.array(evidenceItemSchema).min(1).max(1_000).superRefine(uniqueIds),
});
export type EvidenceInput = z.infer<typeof evidenceInputSchema>;

export interface EvidenceItemResult {
  id: string;
  name: string;
  /** Lower-case hex SHA-256 of the content bytes. */
  sha256: string;
  sizeBytes: number;
  /** Detected from the content, never from the name. */
  mediaType: string;
  /** Whether the name's extension is one the detected media type uses: a mismatch is itself a finding. */
  extensionMatches: boolean;
}

export interface EvidenceResult {
  items: EvidenceItemResult[];
  /** Groups of ids (two or more) whose contents are identical, in input order. */
  duplicates: string[][];
  totalBytes: number;
}
