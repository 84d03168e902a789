/**
 * Media types of content without a binary signature: JSON, CSV/TSV or plain text when the bytes are valid UTF-8
 * without control characters, else application/octet-stream.
 */

/** A delimited file's first lines are enough to see its shape; reading all of a large one adds nothing. */
const linesSniffed = 50;
const decoder = new TextDecoder('utf-8', { fatal: true });

export function mediaTypeFromText(content: Buffer): string {
  if (content.length === 0 || hasControlBytes(content)) return 'application/octet-stream';
  let text: string;
  try {
    text = decoder.decode(content);
  } catch {
    return 'application/octet-stream';
  }
  text = text.replace(/^\uFEFF/, '');
  if (isJson(text)) return 'application/json';
  const delimiter = delimiterOf(text);
  if (delimiter === '\t') return 'text/tab-separated-values';
  if (delimiter) return 'text/csv';
  return 'text/plain';
}

/** NUL and other C0 controls (but tab, line feed, form feed, carriage return) and DEL do not occur in text. */
function hasControlBytes(content: Buffer): boolean {
  for (const byte of content) {
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) {
      return true;
    }
  }
  return false;
}

function isJson(text: string): boolean {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}

/**
 * The delimiter when at least two lines all have the same number (one or more) of it outside quotes: the shape of
 * a table. Comma first, as the commonest.
 */
function delimiterOf(text: string): string | undefined {
  const lines = text
    .split(/\r?\n/, linesSniffed + 1)
    .slice(0, linesSniffed)
    .filter((line) => line.trim() !== '');
  if (lines.length < 2) return undefined;
  return [',', ';', '\t'].find((delimiter) => {
    const first = countOutsideQuotes(lines[0] ?? '', delimiter);
    return first > 0 && lines.every((line) => countOutsideQuotes(line, delimiter) === first);
  });
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count += 1;
  }
  return count;
}
