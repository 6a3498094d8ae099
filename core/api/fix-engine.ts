/**
 * Accepting fixes and editing cells in a case: work out the cell edits, log them for undo/redo,
 * then re-check only the touched rows and re-simulate only the rows that share a key with them
 * (a key's rows replay independently of every other key's: R-M6).
 */
import type { Contact, Issue } from '../model.ts';
import type { Fix } from './contract.ts';
import { ApiError } from './contract.ts';
import { CaseStore, type StoredRow } from '../store/case-store.ts';
import type { CaseMeta } from '../store/case-meta.ts';
import { CheckSession } from '../check/session.ts';
import { applyFixes } from '../check/fixes.ts';
import { readIssuesOf } from '../csv/cell-encoding.ts';
import { checkedFromRecord, sessionOptions, storedRow } from '../jobs/tasks.ts';

export interface CellEdit {
  row: number;
  col: number;
  before: string;
  after: string;
}

/** Row 1 is the header: a header rename is logged as an edit of row 1. */
export const HEADER_ROW = 1;

/** The cell edits a fix asks for (empty when nothing would change). */
export function editsFor(store: CaseStore, meta: CaseMeta, fix: Fix): CellEdit[] {
  switch (fix.kind) {
    case 'header': {
      if (fix.columnIndex >= meta.header.length) throw new ApiError('input.invalid', `There is no column ${fix.columnIndex + 1}.`);
      const before = meta.header[fix.columnIndex];
      return before === fix.to ? [] : [{ row: HEADER_ROW, col: fix.columnIndex, before, after: fix.to }];
    }
    case 'cell': {
      const record = store.getRow(fix.row);
      if (!record) throw new ApiError('input.invalid', `There is no row ${fix.row}.`);
      if (fix.columnIndex >= Math.max(record.cells.length, meta.header.length)) throw new ApiError('input.invalid', `There is no column ${fix.columnIndex + 1}.`);
      const before = record.cells[fix.columnIndex] ?? '';
      return before === fix.value ? [] : [{ row: fix.row, col: fix.columnIndex, before, after: fix.value }];
    }
    case 'issue': {
      const record = store.getRow(fix.row);
      const issue = record?.issues.find((i) => i.code === fix.code && i.columnIndex === fix.columnIndex && i.fix !== undefined);
      if (!record || !issue) throw new ApiError('input.invalid', `Row ${fix.row} has no proposed fix for ${fix.code} in column ${fix.columnIndex + 1}.`);
      return diffCells(record.row, record.cells, applyFixes(record.cells, [issue], () => true));
    }
    case 'code': {
      if (fix.code === 'header.alias') {
        return store.fileIssues()
          .filter((i) => i.code === 'header.alias' && i.fix !== undefined && i.columnIndex !== undefined && (fix.columnIndex === undefined || i.columnIndex === fix.columnIndex))
          .map((i) => ({ row: HEADER_ROW, col: i.columnIndex!, before: meta.header[i.columnIndex!], after: i.fix! }));
      }
      const edits: CellEdit[] = [];
      const accept = (i: Issue) => i.code === fix.code && (fix.columnIndex === undefined || i.columnIndex === fix.columnIndex);
      for (const record of store.getRows(store.rowsWithFix(fix.code, fix.columnIndex))) {
        edits.push(...diffCells(record.row, record.cells, applyFixes(record.cells, record.issues, accept)));
      }
      return edits;
    }
  }
}

function diffCells(row: number, before: readonly string[], after: readonly string[] | undefined): CellEdit[] {
  if (!after) return [];
  const edits: CellEdit[] = [];
  for (let col = 0; col < after.length; col++) {
    if ((before[col] ?? '') !== after[col]) edits.push({ row, col, before: before[col] ?? '', after: after[col] });
  }
  return edits;
}

export function describeFix(fix: Fix, edits: readonly CellEdit[]): string {
  const rows = new Set(edits.map((e) => e.row)).size;
  switch (fix.kind) {
    case 'header':
      return `Renamed column ${fix.columnIndex + 1} to "${fix.to}"`;
    case 'cell':
      return `Edited row ${fix.row}, column ${fix.columnIndex + 1}`;
    case 'issue':
      return `Accepted the ${fix.code} fix in row ${fix.row}`;
    case 'code':
      return `Accepted every ${fix.code} fix (${rows} ${rows === 1 ? 'row' : 'rows'})`;
  }
}

/**
 * Writes cell edits (direction 'after' applies them, 'before' reverts them) and brings the touched
 * rows and their key groups up to date. Header edits change the meta instead; the caller re-checks.
 */
export function applyEdits(store: CaseStore, meta: CaseMeta, edits: readonly CellEdit[], direction: 'after' | 'before', snapshot: readonly Contact[]): { changedRows: number; headerChanged: boolean } {
  const headerEdits = edits.filter((e) => e.row === HEADER_ROW);
  for (const edit of headerEdits) meta.header[edit.col] = edit[direction];
  const byRow = new Map<number, CellEdit[]>();
  for (const edit of edits) if (edit.row !== HEADER_ROW) byRow.set(edit.row, [...(byRow.get(edit.row) ?? []), edit]);
  if (byRow.size === 0) return { changedRows: 0, headerChanged: headerEdits.length > 0 };

  const session = new CheckSession(meta.header, sessionOptions(meta, store, snapshot));
  const touched = store.getRows([...byRow.keys()]);
  const rechecked = new Map(touched.map((record) => {
    const cells = [...record.cells];
    for (const edit of byRow.get(record.row)!) {
      while (cells.length <= edit.col) cells.push('');
      cells[edit.col] = edit[direction];
    }
    return [record.row, { record, checked: session.check({ row: record.row, cells, issues: readIssuesOf(record.row, cells, meta.header, record.issues, true) }) }] as const;
  }));
  const keys = new Set<string>();
  for (const { record, checked } of rechecked.values()) {
    if (record.key !== undefined) keys.add(record.key);
    if (checked.key !== undefined) keys.add(checked.key);
  }
  const replay = new Set([...store.rowsWithKeys([...keys]), ...rechecked.keys()]);
  const records = store.getRows([...replay]);
  const rewritten: StoredRow[] = records.map((record) => {
    const checked = rechecked.get(record.row)?.checked ?? checkedFromRecord(record);
    return storedRow(record.seq, record.original, checked, session.simulator.apply(checked));
  });
  store.writeRows(rewritten);
  return { changedRows: byRow.size, headerChanged: headerEdits.length > 0 };
}
