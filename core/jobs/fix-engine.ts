/**
 * Accepting fixes and editing cells in a case: work out the cell edits, log them for undo/redo,
 * then re-check only the touched rows and re-simulate only the rows that share a key with them
 * (a key's rows replay independently of every other key's: R-M6). An edit that leaves every key as
 * it was (no key cell edited) is done in one pass that reads each block once (`replayInOnePass`).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { CheckedRow, Contact, Issue } from '../model.ts';
import type { Fix } from '../contract/api.ts';
import { ApiError } from '../contract/api.ts';
import type { CaseStore } from '../store/case-store.ts';
import type { CheckSession as Session } from '../check/session.ts';
import type { RowRecord, StoredRow } from '../store/row-types.ts';
import { throwIfCancelled, type JobContext } from './job-context.ts';
import type { CaseMeta } from '../store/case-meta.ts';
import { CheckSession } from '../check/session.ts';
import { applyFixes } from '../check/fixes.ts';
import { readIssuesOf } from '../csv/cell-encoding.ts';
import { checkedFromRecord, sessionOptions, storedRow } from './tasks.ts';
import { describeEdit, EXCLUDED_COL, excludeEdits, replaceEdits, setEdits } from './edit-kinds.ts';
import type { CellEdit } from '../codec/cell-edits.ts';

/** Row 1 is the header: a header rename is logged as an edit of row 1. */
export const HEADER_ROW = 1;

/**
 * The cell edits a fix asks for (empty when nothing would change). `read`, when given, gets the
 * stored rows it read (applyEdits re-checks them without reading them again).
 */
export function editsFor(store: CaseStore, meta: CaseMeta, fix: Fix, read?: Map<number, RowRecord>): CellEdit[] {
  switch (fix.kind) {
    case 'header': {
      if (fix.columnIndex >= meta.header.length) throw new ApiError('input.invalid', `There is no column ${fix.columnIndex + 1}.`);
      const before = meta.header[fix.columnIndex];
      return before === fix.to ? [] : [{ row: HEADER_ROW, col: fix.columnIndex, before, after: fix.to }];
    }
    case 'cell': {
      const record = store.getRow(fix.row);
      if (!record) throw new ApiError('input.invalid', `There is no row ${fix.row}.`);
      read?.set(record.row, record);
      if (fix.columnIndex >= Math.max(record.cells.length, meta.header.length)) throw new ApiError('input.invalid', `There is no column ${fix.columnIndex + 1}.`);
      const before = record.cells[fix.columnIndex] ?? '';
      return before === fix.value ? [] : [{ row: fix.row, col: fix.columnIndex, before, after: fix.value }];
    }
    case 'issue': {
      const record = store.getRow(fix.row);
      if (record) read?.set(record.row, record);
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
      for (const record of store.recordsWithFix(fix.code, fix.columnIndex)) {
        read?.set(record.row, record);
        edits.push(...diffCells(record.row, record.cells, applyFixes(record.cells, record.issues, accept)));
      }
      return edits;
    }
    case 'replace':
      return replaceEdits(store, meta, fix);
    case 'set':
      return setEdits(store, meta, fix);
    case 'exclude':
      return excludeEdits(store, fix);
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
    case 'replace':
    case 'set':
    case 'exclude':
      return describeEdit(fix, rows);
  }
}

/** Rows re-checked, or replayed and written, between two looks at Cancel. */
const EDIT_BATCH = 5_000;

/**
 * Writes cell edits (direction 'after' applies them, 'before' reverts them) and brings the touched
 * rows and their key groups up to date, in batches with progress. Header edits change the meta
 * instead; the caller re-checks. `stored`: the touched rows as stored, when the caller read them.
 * Exclusions (EXCLUDED_COL) only set the row's flag: an excluded row is still checked and replayed
 * (docs/decisions.md). The caller holds the transaction (fix-task.ts): a cancel between batches
 * rolls every batch back.
 *
 * 1. The touched rows are re-checked with their new cells (only they can change their issues).
 * 2. Every row sharing a key with a touched row, by its old key or its new one, is replayed in file
 *    order: a key's rows replay independently of every other key's (R-M6), so no other row's
 *    outcome can change. Untouched rows are replayed from their stored check (no re-validation).
 */
