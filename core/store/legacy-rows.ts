/**
 * Reading the rows of a case written by formats 1 to 3 (one SQLite row per row, one per issue), which
 * the store moves into blocks when it upgrades the case (schema.ts migration 4 renames their table
 * legacy_rows). Nothing else reads this layout.
 */
import type Database from 'better-sqlite3';
import type { FieldChange, Issue, Outcome } from '../model.ts';
import { changesOf } from '../codec/row-blocks.ts';
import { decodeValues } from '../codec/store-values.ts';
import { issueFromRow, type IssueRow } from './issue-rows.ts';
import type { RowRecord } from './case-store.ts';

/** Whether the case still has rows in the legacy layout to move. */
export function hasLegacyRows(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'legacy_rows'").get() !== undefined;
}

/** The legacy rows in file order, a page at a time, with their issues. */
export function* legacyRows(db: Database.Database, fieldsOfLayout: (id: number) => readonly string[], pageSize = 2000): Generator<RowRecord[]> {
  // By row number, the table's own key (its position index is gone): rows are numbered in file order.
  const page = db.prepare('SELECT * FROM legacy_rows WHERE row > ? ORDER BY row LIMIT ?');
  const issuesOf = db.prepare('SELECT * FROM issues WHERE row IS NOT NULL AND row BETWEEN ? AND ? ORDER BY row, id');
  let after = -Infinity;
  for (;;) {
    const found = page.all(after, pageSize) as Record<string, unknown>[];
    if (found.length === 0) return;
    const rowNumbers = found.map((r) => r.row as number);
    const byRow = new Map<number, Issue[]>();
    for (const r of issuesOf.all(Math.min(...rowNumbers), Math.max(...rowNumbers)) as (IssueRow & { row: number })[]) {
      let list = byRow.get(r.row);
      if (list === undefined) byRow.set(r.row, (list = []));
      list.push(issueFromRow(r));
    }
    yield found.map((r) => {
      const cells = JSON.parse(r.cells as string) as string[];
      const values = decodeValues(r.vals as string | null, cells, fieldsOfLayout);
      const outcome = r.outcome as Outcome;
      const legacy: RowRecord = {
        row: r.row as number, seq: r.seq as number,
        original: r.original === '' ? cells : (JSON.parse(r.original as string) as string[]), cells,
        outcome, values, changes: changesOf(!r.changes ? null : (JSON.parse(r.changes as string) as (FieldChange | [string, string])[]), outcome, values), issues: byRow.get(r.row as number) ?? [],
      };
      if (r.key !== null) legacy.key = r.key as string;
      if (r.contact_id !== null) legacy.contactId = r.contact_id as string;
      return legacy;
    });
    after = found[found.length - 1].row as number;
  }
}
