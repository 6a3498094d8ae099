/**
 * Opens a sheet of an .xlsx workbook as a table, with the same records as a CSV (RULES.md R-F7):
 * the header is the sheet's first non-empty row, row numbers are the sheet's, cells are what the
 * workbook stores (workbook-stream.ts). The file is streamed, never held whole, and only read.
 */
import type { Issue } from '../model.ts';
import { makeIssue } from '../rules/issue.ts';
import { BATCH_RECORDS, type CsvRecord, type OpenedTable, type OpenResult, type RecordsOptions } from './table.ts';
import { readWorkbookParts, sheetRows, WorkbookError, type SheetRow, type WorkbookParts, type WorkbookSheet } from './workbook-stream.ts';
import { ZipEntryError, type ZipEntry } from './zip-entries.ts';

export const WORKBOOK_LABEL = 'Excel workbook (.xlsx)';

interface SheetSurvey {
  sheet: WorkbookSheet;
  /** The first non-empty row, when there is one. */
  header?: SheetRow;
  hasData: boolean;
}

/** Reads each sheet just far enough to know its header and whether data follows. */
async function surveySheets(parts: WorkbookParts): Promise<SheetSurvey[]> {
  const surveys: SheetSurvey[] = [];
  for (const sheet of parts.sheets) {
    const survey: SheetSurvey = { sheet, hasData: false };
    surveys.push(survey);
    for await (const row of sheetRows(parts, sheet)) {
      if (survey.header === undefined) survey.header = row;
      else {
        survey.hasData = true;
        break;
      }
    }
  }
  return surveys;
}

export async function openWorkbook(path: string, sizeBytes: number, entries: readonly ZipEntry[], wanted: string | undefined): Promise<OpenResult> {
  let parts: WorkbookParts | undefined;
  let surveys: SheetSurvey[];
  try {
    parts = await readWorkbookParts(path, entries);
    surveys = await surveySheets(parts);
  } catch (error) {
    parts?.strings.close();
    return { ok: false, issue: damaged(path, error) };
  }
  const refuse = (issue: Issue): OpenResult => {
    parts.strings.close();
    return { ok: false, issue };
  };
  const nonEmpty = surveys.filter((s) => s.header !== undefined);
  let chosen: SheetSurvey | undefined;
  if (wanted !== undefined) {
    const named = (match: (name: string) => boolean) => surveys.find((s) => match(s.sheet.name));
    chosen = named((name) => name === wanted) ?? named((name) => name.trim().toLowerCase() === wanted.trim().toLowerCase());
    if (chosen === undefined) {
      return refuse(makeIssue('file.sheet_missing', {}, { sheet: wanted, sheets: quotedList(surveys.map((s) => s.sheet.name)) }));
    }
  } else {
    // A hidden sheet is usually a lookup table, not the list: it is read only when nothing else has rows.
    chosen = nonEmpty.find((s) => !s.sheet.hidden) ?? nonEmpty[0];
  }
  if (chosen?.header === undefined) return refuse(makeIssue('file.empty', {}, { detail: 'is empty' }));
  if (!chosen.hasData) return refuse(makeIssue('file.empty', {}, { detail: 'has only a header row' }));

  const fileIssues: Issue[] = [];
  const others = nonEmpty.filter((s) => s !== chosen).map((s) => s.sheet.name);
  if (wanted === undefined && others.length > 0) fileIssues.push(makeIssue('file.sheet_chosen', {}, { sheet: chosen.sheet.name, others: quotedList(others) }));

  const header = chosen.header.cells;
  const headerRow = chosen.header.row;
  const sheet = chosen.sheet;
  const table: OpenedTable = {
    path,
    encoding: { id: 'utf-8', bom: false, label: WORKBOOK_LABEL },
    delimiter: ',',
    header,
    headerRow,
    fileIssues,
    sizeBytes,
    sheet: sheet.name,
    sheets: nonEmpty.map((s) => s.sheet.name),
    records: (options = {}) => sheetRecords(parts, sheet, header, headerRow, sizeBytes, options),
  };
  return { ok: true, table };
}

async function* sheetRecords(parts: WorkbookParts, sheet: WorkbookSheet, header: readonly string[], headerRow: number, sizeBytes: number, options: RecordsOptions): AsyncGenerator<CsvRecord[]> {
  options.signal?.throwIfAborted();
  const batchRecords = options.batchRecords ?? BATCH_RECORDS;
  // Progress in bytes of the file: where in the file the sheet's compressed bytes read so far end.
  const offset = sheet.entry.localHeaderOffset;
  let bytesRead = 0;
  let batch: CsvRecord[] = [];
  try {
    for await (const row of sheetRows(parts, sheet, (read) => (bytesRead = Math.min(sizeBytes, offset + read)))) {
      if (row.row <= headerRow) continue;
      batch.push(sheetRecord(row, header));
      if (batch.length >= batchRecords) {
        options.onProgress?.(bytesRead, sizeBytes);
        yield batch;
        batch = [];
        options.signal?.throwIfAborted();
      }
    }
  } catch (error) {
    parts.strings.close();
    if (options.signal?.aborted) throw error;
    throw new Error(`Could not read "${parts.path}" (${damagedReason(error)}). Check the file, then open it again.`, { cause: error });
  }
  // Every string the sheet uses has been read: the rest (other sheets') are not needed.
  parts.strings.close();
  options.onProgress?.(sizeBytes, sizeBytes);
  if (batch.length > 0) yield batch;
}

/**
 * A sheet stores no trailing empty cells, so a row shorter than the header is padded and is not
 * ragged; a row with a non-empty cell beyond the header is (row.ragged, as in a CSV).
 */
function sheetRecord(row: SheetRow, header: readonly string[]): CsvRecord {
  const cells = row.cells;
  if (cells.length > header.length) {
    return { row: row.row, cells, issues: [makeIssue('row.ragged', { row: row.row }, { cells: cells.length, columns: header.length, lastColumn: columnLetters(cells.length - 1) })] };
  }
  while (cells.length < header.length) cells.push('');
  return { row: row.row, cells, issues: [] };
}

/** 0 → "A", 27 → "AB". */
function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function quotedList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

function damaged(path: string, error: unknown): Issue {
  const reason = damagedReason(error);
  return makeIssue('file.unreadable', {}, { path, reason, damaged: reason });
}

/** What went wrong inside a workbook, in words (the library's own message is for developers); zh-TW in messages.ts. */
function damagedReason(error: unknown): string {
  if (error instanceof ZipEntryError || error instanceof WorkbookError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'it was moved or deleted';
  if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(error instanceof Error ? error.message : '')) return 'it is incomplete (cut off before its end)';
  return 'its contents are damaged';
}
