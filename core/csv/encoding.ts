/**
 * Detects a file's text encoding, or that it is not text (RULES.md R-F1, R-F3).
 *
 * Order: a known non-text format by its first bytes (file-format.ts); a BOM (UTF-8, UTF-16 LE/BE); UTF-16 without BOM by its NUL pattern; NUL or control
 * bytes → not text; no byte above 0x7F or valid UTF-8 → UTF-8; otherwise the most plausible legacy
 * encoding (`legacy-encoding.ts`), unless it is UTF-8 but for a few cells (R-F5). When the first 64 KB are plain ASCII, the file is scanned on for
 * lines with non-ASCII bytes, so a Big5 name in row 5,000 is not missed.
 */
import type { FileHandle } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { ICONV_NAMES, rankLegacyEncodings } from './legacy-encoding.ts';
import { utf8Tally } from './utf8-escapes.ts';
import { readAt } from './read-at.ts';
import { ENCODING_LABELS, type EncodingId } from '../model.ts';

export { ENCODING_LABELS };
import { knownFormatOf, type FormatMatch, type KnownFormat } from './file-format.ts';

export type { EncodingId } from '../model.ts';

export interface DetectedEncoding {
  id: EncodingId;
  bom: boolean;
  /** Human label, e.g. "Big5 (Traditional Chinese)", "UTF-16 LE". */
  label: string;
  /** Other encodings that read the file about as well (a legacy file with little text: R-F5). */
  alternatives?: EncodingId[];
  /** The user chose it (`--encoding`, the app's option) rather than ListPrep detecting it. */
  chosen?: boolean;
}

export type BinaryReason = 'it contains NUL bytes' | 'it contains mostly non-text bytes' | FormatMatch['reason'];

export type EncodingVerdict =
  | {
      kind: 'text';
      encoding: DetectedEncoding;
      /** Bytes of BOM to skip before decoding. */
      bomLength: number;
      /** The first bytes of the file (BOM included), for delimiter detection. */
      head: Buffer;
      /** Whether `head` is the whole file. */
      headIsWholeFile: boolean;
    }
  | { kind: 'binary'; reason: BinaryReason; format?: KnownFormat };


/** Names `--encoding` takes for each encoding (the first is the one help and messages use). */
export const ENCODING_NAMES: Record<EncodingId, readonly string[]> = {
  'utf-8': ['utf-8', 'utf8'],
  'utf-16le': ['utf-16le', 'utf16le', 'utf-16'],
  'utf-16be': ['utf-16be', 'utf16be'],
  big5: ['big5', 'cp950', 'big5-hkscs'],
  gb18030: ['gb18030', 'gbk', 'gb2312', 'cp936'],
  shift_jis: ['shift_jis', 'sjis', 'cp932'],
  'windows-874': ['windows-874', 'cp874', 'tis-620'],
  'windows-1252': ['windows-1252', 'cp1252', 'latin1', 'iso-8859-1'],
};

/** The encoding a user's name for it stands for (case-insensitive), if any. */
export function encodingByName(name: string): EncodingId | undefined {
  const wanted = name.trim().toLowerCase();
  return (Object.keys(ENCODING_NAMES) as EncodingId[]).find((id) => ENCODING_NAMES[id].includes(wanted));
}

/**
 * The verdict when the user chose the encoding: the file's own BOM is skipped when it is that
 * encoding's; a file detected as not text stays so, unless UTF-16 was chosen (its ASCII is half NULs).
 */
export function chosenEncoding(detected: EncodingVerdict, head: Buffer, headIsWholeFile: boolean, id: EncodingId): EncodingVerdict {
  if (detected.kind === 'binary' && id !== 'utf-16le' && id !== 'utf-16be') return detected;
  const bom = bomOf(head);
  return { kind: 'text', encoding: { ...describe(id, bom?.id === id), chosen: true }, bomLength: bom?.id === id ? bom.length : 0, head, headIsWholeFile };
}

export function iconvName(id: EncodingId): string {
  if (id === 'utf-8') return 'utf8';
  if (id === 'utf-16le') return 'utf16le';
  if (id === 'utf-16be') return 'utf16be';
  return ICONV_NAMES[id];
}

