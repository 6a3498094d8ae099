/** The case's tables besides its rows: the loaded snapshot, the field definitions, and unification's results. */
import type Database from 'better-sqlite3';
import type { Contact, CustomFieldDefinition } from '../model.ts';

/** A unified profile as the case keeps it. */
export interface StoredProfile {
  id: string;
  contactIds: string[];
  values: Record<string, string>;
  tags: string[];
  conflict: boolean;
}

export function replaceContacts(db: Database.Database, contacts: readonly Contact[]): void {
  const insert = db.prepare('INSERT INTO contacts (id, ord, channel, fields, tags, created_at, updated_at, row) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    db.exec('DELETE FROM contacts');
    for (const c of contacts) insert.run(c.id, c.order, c.channel, JSON.stringify(c.fields), JSON.stringify(c.tags), c.createdAt, c.updatedAt, c.row ?? null);
  })();
}

export function readContacts(db: Database.Database): Contact[] {
  return (db.prepare('SELECT * FROM contacts ORDER BY ord').all() as Record<string, unknown>[]).map((r) => {
    const contact: Contact = {
      id: r.id as string, order: r.ord as number, channel: r.channel as Contact['channel'],
      fields: Object.assign(Object.create(null), JSON.parse(r.fields as string)) as Record<string, string>,
      tags: JSON.parse(r.tags as string) as string[], createdAt: r.created_at as string, updatedAt: r.updated_at as string,
    };
    if (r.row !== null) contact.row = r.row as number;
    return contact;
  });
}

export function replaceDefinitions(db: Database.Database, definitions: readonly CustomFieldDefinition[] | undefined): void {
  db.transaction(() => {
    db.exec('DELETE FROM definitions');
    const insert = db.prepare('INSERT OR REPLACE INTO definitions (key, type, status) VALUES (?, ?, ?)');
    for (const d of definitions ?? []) insert.run(d.key, d.type, d.status);
  })();
}

export function readDefinitions(db: Database.Database): CustomFieldDefinition[] {
  return db.prepare('SELECT key, type, status FROM definitions ORDER BY key').all() as CustomFieldDefinition[];
}

export function replaceUnification(db: Database.Database, profiles: readonly StoredProfile[], conflicts: readonly unknown[]): void {
  const insertProfile = db.prepare('INSERT INTO profiles (id, contact_ids, vals, tags, conflict) VALUES (?, ?, ?, ?, ?)');
  const insertConflict = db.prepare('INSERT INTO conflicts (idx, data) VALUES (?, ?)');
  db.transaction(() => {
    db.exec('DELETE FROM profiles; DELETE FROM conflicts;');
    for (const p of profiles) insertProfile.run(p.id, JSON.stringify(p.contactIds), JSON.stringify(p.values), JSON.stringify(p.tags), p.conflict ? 1 : 0);
    conflicts.forEach((c, i) => insertConflict.run(i, JSON.stringify(c)));
  })();
}

export function profileCounts(db: Database.Database): { profiles: number; contacts: number } {
  const found = db.prepare('SELECT COUNT(*) AS profiles, COALESCE(SUM(json_array_length(contact_ids)), 0) AS contacts FROM profiles').get() as { profiles: number; contacts: number };
  return { profiles: found.profiles, contacts: found.contacts };
}

export function conflictPage<T>(db: Database.Database, offset: number, limit: number): { total: number; items: T[] } {
  const total = (db.prepare('SELECT COUNT(*) AS n FROM conflicts').get() as { n: number }).n;
  const items = (db.prepare('SELECT data FROM conflicts ORDER BY idx LIMIT ? OFFSET ?').all(limit, offset) as { data: string }[]).map((r) => JSON.parse(r.data) as T);
  return { total, items };
}
