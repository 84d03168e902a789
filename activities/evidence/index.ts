import { createHash } from 'node:crypto';
import { evidenceInputSchema, type EvidenceInput, type EvidenceItemResult, type EvidenceResult } from './schema';
import { logActivitySummary } from '../activity-log';
import { extensionMatches } from './extensions';
import { mediaTypeFromSignature } from './magic-bytes';
import { mediaTypeFromText } from './text-sniffing';
import { parseJobData } from '../parse-job-data';
import { settle } from '../sync-activity';

/** Media type of content: its binary signature first, then text sniffing. */
export function detectMediaType(content: Buffer): string {
  return mediaTypeFromSignature(content) ?? mediaTypeFromText(content);
}

/**
 * Fingerprints evidence: SHA-256 and size of the exact bytes (text as UTF-8), the media type from the content,
 * whether the name's extension agrees, and groups of identical items.
 */
export function fingerprint(input: EvidenceInput): EvidenceResult {
  const itemsByHash = new Map<string, string[]>();
  let totalBytes = 0;
  const items = input.items.map((item): EvidenceItemResult => {
    const content = item.contentBase64 !== undefined ? Buffer.from(item.contentBase64, 'base64') : Buffer.from(item.text ?? '', 'utf8');
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

export type EvidenceDeps = Record<string, never>;

export function createEvidenceActivities(_deps: EvidenceDeps = {}) {
  return {
    processEvidence(data: unknown): Promise<EvidenceResult> {
      return settle(() => {
        const result = fingerprint(parseJobData(evidenceInputSchema, data));
        logActivitySummary('Evidence fingerprinted', {
          items: result.items.length,
          totalBytes: result.totalBytes,
          duplicateGroups: result.duplicates.length,
          extensionMismatches: result.items.filter((item) => !item.extensionMatches).length,
        });
        return result;
      });
    },
  };
}
