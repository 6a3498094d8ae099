/**
 * Opens a CSV (or tab-separated text) file as a table: encoding, delimiter, header, then data
 * records streamed in batches (RULES.md R-F1–R-F3). The file is only read, never written (R-F4),
 * and never held whole in memory: bytes stream through a decoder (chunk-decoder.ts) into the tokenizer.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import iconv from 'iconv-lite';
import type { Issue, MessageParams } from '../model.ts';
import { makeIssue } from '../rules/issue.ts';
import { detectDelimiter, DELIMITER_WORDS, isBlankRecord, type Delimiter } from './delimiter.ts';
import { detectFileEncoding, ENCODING_LABELS, iconvName, type DetectedEncoding, type EncodingId, type EncodingVerdict } from './encoding.ts';
import { CsvTokenizer, MAX_CELL_CHARS, MAX_RECORD_CHARS, SpanRecord, type RawRecord, type TooLargeCell } from './tokenizer.ts';
import { chunkDecoder } from './chunk-decoder.ts';
import { cellEncodingIssues } from './cell-encoding.ts';
import { sniffWorkbook, type WorkbookSniff } from './workbook-sniff.ts';
import { openWorkbook } from './workbook.ts';

export type { EncodingId, DetectedEncoding } from './encoding.ts';
export type { Delimiter } from './delimiter.ts';

import { BATCH_RECORDS, type CsvRecord, type OpenedTable, type OpenResult, type RecordsOptions } from './table.ts';

export { BATCH_RECORDS, type CsvRecord, type OpenedTable, type OpenResult, type RecordsOptions };
const READ_CHUNK_BYTES = 64 * 1024;
/** Longest cell text copied into an issue's `value`. */
const ISSUE_VALUE_CHARS = 1000;

interface TableSource {
  path: string;
  encodingName: string;
  delimiter: Delimiter;
  startByte: number;
  sizeBytes: number;
}

export interface OpenOptions {
  /** The encoding the user chose (R-F5); detected when absent. */
  encoding?: EncodingId;
  /** A workbook's sheet to read (R-F7); the first non-empty one when absent. Ignored for a CSV. */
  sheet?: string;
}

export async function openTable(path: string, options: OpenOptions = {}): Promise<OpenResult> {
  let size: number;
  let verdict: EncodingVerdict;
  let workbook: WorkbookSniff | undefined;
  try {
    const info = await stat(path);
    if (!info.isFile()) return unreadable(path, notAFile(info));
    const file = await open(path, 'r');
    try {
      size = (await file.stat()).size;
      if (size === 0) return empty('is empty');
      // R-F7: a workbook is known by its bytes, whatever its name.
      workbook = await sniffWorkbook(file, size);
      verdict = await detectFileEncoding(file, size, options.encoding);
    } finally {
      await file.close();
    }
  } catch (error) {
    return fileFailure(path, error);
  }
  if (workbook !== undefined) return workbook.kind === 'xlsx' ? openWorkbook(path, size, workbook.entries, options.sheet) : { ok: false, issue: workbookRefusal(path, workbook) };
  if (verdict.kind === 'binary') return { ok: false, issue: makeIssue('file.binary', {}, verdict.format ? { reason: verdict.reason, format: verdict.format } : { reason: verdict.reason }) };
  if (verdict.bomLength >= size) return empty('is empty');

  const encodingName = iconvName(verdict.encoding.id);
  let headText = iconv.decode(verdict.head.subarray(verdict.bomLength), encodingName);
  const hint = delimiterHint(headText);
  let startByte = verdict.bomLength;
  if (hint !== undefined) {
    // R-F6: the table starts after the hint line, as in the spreadsheet that wrote it (its header is row 1).
    startByte += iconv.encode(hint.line, encodingName).length;
    headText = headText.slice(hint.line.length);
    if (startByte >= size) return empty('is empty');
  }
  const delimiter = hint?.delimiter ?? detectDelimiter(headText, verdict.headIsWholeFile);
  const source: TableSource = { path, encodingName, delimiter, startByte, sizeBytes: size };

  let probe: Probe;
  try {
    probe = await probeHeader(source);
  } catch (error) {
    return fileFailure(path, error);
  }
  if (probe.tooWide !== undefined) return { ok: false, issue: makeIssue('file.too_wide', {}, { columns: probe.tooWide.toLocaleString('en'), limit: MAX_COLUMNS.toLocaleString('en') }) };
  if (probe.header === undefined) return empty('is empty');
  if (!probe.hasData) return empty('has only a header row');

  const header = probe.header.cells;
  const headerRow = probe.header.row;
  const fileIssues: Issue[] = [];
  if (verdict.encoding.id !== 'utf-8') fileIssues.push(encodingIssue(verdict.encoding));
  if (hint !== undefined) fileIssues.push(makeIssue('file.sep_line', {}, { line: hint.line.trim() }));
  if (delimiter !== ',') fileIssues.push(makeIssue('file.delimiter', {}, { delimiter: DELIMITER_WORDS[delimiter] }));
  for (const cell of probe.header.tooLargeCells ?? []) fileIssues.push(tooLargeIssue(headerRow, cell));
  for (const column of probe.header.unterminatedQuoteColumns ?? []) {
    fileIssues.push(makeIssue('file.unterminated_quote', { row: headerRow, columnIndex: column }));
  }
  fileIssues.push(...cellEncodingIssues(headerRow, header, header));

  const table: OpenedTable = {
    path,
    encoding: verdict.encoding,
    delimiter,
    header,
    headerRow,
    fileIssues,
    sizeBytes: size,
    records: (options = {}) => dataRecords(source, header, headerRow, options),
  };
  return { ok: true, table };
}

