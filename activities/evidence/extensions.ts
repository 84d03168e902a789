import { officeMediaTypes } from './magic-bytes';

/** Extensions each detected media type is normally saved with. '' = a name without an extension. */
const extensionsByMediaType: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/gif': ['gif'],
  'image/tiff': ['tif', 'tiff'],
  'application/gzip': ['gz', 'tgz'],
  'application/zip': ['zip'],
  [officeMediaTypes.docx]: ['docx', 'docm'],
  [officeMediaTypes.xlsx]: ['xlsx', 'xlsm'],
  [officeMediaTypes.pptx]: ['pptx', 'pptm'],
  'application/json': ['json'],
  'text/csv': ['csv', 'txt'],
  'text/tab-separated-values': ['tsv', 'tab', 'txt'],
  // Irregular CSV and markup are still plain text to the sniffer; JSON is not here: a .json that does not parse
  // is corrupt or not what it claims.
  'text/plain': ['txt', 'text', 'log', 'md', 'csv', 'tsv', 'xml', 'html', 'htm', 'eml', ''],
};

const claimedExtensions = new Set(Object.values(extensionsByMediaType).flat());

/** Lower-case extension without the dot; '' for "README" and for dot files such as ".env". */
export function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/**
 * Whether the name agrees with the content. Unidentified content (application/octet-stream) agrees with any
 * extension no known type claims (.bin, .dat, none) and disagrees with one that promises a known type: a ".pdf"
 * that is not a PDF is exactly what an examiner wants to see.
 */
export function extensionMatches(name: string, mediaType: string): boolean {
  const extension = extensionOf(name);
  const expected = extensionsByMediaType[mediaType];
  if (expected) return expected.includes(extension);
  return extension === '' || !claimedExtensions.has(extension);
}
