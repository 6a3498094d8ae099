/**
 * The names of a page's contacts (their best human value, profile-list.ts contactName) read from the
 * stored snapshot by id, so a screen names a few contacts without loading a million of them.
 */
import type Database from 'better-sqlite3';
import type { FieldChange } from '../model.ts';
import { contactName } from '../unify/profile-list.ts';

/** SQLite's default limit on host parameters is far above this; pages are at most 1,000 rows. */
const BATCH = 500;

/** contact id → name, for the ids that are snapshot contacts with a name. */
export function snapshotContactNames(db: Database.Database, ids: Iterable<string>): Map<string, string> {
  const wanted = [...new Set(ids)];
  const names = new Map<string, string>();
  for (let from = 0; from < wanted.length; from += BATCH) {
    const batch = wanted.slice(from, from + BATCH);
    const rows = db.prepare(`SELECT id, fields FROM contacts WHERE id IN (${batch.map(() => '?').join(',')})`).all(...batch) as { id: string; fields: string }[];
    for (const row of rows) {
      const name = contactName({ fields: JSON.parse(row.fields) as Record<string, string> });
      if (name !== '') names.set(row.id, name);
    }
  }
  return names;
}

/** Row → the name of the contact it creates or updates (issue #17: contacts by their best human value, not their ids). */
export function pageContactNames(db: Database.Database, rows: readonly { row: number; contactId?: string; outcome: string; changes: readonly FieldChange[] }[]): Map<number, string> {
  const snapshot = snapshotContactNames(db, rows.flatMap((r) => (r.contactId !== undefined && r.outcome !== 'create' ? [r.contactId] : [])));
  const names = new Map<number, string>();
  for (const r of rows) {
    if (r.contactId === undefined) continue;
    const name = r.outcome === 'create' ? contactName({ fields: Object.fromEntries(r.changes.map((ch) => [ch.field, ch.to])) }) : snapshot.get(r.contactId);
    if (name) names.set(r.row, name);
  }
  return names;
}