const WORKBOOK_FORMATS = {
  xls: 'an Excel 97–2003 workbook (.xls)',
  xlsb: 'an Excel binary workbook (.xlsb)',
  ods: 'an OpenDocument spreadsheet (.ods)',
} as const;

/** R-F7: a workbook ListPrep does not read, a protected one or a damaged one, each with what to do. */
function workbookRefusal(path: string, sniff: Exclude<WorkbookSniff, { kind: 'xlsx' }>): Issue {
  switch (sniff.kind) {
    case 'unsupported': {
      const format = WORKBOOK_FORMATS[sniff.format];
      return makeIssue('file.unreadable', {}, { path, reason: format, workbookFormat: format });
    }
    case 'protected':
      return makeIssue('file.unreadable', {}, { path, reason: 'it is protected with a password', protection: 'a password' });
    case 'damaged':
      return makeIssue('file.unreadable', {}, { path, reason: sniff.reason, damaged: sniff.reason });
  }
}

/** R-F1 `file.encoding`, naming the other encodings that fit about as well (R-F5). */
function encodingIssue(encoding: DetectedEncoding): Issue {
  const params: MessageParams = { encoding: encoding.label };
  if (encoding.alternatives !== undefined) params.alternatives = encoding.alternatives.map((id) => ENCODING_LABELS[id]).join(', ');
  return makeIssue('file.encoding', {}, params);
}

/** Excel's `sep=;` first line (optionally quoted), which names the delimiter and is not the header (R-F6). */
const SEP_LINE = /^"?sep=([,;\t|])"?[ \t]*(?:\r\n|\n|\r|$)/i;

function delimiterHint(text: string): { line: string; delimiter: Delimiter } | undefined {
  const match = SEP_LINE.exec(text);
  return match ? { line: match[0], delimiter: match[1] as Delimiter } : undefined;
}

interface Probe {
  header?: RawRecord;
  hasData: boolean;
  /** How many cells the header or the first data record has, when that is more than MAX_COLUMNS. */
  tooWide?: number;
}

/**
 * More columns than any spreadsheet holds (Excel 16,384, Google Sheets 18,278): such a file is
 * not a list, and saying "only a header row" (or failing deep inside) about it would mislead.
 */
export const MAX_COLUMNS = 20_000;

/** Reads just far enough to find the header and one data record. */
async function probeHeader(source: TableSource): Promise<Probe> {
  let header: RawRecord | undefined;
  for await (const records of rawRecords(source, {})) {
    for (const record of records) {
      // Before the blank test: a line of a million separators is not "empty".
      if (record.cells.length > MAX_COLUMNS) return { hasData: false, tooWide: record.cells.length };
      if (isBlankRecord(record)) continue;
      if (header === undefined) header = record;
      else return { header, hasData: true };
    }
  }
  return { header, hasData: false };
}

async function* dataRecords(source: TableSource, header: readonly string[], headerRow: number, options: RecordsOptions): AsyncGenerator<CsvRecord[]> {
  let batch: CsvRecord[] = [];
  const batchRecords = options.batchRecords ?? BATCH_RECORDS;
  const decoding: DecodingState = { escaped: false };
  try {
    for await (const records of rawRecords(source, options, decoding)) {
      for (const record of records) {
        if (record.row <= headerRow || isBlankRecord(record)) continue;
        const csvRecord = toCsvRecord(record, header);
        // R-F5: once bytes that are not UTF-8 turned up, every record is looked at for them.
        if (decoding.escaped) withEncodingIssues(csvRecord, header);
        batch.push(csvRecord);
        if (batch.length >= batchRecords) {
          yield batch;
          batch = [];
          options.signal?.throwIfAborted();
        }
      }
    }
  } catch (error) {
    if (options.signal?.aborted) throw error;
    // The file changed or became unreadable after it was opened.
    throw new Error(`Could not read "${source.path}" (${describeReadError(error)}). Check the file, then open it again.`, { cause: error });
  }
  if (batch.length > 0) yield batch;
}