export async function applyEdits(store: CaseStore, meta: CaseMeta, edits: readonly CellEdit[], direction: 'after' | 'before', snapshot: readonly Contact[], ctx: JobContext, stored?: ReadonlyMap<number, RowRecord>): Promise<{ changedRows: number; headerChanged: boolean }> {
  let headerChanged = false;
  const byRow = new Map<number, CellEdit[]>();
  const exclusions: { excluded: number[]; included: number[] } = { excluded: [], included: [] };
  for (const edit of edits) {
    if (edit.col === EXCLUDED_COL) {
      (edit[direction] === '1' ? exclusions.excluded : exclusions.included).push(edit.row);
      continue;
    }
    if (edit.row === HEADER_ROW) {
      meta.header[edit.col] = edit[direction];
      headerChanged = true;
      continue;
    }
    const list = byRow.get(edit.row);
    if (list) list.push(edit);
    else byRow.set(edit.row, [edit]);
  }
  store.setExcluded(exclusions.excluded, true);
  store.setExcluded(exclusions.included, false);
  const excludedRows = exclusions.excluded.length + exclusions.included.length;
  if (byRow.size === 0) return { changedRows: excludedRows, headerChanged };

  const session = new CheckSession(meta.header, sessionOptions(meta, store, snapshot));
  const touchedRows = [...byRow.keys()].sort((a, b) => a - b);
  const keyCells = keyColumns(session);
  if ([...byRow.values()].every((rowEdits) => rowEdits.every((edit) => !keyCells.has(edit.col)))) {
    await replayInOnePass(store, session, keyCells, meta.header, touchedRows, (record) => cellsAfter(record.cells, byRow.get(record.row)!, direction), ctx);
    return { changedRows: byRow.size, headerChanged };
  }

  const rechecked = new Map<number, RecheckedRow>();
  const keys = new Set<string>();
  let total = touchedRows.length * 2;
  for (let start = 0; start < touchedRows.length; start += EDIT_BATCH) {
    const batch = touchedRows.slice(start, start + EDIT_BATCH);
    const records = stored && batch.every((row) => stored.has(row)) ? batch.map((row) => stored.get(row)!) : store.getRows(batch);
    for (const record of records) {
      const cells = cellsAfter(record.cells, byRow.get(record.row)!, direction);
      const checked = session.check({ row: record.row, cells, issues: readIssuesOf(record.row, cells, meta.header, record.issues, true) });
      rechecked.set(record.row, { seq: record.seq, original: record.original, checked });
      if (record.key !== undefined) keys.add(record.key);
      if (checked.key !== undefined) keys.add(checked.key);
    }
    const done = Math.min(touchedRows.length, start + EDIT_BATCH);
    ctx.progress(done, total, `Re-checking rows… ${done.toLocaleString('en')}`);
    throwIfCancelled(ctx.signal);
    await yieldToEventLoop();
  }

  const replay = mergeSorted(store.rowsWithKeys([...keys], new Set(touchedRows)), touchedRows);
  total = touchedRows.length + replay.length;
  for (let start = 0; start < replay.length; start += EDIT_BATCH) {
    // A block at a time: each is read once and written back (BlockReader keeps it between the two).
    // The touched rows are not read again: their re-check kept what their stored row needs.
    for (const rows of store.rowsByBlock(replay.slice(start, start + EDIT_BATCH))) {
      const others = store.getRows(rows.filter((row) => !rechecked.has(row)));
      const written: StoredRow[] = [];
      let next = 0;
      for (const row of rows) {
        const own = rechecked.get(row);
        // getRows leaves out a row the case does not have, as the replay always did.
        const record = own === undefined && others[next]?.row === row ? others[next++] : undefined;
        if (own === undefined && record === undefined) continue;
        const checked = own?.checked ?? checkedFromRecord(record!);
        written.push(storedRow(own?.seq ?? record!.seq, own?.original ?? record!.original, checked, session.simulator.apply(checked)));
      }
      store.writeRows(written);
    }
    ctx.progress(touchedRows.length + Math.min(replay.length, start + EDIT_BATCH), total, 'Replaying the import…');
    throwIfCancelled(ctx.signal);
    await yieldToEventLoop();
  }
  return { changedRows: byRow.size, headerChanged };
}

/** The cells with the edits made (direction 'after') or undone ('before'). */
function cellsAfter(before: readonly string[], edits: readonly CellEdit[], direction: 'after' | 'before'): string[] {
  const cells = [...before];
  for (const edit of edits) {
    while (cells.length <= edit.col) cells.push('');
    cells[edit.col] = edit[direction];
  }
  return cells;
}

