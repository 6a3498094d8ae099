/**
 * The fix log (undo / redo): each accepted fix with the cell edits it made. A new fix drops the
 * undone ones (they can no longer be redone).
 *
 * | table | holds |
 * |---|---|
 * | fixes | id, when, description, the fix (JSON), rows changed, undone 0/1 |
 * | fix_cells | per fix: row, column, the text before and after |
 */
import type Database from 'better-sqlite3';

export interface CellEdit {
  row: number;
  col: number;
  before: string;
  after: string;
}

export interface FixEntry<F = unknown> {
  id: number;
  at: string;
  description: string;
  fix: F;
  changedRows: number;
  undone: boolean;
}

/** A cell's text as SQLite keeps it: UTF-8 text, or UTF-16 bytes for a text UTF-8 cannot hold. */
type StoredText = string | Buffer;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A bound text is stored as UTF-8, which turns a lone surrogate into U+FFFD: a cell keeping bytes
 * that are not UTF-8 (R-F5, utf8-escapes.ts) is stored as its UTF-16 bytes instead, so an undo
 * brings those bytes back.
 */
function storableText(text: string): StoredText {
  return LONE_SURROGATE.test(text) ? Buffer.from(text, 'utf16le') : text;
}

function textOf(stored: StoredText): string {
  return typeof stored === 'string' ? stored : stored.toString('utf16le');
}

export function recordFix(db: Database.Database, entry: { description: string; fix: unknown; cells: readonly CellEdit[]; changedRows: number }): number {
  return db.transaction(() => {
    db.exec('DELETE FROM fix_cells WHERE fix_id IN (SELECT id FROM fixes WHERE undone = 1); DELETE FROM fixes WHERE undone = 1;');
    const id = Number(db.prepare('INSERT INTO fixes (at, description, fix, changed_rows) VALUES (?, ?, ?, ?)').run(new Date().toISOString(), entry.description, JSON.stringify(entry.fix), entry.changedRows).lastInsertRowid);
    const insert = db.prepare('INSERT INTO fix_cells (fix_id, row, col, before, after) VALUES (?, ?, ?, ?, ?)');
    for (const c of entry.cells) insert.run(id, c.row, c.col, storableText(c.before), storableText(c.after));
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

/** The cell edits of a fix. */
/** What an entry asked for (a Fix, or a mapping change: core/jobs/mapping-edit.ts). */
export function fixOf(db: Database.Database, id: number): unknown {
  const { fix } = db.prepare('SELECT fix FROM fixes WHERE id = ?').get(id) as { fix: string };
  return JSON.parse(fix) as unknown;
}

export function cellEditsOf(db: Database.Database, id: number): CellEdit[] {
  return (db.prepare('SELECT row, col, before, after FROM fix_cells WHERE fix_id = ?').all(id) as { row: number; col: number; before: StoredText; after: StoredText }[])
    .map((c) => ({ row: c.row, col: c.col, before: textOf(c.before), after: textOf(c.after) }));
}

/** Cells whose current value came from an accepted `datetime.timezone` fix (row:col → value). */
export function convertedCells(db: Database.Database): Map<string, string> {
  const found = db.prepare(
    `SELECT fc.row, fc.col, fc.after FROM fix_cells fc JOIN fixes f ON f.id = fc.fix_id
     WHERE f.undone = 0 AND json_extract(f.fix, '$.code') = 'datetime.timezone' ORDER BY f.id`,
  ).all() as { row: number; col: number; after: string }[];
  return new Map(found.map((r) => [`${r.row}:${r.col}`, r.after]));
}

export function markFix(db: Database.Database, id: number, undone: boolean): void {
  db.prepare('UPDATE fixes SET undone = ? WHERE id = ?').run(undone ? 1 : 0, id);
}

export function readFixLog<F = unknown>(db: Database.Database): FixEntry<F>[] {
  return (db.prepare('SELECT id, at, description, fix, changed_rows, undone FROM fixes ORDER BY id').all() as { id: number; at: string; description: string; fix: string; changed_rows: number; undone: number }[])
    .map((r) => ({ id: r.id, at: r.at, description: r.description, fix: JSON.parse(r.fix) as F, changedRows: r.changed_rows, undone: r.undone === 1 }));
}