export const HEAD_BYTES = 64 * 1024;
const SCAN_CHUNK_BYTES = 1024 * 1024;
const SCAN_LIMIT_BYTES = 256 * 1024 * 1024;
const SEGMENT_BYTES = 16 * 1024;
/** Share of control bytes above which a file is "mostly non-text"; real text has almost none. */
const CONTROL_SHARE_LIMIT = 0.25;
/** Share of 16-bit units with a NUL in one half (and almost none in the other) that marks UTF-16. */
const UTF16_NUL_SHARE = 0.1;

/** The file's encoding as detected, or as chosen (`chosen`). */
export async function detectFileEncoding(file: FileHandle, size: number, chosen?: EncodingId): Promise<EncodingVerdict> {
  const head = await readAt(file, 0, Math.min(size, HEAD_BYTES));
  const headIsWholeFile = head.length >= size;
  const more = async (): Promise<Buffer[]> => (headIsWholeFile ? [] : collectNonAsciiLines(file, head.length, size));
  const detected = await detectEncoding(head, headIsWholeFile, more);
  return chosen === undefined ? detected : chosenEncoding(detected, head, headIsWholeFile, chosen);
}

/**
 * Detects the encoding of a file that starts with `head`. `moreSamples` is asked for further
 * line-aligned pieces of the file only when `head` is plain ASCII and not the whole file.
 */
export async function detectEncoding(
  head: Buffer,
  headIsWholeFile: boolean,
  moreSamples: () => Promise<Buffer[]> = async () => [],
): Promise<EncodingVerdict> {
  const text = (encoding: DetectedEncoding, bomLength: number): EncodingVerdict => ({ kind: 'text', encoding, bomLength, head, headIsWholeFile });

  // A picture, PDF or workbook is named as such, before any guess from its bytes.
  const known = knownFormatOf(head);
  if (known) return { kind: 'binary', reason: known.reason, format: known.format };

  const bom = bomOf(head);
  if (bom !== undefined) {
    if (bom.id === 'utf-8') {
      const binary = binaryReason(head.subarray(bom.length));
      return binary ? { kind: 'binary', reason: binary } : text(describe('utf-8', true), bom.length);
    }
    const binary = decodedBinaryReason(iconv.decode(head.subarray(bom.length), iconvName(bom.id)));
    return binary ? { kind: 'binary', reason: binary } : text(describe(bom.id, true), bom.length);
  }

  const utf16 = utf16ByNulPattern(head);
  // A few NULs in a small UTF-8 file can fit the pattern; read as UTF-16 such a file has no line
  // break or delimiter at all, so it is taken for what it is: text with NUL bytes (not text).
  const utf16Text = utf16 === undefined ? undefined : iconv.decode(head, iconvName(utf16));
  if (utf16 !== undefined && utf16Text !== undefined && /[\r\n,;\t|]/.test(utf16Text)) {
    const binary = decodedBinaryReason(utf16Text);
    return binary ? { kind: 'binary', reason: binary } : text(describe(utf16, false), 0);
  }

  const headBinary = binaryReason(head);
  if (headBinary) return { kind: 'binary', reason: headBinary };

  const samples = [head];
  if (!hasHighByte(head)) {
    const extra = await moreSamples();
    for (const piece of extra) {
      const binary = binaryReason(piece);
      if (binary) return { kind: 'binary', reason: binary };
    }
    samples.push(...extra);
  }
  if (!samples.some(hasHighByte)) return text(describe('utf-8', false), 0);
  // Every piece but the last of the whole file may end inside a character.
  if (samples.every((piece, index) => isValidUtf8(piece, !(headIsWholeFile && index === 0)))) {
    return text(describe('utf-8', false), 0);
  }
  // R-F5: UTF-8 text with a few cells in another encoding stays UTF-8; those cells are reported.
  if (mostlyUtf8(samples)) return text(describe('utf-8', false), 0);
  const sample = Buffer.concat(samples.flatMap((piece, index) => (index === 0 ? [piece] : [NEWLINE, piece])));
  const { best, alternatives } = rankLegacyEncodings(sample);
  const detected = describe(best, false);
  if (alternatives.length > 0) detected.alternatives = alternatives;
  return text(detected, 0);
}

const NEWLINE = Buffer.from('\n');

/**
 * Bytes of well-formed multi-byte UTF-8 outnumber the others this many times in UTF-8 text with a
 * few pasted cells. Legacy text is the other way round: a Big5 or GB18030 character looks like
 * UTF-8 only by chance (about one in twelve), a Windows-1252 letter almost never.
 */
