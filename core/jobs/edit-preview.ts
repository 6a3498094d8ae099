/**
 * The preview of an edit's dialog: how many cells in how many rows it would change. It runs in the
 * main process while the user types, so it never reads more than a bounded number of rows: a
 * find and replace, a set or an exclusion by filter looks at the rows in file order, at most
 * `bound` of them, and past that tells a lower bound (`complete: false`, with the rows it looked
 * at). The edit itself (a job) still works on every row (edit-kinds.ts, whose rules are the same).
 *
 * | fix | counted from |
 * |---|---|
 * | replace, set, exclude by filter | the first `bound` rows of the file, each matched here |
 * | cell, issue, header, code, exclude by row numbers | the edits the job would make (editsFor) |
 */
import type { EditPreview, Fix } from '../contract/api.ts';
import type { CaseStore } from '../store/case-store.ts';
import type { CaseMeta } from '../store/case-meta.ts';
import { editsFor } from './fix-engine.ts';
import { checkColumn, replacedCell } from './edit-kinds.ts';

/**
 * Rows a preview looks at, at most. Measured once by hand on a million-row case (test/bench/generate.ts's
 * list, 2026-12): reading and matching 50,000 rows' cells took 150–200 ms on a quiet 2-core machine,
 * 400–800 ms with other work running.
 */
export const PREVIEW_ROW_BOUND = 50_000;

type Bounded = Extract<Fix, { kind: 'replace' | 'set' | 'exclude' }>;

export function previewEdit(store: CaseStore, meta: CaseMeta, fix: Fix, bound = PREVIEW_ROW_BOUND): EditPreview {
  if (fix.kind === 'replace' || fix.kind === 'set' || (fix.kind === 'exclude' && fix.rows === undefined && fix.filter !== undefined)) return boundedPreview(store, meta, fix, bound);
  const edits = editsFor(store, meta, fix);
  return { cells: edits.length, rows: new Set(edits.map((e) => e.row)).size, complete: true };
}

/** Cells a bounded fix would change in one row (`matches`: the row is in the fix's filter, but for `excluded`). */
function cellsChanged(row: number, cells: readonly string[], matches: boolean, fix: Bounded, excluded: ReadonlySet<number>): number {
  switch (fix.kind) {
    case 'replace': {
      if (fix.columnIndex !== undefined) return replacedCell(cells[fix.columnIndex] ?? '', fix) === undefined ? 0 : 1;
      let changed = 0;
      for (const cell of cells) if (replacedCell(cell, fix) !== undefined) changed++;
      return changed;
    }
    case 'set':
      return matches && (!fix.filter.excluded || excluded.has(row)) && (cells[fix.columnIndex] ?? '') !== fix.value ? 1 : 0;
    case 'exclude':
      // An exclusion changes a row, logged as one cell (edit-kinds.ts).
      return matches && (!fix.filter!.excluded || excluded.has(row)) && excluded.has(row) !== fix.excluded ? 1 : 0;
  }
}

function boundedPreview(store: CaseStore, meta: CaseMeta, fix: Bounded, bound: number): EditPreview {
  if (fix.kind !== 'exclude') checkColumn(meta, fix.columnIndex);
  const excluded = fix.kind === 'replace' ? new Set<number>() : store.excludedRows();
  const filter = fix.kind === 'replace' ? {} : fix.filter!;
  const total = store.rowCount();
  let cells = 0;
  let rows = 0;
  let looked = 0;
  // One row more than the bound is read only to tell whether any is left.
  const seen = store.firstRows(filter, bound + 1, (row, rowCells, matches) => {
    if (looked++ === bound) return;
    const changed = cellsChanged(row, rowCells, matches, fix, excluded);
    cells += changed;
    if (changed > 0) rows++;
  });
  return seen <= bound ? { cells, rows, complete: true } : { cells, rows, complete: false, rowsLookedAt: bound, rowsInCase: total };
}