function toCsvRecord(record: RawRecord, header: readonly string[]): CsvRecord {
  if (record instanceof SpanRecord) {
    // A plain record (no quote): its cells stay unmade unless its reader asks for them; R-F3 counts them.
    const cells = record.cellCount();
    if (cells !== header.length) record.issues = [makeIssue('row.ragged', { row: record.row }, { cells, columns: header.length })];
    return record;
  }
  const issues: Issue[] = [];
  for (const column of record.unterminatedQuoteColumns ?? []) {
    const location: { row: number; columnIndex: number; column?: string; value?: string } = { row: record.row, columnIndex: column };
    if (column < header.length) location.column = header[column];
    const value = record.cells[column];
    if (value !== undefined) location.value = value.length > ISSUE_VALUE_CHARS ? `${value.slice(0, ISSUE_VALUE_CHARS)}…` : value;
    issues.push(makeIssue('file.unterminated_quote', location));
  }
  for (const cell of record.tooLargeCells ?? []) issues.push(tooLargeIssue(record.row, cell, header));
  if (record.cells.length !== header.length) {
    issues.push(makeIssue('row.ragged', { row: record.row }, { cells: record.cells.length, columns: header.length }));
  }
  const csvRecord: CsvRecord = { row: record.row, cells: record.cells, issues };
  if (record.span !== undefined) csvRecord.span = record.span;
  return csvRecord;
}

/** R-F3: a cell over the tokenizer's caps, cut to its first characters (tokenizer.ts). */
function tooLargeIssue(row: number, cell: TooLargeCell, header?: readonly string[]): Issue {
  const location: { row: number; columnIndex: number; column?: string } = { row, columnIndex: cell.column };
  if (header !== undefined && cell.column < header.length) location.column = header[cell.column];
  return makeIssue('cell.too_large', location, {
    chars: cell.chars.toLocaleString('en'),
    limit: MAX_CELL_CHARS.toLocaleString('en'),
    rowLimit: MAX_RECORD_CHARS.toLocaleString('en'),
  });
}

function withEncodingIssues(record: CsvRecord, header: readonly string[]): void {
  const issues = cellEncodingIssues(record.row, record.cells, header);
  if (issues.length > 0) record.issues = [...record.issues, ...issues];
}

/** Whether the decoder has met bytes it kept as escapes (utf8-escapes.ts). */
interface DecodingState {
  escaped: boolean;
}

/** Every record of the file (blank ones included), one array per chunk read. */
async function* rawRecords(source: TableSource, options: RecordsOptions, decoding: DecodingState = { escaped: false }): AsyncGenerator<RawRecord[]> {
  options.signal?.throwIfAborted();
  const stream = createReadStream(source.path, { start: source.startByte, highWaterMark: options.chunkBytes ?? READ_CHUNK_BYTES });
  const decoder = chunkDecoder(source.encodingName);
  const tokenizer = new CsvTokenizer(source.delimiter, { spans: options.spans });
  let bytesRead = source.startByte;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      options.signal?.throwIfAborted();
      bytesRead += chunk.length;
      tokenizer.feed(decoder.write(chunk));
      if (decoder.escaped === true) decoding.escaped = true;
      if (tokenizer.pending > 0) yield tokenizer.take();
      options.onProgress?.(bytesRead, source.sizeBytes);
    }
    const rest = decoder.end();
    if (rest) tokenizer.feed(rest);
    if (decoder.escaped === true) decoding.escaped = true;
    tokenizer.end();
    if (tokenizer.pending > 0) yield tokenizer.take();
  } finally {
    stream.destroy();
  }
}

function empty(detail: 'is empty' | 'has only a header row'): OpenResult {
  return { ok: false, issue: makeIssue('file.empty', {}, { detail }) };
}

/** Why a path that exists is not a file to read: a folder, a device such as /dev/zero, a pipe… */
export function notAFile(info: { isDirectory(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (info.isDirectory()) return 'it is a folder, not a file';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'it is a device, not a file';
  if (info.isFIFO()) return 'it is a pipe, not a file';
  if (info.isSocket()) return 'it is a socket, not a file';
  return 'it is not a regular file';
}

function unreadable(path: string, reason: string): OpenResult {
  return { ok: false, issue: makeIssue('file.unreadable', {}, { path, reason }) };
}

function fileFailure(path: string, error: unknown): OpenResult {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, issue: makeIssue('file.not_found', {}, { path }) };
  return unreadable(path, describeReadError(error));
}

export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOENT':
      return 'it was moved or deleted';
    case 'EBUSY':
      return 'it is locked by another program';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ELOOP':
      return 'it is a link that points to itself';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    case 'EIO':
      return 'the disk reported a read error';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
