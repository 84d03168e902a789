import { createHash } from 'node:crypto';
import { evidenceInputSchema, type EvidenceInput, type EvidenceItemResult, type EvidenceResult } from './schema';
import { defineAgentAction } from '../agent-action';
import { extensionMatches } from './extensions';
import { mediaTypeFromSignature } from './magic-bytes';
import { mediaTypeFromText } from './text-sniffing';

/** Media type of content: its binary signature first, then text sniffing. */
export function detectMediaType(content: Buffer): string {
  return mediaTypeFromSignature(content) ?? mediaTypeFromText(content);
}

/**
 * Fingerprints evidence: SHA-256 and size of the exact bytes (text as UTF-8), the media type from the content,
 * whether the name's extension agrees, and groups of identical items.
 */
export const contentOf = (item: EvidenceInput['items'][number]): Buffer =>
  item.contentBase64 !== undefined ? Buffer.from(item.contentBase64, 'base64') : Buffer.from(item.text ?? '', 'utf8');

export function fingerprint(input: EvidenceInput): EvidenceResult {
  const itemsByHash = new Map<string, string[]>();
  let totalBytes = 0;
  const items = input.items.map((item): EvidenceItemResult => {
    const content = contentOf(item);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const mediaType = detectMediaType(content);
    totalBytes += content.length;
    const sameHash = itemsByHash.get(sha256);
    if (sameHash) sameHash.push(item.id);
    else itemsByHash.set(sha256, [item.id]);
    return {
      id: item.id,
      name: item.name,
      sha256,
      sizeBytes: content.length,
      mediaType,
      extensionMatches: extensionMatches(item.name, mediaType),
    };
  });
  return { items, duplicates: [...itemsByHash.values()].filter((ids) => ids.length > 1), totalBytes };
}

export const evidenceActions = [
  defineAgentAction({
    agent: 'evidence',
    name: 'processEvidence',
    description: 'SHA-256, size and real media type of evidence files, whether the extension agrees, and identical items.',
    input: evidenceInputSchema,
    // The vault keeps each item's bytes under its SHA-256, and the ingest joins its chain of custody.
    run: async (input, deps) => {
      const result = fingerprint(input);
      await deps.keepEvidence?.(input.items.map((item, index) => ({ sha256: result.items[index]?.sha256 ?? '', bytes: contentOf(item) })));
      return result;
    },
    summarize: (result) => ({
      message: 'Evidence fingerprinted',
      counts: {
        items: result.items.length,
        totalBytes: result.totalBytes,
        duplicateGroups: result.duplicates.length,
        extensionMismatches: result.items.filter((item) => !item.extensionMatches).length,
      },
    }),
  }),
] as const;