const MOSTLY_UTF8_RATIO = 4;

function mostlyUtf8(samples: readonly Buffer[]): boolean {
  let multiByte = 0;
  let invalid = 0;
  for (const piece of samples) {
    const tally = utf8Tally(piece);
    multiByte += tally.multiByte;
    invalid += tally.invalid;
  }
  return multiByte > 0 && multiByte >= MOSTLY_UTF8_RATIO * invalid;
}

function describe(id: EncodingId, bom: boolean): DetectedEncoding {
  return { id, bom, label: id === 'utf-8' && bom ? 'UTF-8 with BOM' : ENCODING_LABELS[id] };
}

export function bomOf(bytes: Uint8Array): { id: 'utf-8' | 'utf-16le' | 'utf-16be'; length: number } | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { id: 'utf-8', length: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { id: 'utf-16le', length: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { id: 'utf-16be', length: 2 };
  return undefined;
}

/** ASCII text in UTF-16 has a NUL in the high half of most 16-bit units and none in the low half. */
export function utf16ByNulPattern(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const units = Math.floor(bytes.length / 2);
  if (units === 0) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  if (oddNul >= units * UTF16_NUL_SHARE && evenNul <= oddNul * 0.1) return 'utf-16le';
  if (evenNul >= units * UTF16_NUL_SHARE && oddNul <= evenNul * 0.1) return 'utf-16be';
  return undefined;
}

function isControlByte(b: number): boolean {
  return (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f;
}

function binaryReason(bytes: Uint8Array): BinaryReason | undefined {
  if (bytes.includes(0)) return 'it contains NUL bytes';
  let control = 0;
  for (const b of bytes) if (isControlByte(b)) control++;
  return bytes.length > 0 && control / bytes.length > CONTROL_SHARE_LIMIT ? 'it contains mostly non-text bytes' : undefined;
}

function decodedBinaryReason(text: string): BinaryReason | undefined {
  if (text.includes('\0')) return 'it contains NUL bytes';
  let control = 0;
  for (let i = 0; i < text.length; i++) if (isControlByte(text.charCodeAt(i))) control++;
  return text.length > 0 && control / text.length > CONTROL_SHARE_LIMIT ? 'it contains mostly non-text bytes' : undefined;
}

function hasHighByte(bytes: Uint8Array): boolean {
  return /[\x80-\xff]/.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
}

/** Strict UTF-8 validation; `allowCutEnd` accepts an incomplete character at the end (a cut sample). */
export function isValidUtf8(bytes: Uint8Array, allowCutEnd: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: allowCutEnd });
    return true;
  } catch {
    return false;
  }
}


/**
 * Scans the file after `from` for lines holding non-ASCII bytes and returns up to HEAD_BYTES of
 * them, each piece starting at a line start so multi-byte characters stay aligned.
 */
async function collectNonAsciiLines(file: FileHandle, from: number, size: number): Promise<Buffer[]> {
  const pieces: Buffer[] = [];
  let collected = 0;
  const end = Math.min(size, from + SCAN_LIMIT_BYTES);
  for (let position = from; position < end && collected < HEAD_BYTES; position += SCAN_CHUNK_BYTES) {
    const chunk = await readAt(file, position, Math.min(SCAN_CHUNK_BYTES, end - position));
    if (chunk.length === 0) break;
    const latin1 = chunk.toString('latin1');
    const highByte = /[\x80-\xff]/g;
    let match: RegExpExecArray | null;
    while (collected < HEAD_BYTES && (match = highByte.exec(latin1)) !== null) {
      const lineStart = latin1.lastIndexOf('\n', match.index) + 1;
      let pieceEnd = Math.min(chunk.length, lineStart + SEGMENT_BYTES);
      const lastNewline = latin1.lastIndexOf('\n', pieceEnd - 1);
      if (pieceEnd < chunk.length && lastNewline > match.index) pieceEnd = lastNewline + 1;
      pieces.push(Buffer.from(chunk.subarray(lineStart, pieceEnd)));
      collected += pieceEnd - lineStart;
      highByte.lastIndex = pieceEnd;
    }
    if (chunk.length < SCAN_CHUNK_BYTES) break;
  }
  return pieces;
}
