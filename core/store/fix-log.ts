/**
 * The fix log (undo / redo): each accepted fix with the cell edits it made. A new fix drops the
 * undone ones (they can no longer be redone).
 *
 * | table | holds |
 * |---|---|
 * | fixes | id, when, description, the fix (JSON), rows changed, undone 0/1 |
 * | fix_edits | per fix, one row: its cell edits (row, column, the text before and after; codec/cell-edits.ts) |
 */
import type Database from 'better-sqlite3';
import { decodeCellEdits, encodeCellEdits, type CellEdit } from '../codec/cell-edits.ts';

export interface FixEntry<F = unknown> {
  id: number;
  at: string;
  description: string;
  fix: F;
  changedRows: number;
  undone: boolean;
}

export function recordFix(db: Database.Database, entry: { description: string; fix: unknown; cells: readonly CellEdit[]; changedRows: number }): number {
  return db.transaction(() => {
    db.exec('DELETE FROM fix_edits WHERE fix_id IN (SELECT id FROM fixes WHERE undone = 1); DELETE FROM fixes WHERE undone = 1;');
    const id = Number(db.prepare('INSERT INTO fixes (at, description, fix, changed_rows) VALUES (?, ?, ?, ?)').run(new Date().toISOString(), entry.description, JSON.stringify(entry.fix), entry.changedRows).lastInsertRowid);
    db.prepare('INSERT INTO fix_edits (fix_id, cells) VALUES (?, ?)').run(id, encodeCellEdits(entry.cells));
    return id;
  })();
}

/** The newest applied fix (undo) or the oldest undone one (redo). */
export function fixIdToToggle(db: Database.Database, direction: 'undo' | 'redo'): number | undefined {
  const found = direction === 'undo'
    ? (db.prepare('SELECT id FROM fixes WHERE undone = 0 ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined)
    : (db.prepare('SELECT id FROM fixes WHERE undone = 1 ORDER BY id ASC LIMIT 1').get() as { id: number } | undefined);
  return found?.id;
}

/** What an entry asked for (a Fix, or a mapping change: core/jobs/mapping-edit.ts). */
export function fixOf(db: Database.Database, id: number): unknown {
  const { fix } = db.prepare('SELECT fix FROM fixes WHERE id = ?').get(id) as { fix: string };
  return JSON.parse(fix) as unknown;
}

/** The cell edits of a fix, in the order it made them. */
export function cellEditsOf(db: Database.Database, id: number): CellEdit[] {
  const found = db.prepare('SELECT cells FROM fix_edits WHERE fix_id = ?').get(id) as { cells: string } | undefined;
  return found === undefined ? [] : decodeCellEdits(found.cells);
}

/** Cells whose current value came from an accepted `datetime.timezone` fix (row:col → value). */
export function convertedCells(db: Database.Database): Map<string, string> {
  const found = db.prepare(
    `SELECT e.cells FROM fix_edits e JOIN fixes f ON f.id = e.fix_id
     WHERE f.undone = 0 AND json_extract(f.fix, '$.code') = 'datetime.timezone' ORDER BY f.id`,
  ).all() as { cells: string }[];
  const converted = new Map<string, string>();
  for (const { cells } of found) for (const c of decodeCellEdits(cells)) converted.set(`${c.row}:${c.col}`, c.after);
  return converted;
}

export function markFix(db: Database.Database, id: number, undone: boolean): void {
  db.prepare('UPDATE fixes SET undone = ? WHERE id = ?').run(undone ? 1 : 0, id);
}

export function readFixLog<F = unknown>(db: Database.Database): FixEntry<F>[] {
  return (db.prepare('SELECT id, at, description, fix, changed_rows, undone FROM fixes ORDER BY id').all() as { id: number; at: string; description: string; fix: string; changed_rows: number; undone: number }[])
    .map((r) => ({ id: r.id, at: r.at, description: r.description, fix: JSON.parse(r.fix) as F, changedRows: r.changed_rows, undone: r.undone === 1 }));
}