/** The columns a row's key is read from: only an edit of one of them can change a row's key. */
function keyColumns(session: Session): Set<number> {
  const analysis = session.analysis;
  const keyField = analysis.keyColumnPresent ? analysis.keyField : undefined;
  return new Set(analysis.columns.filter((c) => c.status !== 'skipped' && keyField !== undefined && c.field === keyField).map((c) => c.index));
}

/**
 * Re-checks and replays rows whose keys do not change (no edit in `keyCells`, keyColumns), reading each block once. The rows to replay
 * are found before any row is read: they are the rows whose key hash (block_keys) is a touched row's,
 * every row of every key with that hash (a few more than the touched rows' own keys' when two keys
 * share a hash; replayed, they come out as stored). Then each block is read, its touched rows
 * re-checked with `newCells` (undefined: left as stored), its rows replayed in file order, and the
 * block written back while the reader still has it.
 */
async function replayInOnePass(store: CaseStore, session: Session, keyCells: ReadonlySet<number>, header: readonly string[], touchedRows: readonly number[], newCells: (record: RowRecord) => string[] | undefined, ctx: JobContext): Promise<void> {
  const touched = new Set(touchedRows);
  const keyColumn = keyCells.size === 1 ? [...keyCells][0] : undefined;
  const blocks = store.rowsByBlock(mergeSorted(store.rowsWithKeyHashes(store.keyHashesOf(touchedRows, keyColumn)), touchedRows));
  const total = blocks.reduce((sum, rows) => sum + rows.length, 0);
  let done = 0;
  for (const rows of blocks) {
    const written: StoredRow[] = [];
    for (const record of store.getRows(rows)) {
      const cells = touched.has(record.row) ? newCells(record) : undefined;
      let checked: CheckedRow;
      if (cells === undefined) {
        checked = checkedFromRecord(record);
      } else {
        checked = session.check({ row: record.row, cells, issues: readIssuesOf(record.row, cells, header, record.issues, true) });
        // Its replay group was chosen by its key: a key that changed would leave rows out.
        if (checked.key !== record.key) throw new Error(`Row ${record.row}'s matching key changed though no key cell was edited, so ListPrep stopped and changed nothing. Try the fix again; if it happens again, save the case and report it.`);
      }
      written.push(storedRow(record.seq, record.original, checked, session.simulator.apply(checked)));
    }
    store.writeRows(written);
    done += rows.length;
    // A look at Cancel after every block (a block is a few milliseconds of work).
    ctx.progress(done, total, 'Replaying the import…');
    throwIfCancelled(ctx.signal);
    await yieldToEventLoop();
  }
}

/**
 * "Fix all" of a code in one pass (replayInOnePass), when no fix of it is in a key column: its rows
 * are found from the blocks' indexes, and each is fixed as its block is read. The edits made, for the
 * fix log (logged after them: a time-zone fix's converted cells are known to the re-check as it goes,
 * R-V7); undefined when a fix of the code may change a key (then editsFor and applyEdits do it).
 */
export async function fixAllInOnePass(store: CaseStore, meta: CaseMeta, fix: Extract<Fix, { kind: 'code' }>, snapshot: readonly Contact[], ctx: JobContext): Promise<CellEdit[] | undefined> {
  if (fix.code === 'header.alias') return undefined;
  const options = sessionOptions(meta, store, snapshot);
  const converted = new Map(options.converted);
  const session = new CheckSession(meta.header, { ...options, converted });
  const keyCells = keyColumns(session);
  if ([...store.columnsWithFix(fix.code, fix.columnIndex)].some((column) => column === null || keyCells.has(column))) return undefined;
  const accept = (i: Issue) => i.code === fix.code && (fix.columnIndex === undefined || i.columnIndex === fix.columnIndex);
  const edits: CellEdit[] = [];
  await replayInOnePass(store, session, keyCells, meta.header, store.rowsWithFix(fix.code, fix.columnIndex), (record) => {
    const made = diffCells(record.row, record.cells, applyFixes(record.cells, record.issues, accept));
    if (made.length === 0) return undefined;
    edits.push(...made);
    if (fix.code === 'datetime.timezone') for (const edit of made) converted.set(`${edit.row}:${edit.col}`, edit.after);
    return cellsAfter(record.cells, made, 'after');
  }, ctx);
  return edits;
}

/** A touched row after its re-check, with what its stored row keeps from before (replay needs no second read). */
interface RecheckedRow {
  seq: number;
  original: readonly string[];
  checked: CheckedRow;
}

/** Two ascending lists of row numbers as one, without repeats. */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    if (out[out.length - 1] !== next) out.push(next);
  }
  return out;
}
