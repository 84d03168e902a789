/** Media types recognised by the signature at the start of the content ("magic bytes"). */

export const officeMediaTypes = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
} as const;

interface Signature {
  mediaType: string;
  bytes: readonly number[];
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

const signatures: readonly Signature[] = [
  { mediaType: 'application/pdf', bytes: ascii('%PDF-') },
  { mediaType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/gif', bytes: ascii('GIF87a') },
  { mediaType: 'image/gif', bytes: ascii('GIF89a') },
  { mediaType: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { mediaType: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { mediaType: 'application/gzip', bytes: [0x1f, 0x8b] },
  // Local file header; the second is the end-of-central-directory record an empty archive starts with.
  { mediaType: 'application/zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { mediaType: 'application/zip', bytes: [0x50, 0x4b, 0x05, 0x06] },
];

/**
 * Office Open XML documents (docx, xlsx, pptx) are ZIP archives; the central directory at the end of every
 * archive lists each entry's name uncompressed, so the part that defines the document type can be looked for
 * directly. A ZIP without it is reported as a plain ZIP, even when it is named .docx.
 */
const officeMainParts: readonly { part: Buffer; mediaType: string }[] = [
  { part: Buffer.from('word/document.xml'), mediaType: officeMediaTypes.docx },
  { part: Buffer.from('xl/workbook.xml'), mediaType: officeMediaTypes.xlsx },
  { part: Buffer.from('ppt/presentation.xml'), mediaType: officeMediaTypes.pptx },
];
const contentTypesPart = Buffer.from('[Content_Types].xml');

export function mediaTypeFromSignature(content: Buffer): string | undefined {
  const match = signatures.find((s) => s.bytes.length <= content.length && s.bytes.every((b, i) => content[i] === b));
  if (match?.mediaType !== 'application/zip') return match?.mediaType;
  if (!content.includes(contentTypesPart)) return match.mediaType;
  return officeMainParts.find((office) => content.includes(office.part))?.mediaType ?? match.mediaType;
}
