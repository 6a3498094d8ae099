/**
 * Files people pick by mistake instead of a CSV, told by their first bytes (their "magic numbers"):
 * pictures, PDF documents, Excel workbooks. Such a file is not text, whatever else it contains, so
 * it is reported as what it is rather than as "NUL bytes" (issue #15: say in plain words what it is).
 */
export type KnownFormat = 'picture' | 'pdf' | 'workbook';

export interface FormatMatch {
  format: KnownFormat;
  /** The file.binary `reason` param (translated in core/rules/messages.ts). */
  reason: 'it is a picture (PNG)' | 'it is a picture (JPEG)' | 'it is a picture (GIF)' | 'it is a picture (WebP)' | 'it is a PDF document' | 'it is a zip archive' | 'it is an Excel workbook (.xls)';
}

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0) => head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const SIGNATURES: ReadonlyArray<{ test: (head: Uint8Array) => boolean; match: FormatMatch }> = [
  { test: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), match: { format: 'picture', reason: 'it is a picture (PNG)' } },
  { test: (h) => startsWith(h, [0xff, 0xd8, 0xff]), match: { format: 'picture', reason: 'it is a picture (JPEG)' } },
  { test: (h) => startsWith(h, ascii('GIF87a')) || startsWith(h, ascii('GIF89a')), match: { format: 'picture', reason: 'it is a picture (GIF)' } },
  { test: (h) => startsWith(h, ascii('RIFF')) && startsWith(h, ascii('WEBP'), 8), match: { format: 'picture', reason: 'it is a picture (WebP)' } },
  { test: (h) => startsWith(h, ascii('%PDF-')), match: { format: 'pdf', reason: 'it is a PDF document' } },
  // .xlsx (and .docx, .zip …) are zip archives: a local file header, or the end record of an empty one.
  { test: (h) => startsWith(h, [0x50, 0x4b, 0x03, 0x04]) || startsWith(h, [0x50, 0x4b, 0x05, 0x06]), match: { format: 'workbook', reason: 'it is a zip archive' } },
  // .xls: an OLE compound document.
  { test: (h) => startsWith(h, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), match: { format: 'workbook', reason: 'it is an Excel workbook (.xls)' } },
];

/** The known non-text format a file's first bytes announce, if any. */
export function knownFormatOf(head: Uint8Array): FormatMatch | undefined {
  return SIGNATURES.find((s) => s.test(head))?.match;
}
