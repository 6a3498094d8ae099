/**
 * Rows the user excluded (ListPrep's own feature, not in RULES.md): kept in the case and shown, but
 * left out of the upload-ready file. Excluding is a fix-log step (fix-engine.ts), so undo restores it.
 */
import type Database from 'better-sqlite3';

export function excludedRows(db: Database.Database): Set<number> {
  return new Set((db.prepare('SELECT row FROM excluded_rows').pluck().all() as number[]));
}

export function excludedCount(db: Database.Database): number {
  return db.prepare('SELECT COUNT(*) FROM excluded_rows').pluck().get() as number;
}

export function setExcluded(db: Database.Database, rows: readonly number[], excluded: boolean): void {
  const statement = excluded
    ? db.prepare('INSERT OR IGNORE INTO excluded_rows (row) VALUES (?)')
    : db.prepare('DELETE FROM excluded_rows WHERE row = ?');
  for (const row of rows) statement.run(row);
}
