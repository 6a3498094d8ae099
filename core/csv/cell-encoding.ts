/**
 * R-F5: a cell of a UTF-8 file holding bytes that are not UTF-8 (pasted from an old system). The
 * reader keeps those bytes as escapes (utf8-escapes.ts); each such cell is a `cell.encoding` error,
 * since MAAC would import "�" there. Its value is shown with the bad bytes read in the most
 * plausible legacy encoding, and that reading is the fix when it is clean.
 */
import iconv from 'iconv-lite';
import type { Issue } from '../model.ts';
import { makeIssue } from '../rules/issue.ts';
import { READ_CODES } from '../rules/codes.ts';
import { ICONV_NAMES, LEGACY_ENCODINGS, scoreDecodedText, type LegacyEncodingId } from './legacy-encoding.ts';
import { ENCODING_LABELS } from './encoding.ts';

/** An escaped byte: a low surrogate in U+DC80–U+DCFF with no high surrogate before it. */
const BYTE_ESCAPE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
/**
 * A run of escaped bytes, with the ASCII between them: an ASCII byte can be the second byte of a
 * Big5 or Shift_JIS character (王 is A4 FD in Big5, 小 A4 70), so it is read with them.
 */
const BYTE_ESCAPES = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF](?:[^\u0080-\uFFFF]*[\uDC80-\uDCFF])*/g;
/** What a clean reading has none of: replacement characters, controls, private use. */
const UNCLEAN = /(?![\t\n\r])[\uFFFD\p{Cc}\uE000-\uF8FF]/u;

export function hasByteEscapes(text: string): boolean {
  return BYTE_ESCAPE.test(text);
}

/** A run of escapes and ASCII as the bytes it was. */
function escapedBytes(run: string): Buffer {
  const bytes = Buffer.alloc(run.length);
  for (let i = 0; i < run.length; i++) {
    const code = run.charCodeAt(i);
    bytes[i] = code < 0x80 ? code : code - 0xdc00;
  }
  return bytes;
}

export interface LegacyReading {
  text: string;
  /** Label of the encoding the bad bytes were read in. */
  encoding: string;
  clean: boolean;
}

function readAs(text: string, id: LegacyEncodingId): { text: string; clean: boolean } {
  let clean = true;
  const read = text.replace(BYTE_ESCAPES, (run) => {
    const decoded = iconv.decode(escapedBytes(run), ICONV_NAMES[id]);
    if (UNCLEAN.test(decoded)) clean = false;
    return decoded;
  });
  return { text: read, clean };
}

/**
 * The text with its runs of escaped bytes read in the encoding whose reading of the whole cell is
 * most plausible: the letters around a byte tell `Ren?e` (Windows-1252 é) from Thai, and the
 * cell's Chinese from Big5's look-alikes. Ties go to the earlier encoding of LEGACY_ENCODINGS.
 */
export function legacyReading(text: string): LegacyReading {
  let best: { id: LegacyEncodingId; score: number; reading: { text: string; clean: boolean } } | undefined;
  for (const id of LEGACY_ENCODINGS) {
    const reading = readAs(text, id);
    const score = scoreDecodedText(id, reading.text);
    if (best === undefined || score > best.score) best = { id, score, reading };
  }
  return { text: best!.reading.text, encoding: ENCODING_LABELS[best!.id], clean: best!.reading.clean };
}

/** The `cell.encoding` issues of a row (or of the header, as row `headerRow`). */
export function cellEncodingIssues(row: number, cells: readonly string[], header: readonly string[]): Issue[] {
  const issues: Issue[] = [];
  for (let col = 0; col < cells.length; col++) {
    if (!hasByteEscapes(cells[col])) continue;
    const reading = legacyReading(cells[col]);
    const location: { row: number; columnIndex: number; column?: string; value: string; fix?: string } = { row, columnIndex: col, value: reading.text };
    if (col < header.length) location.column = header[col];
    if (reading.clean) location.fix = reading.text;
    issues.push(makeIssue('cell.encoding', location, { encoding: reading.encoding }));
  }
  return issues;
}

/**
 * A stored row's reader issues, to check it again: `cell.encoding` follows the cells as they are
 * now (an edit that fixes the cell clears it, an undo brings it back), the others stay as read.
 */
export function readIssuesOf(row: number, cells: readonly string[], header: readonly string[], stored: readonly Issue[], cellsEdited: boolean): Issue[] {
  const kept = stored.filter((i) => READ_CODES.has(i.code) && i.code !== 'cell.encoding');
  if (!cellsEdited && !stored.some((i) => i.code === 'cell.encoding')) return kept;
  return [...kept, ...cellEncodingIssues(row, cells, header)];
}
