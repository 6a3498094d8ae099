/**
 * The spreadsheet-like edits of the review screen (issue #17 item 5), as cell edits for the fix
 * engine: find and replace, set a column for the rows of a filter, and exclude or include rows.
 *
 * | edit | rows read | cell edit logged |
 * |---|---|---|
 * | replace | rows the store's text search finds for `find` (a superset), then matched exactly | the cell, before and after |
 * | set | every row of the filter | the cell, before and after |
 * | exclude | the rows given, or every row of the filter | column EXCLUDED_COL, '0'/'1' before and after |
 *
 * Case-insensitive matching folds the letters A–Z only, as the grid's search does (row-pages.ts), so
 * the preview, the search and the edit agree on what matches.
 */
import type { Fix, RowFilter } from '../contract/api.ts';
import { ApiError } from '../contract/api.ts';
import type { CaseStore } from '../store/case-store.ts';
import type { RowRecord } from '../store/row-types.ts';
import { asciiLower } from '../store/row-pages.ts';
import type { CaseMeta } from '../store/case-meta.ts';
import type { CellEdit } from '../codec/cell-edits.ts';

/** The pseudo-column of an exclusion in the fix log: '1' excluded, '0' included. */
export const EXCLUDED_COL = -1;

type ReplaceFix = Extract<Fix, { kind: 'replace' }>;
type SetFix = Extract<Fix, { kind: 'set' }>;
type ExcludeFix = Extract<Fix, { kind: 'exclude' }>;

const PAGE = 5_000;

/** Every row matching a filter, page by page, in file order. */
export function* rowsMatching(store: CaseStore, filter: RowFilter): Generator<RowRecord[]> {
  for (let offset = 0; ; offset += PAGE) {
    const { rows } = store.queryRows(filter, offset, PAGE);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < PAGE) return;
  }
}

export function checkColumn(meta: CaseMeta, columnIndex: number | undefined): void {
  if (columnIndex !== undefined && columnIndex >= meta.header.length) throw new ApiError('input.invalid', `There is no column ${columnIndex + 1}.`);
}

/** A cell with every match of `find` replaced, or undefined when it has none. */
export function replacedCell(cell: string, fix: Pick<ReplaceFix, 'find' | 'replace' | 'matchCase' | 'wholeCell'>): string | undefined {
  const haystack = fix.matchCase ? cell : asciiLower(cell);
  const needle = fix.matchCase ? fix.find : asciiLower(fix.find);
  if (fix.wholeCell) return haystack === needle && cell !== fix.replace ? fix.replace : undefined;
  let at = haystack.indexOf(needle);
  if (at < 0) return undefined;
  let out = '';
  let from = 0;
  while (at >= 0) {
    out += cell.slice(from, at) + fix.replace;
    from = at + needle.length;
    at = haystack.indexOf(needle, from);
  }
  out += cell.slice(from);
  return out === cell ? undefined : out;
}

export function replaceEdits(store: CaseStore, meta: CaseMeta, fix: ReplaceFix): CellEdit[] {
  checkColumn(meta, fix.columnIndex);
  const edits: CellEdit[] = [];
  // The store's text search (ASCII letters in any case) finds every row a match can be in.
  for (const page of rowsMatching(store, { text: fix.find })) {
    for (const record of page) {
      const columns = fix.columnIndex !== undefined ? [fix.columnIndex] : record.cells.map((_, i) => i);
      for (const col of columns) {
        const before = record.cells[col] ?? '';
        const after = replacedCell(before, fix);
        if (after !== undefined) edits.push({ row: record.row, col, before, after });
      }
    }
  }
  return edits;
}

export function setEdits(store: CaseStore, meta: CaseMeta, fix: SetFix): CellEdit[] {
  checkColumn(meta, fix.columnIndex);
  const edits: CellEdit[] = [];
  for (const page of rowsMatching(store, fix.filter)) {
    for (const record of page) {
      const before = record.cells[fix.columnIndex] ?? '';
      if (before !== fix.value) edits.push({ row: record.row, col: fix.columnIndex, before, after: fix.value });
    }
  }
  return edits;
}

export function excludeEdits(store: CaseStore, fix: ExcludeFix): CellEdit[] {
  const current = store.excludedRows();
  let rows: number[];
  if (fix.rows !== undefined) {
    const found = store.getRows([...new Set(fix.rows)].sort((a, b) => a - b)).map((r) => r.row);
    const missing = fix.rows.find((r) => !found.includes(r));
    if (missing !== undefined) throw new ApiError('input.invalid', `There is no row ${missing}.`);
    rows = found;
  } else if (fix.filter !== undefined) {
    rows = [];
    for (const page of rowsMatching(store, fix.filter)) for (const record of page) rows.push(record.row);
  } else {
    throw new ApiError('input.invalid', 'Say which rows to exclude or include: their numbers or a filter.');
  }
  const before = fix.excluded ? '0' : '1';
  const after = fix.excluded ? '1' : '0';
  return rows.filter((row) => current.has(row) !== fix.excluded).map((row) => ({ row, col: EXCLUDED_COL, before, after }));
}

/** The fix log's English line for an edit (the renderer words it in the UI's language from the fix). */
export function describeEdit(fix: ReplaceFix | SetFix | ExcludeFix, rows: number): string {
  const rowsText = `${rows} ${rows === 1 ? 'row' : 'rows'}`;
  switch (fix.kind) {
    case 'replace':
      return `Replaced "${fix.find}" with "${fix.replace}" in ${fix.columnIndex === undefined ? 'every column' : `column ${fix.columnIndex + 1}`} (${rowsText})`;
    case 'set':
      return `Set column ${fix.columnIndex + 1} to "${fix.value}" (${rowsText})`;
    case 'exclude':
      return `${fix.excluded ? 'Excluded' : 'Included'} ${rowsText} ${fix.excluded ? 'from' : 'in'} the upload-ready file`;
  }
}
