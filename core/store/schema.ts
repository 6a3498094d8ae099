/**
 * The case file's schema, versioned with `PRAGMA user_version` and upgraded by forward migrations.
 * A case is a document users save and send: everything needed to reopen it lives here.
 */
import type Database from 'better-sqlite3';

/** Each entry upgrades from version i to i + 1. Never edit a shipped migration: append a new one. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE rows (
    row INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    original TEXT NOT NULL,
    cells TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT 'create',
    severity INTEGER NOT NULL DEFAULT 0,
    key TEXT,
    vals TEXT,
    contact_id TEXT,
    changes TEXT
  );
  CREATE UNIQUE INDEX rows_seq ON rows(seq);
  CREATE INDEX rows_outcome ON rows(outcome, row);
  CREATE INDEX rows_severity ON rows(severity, row);
  CREATE INDEX rows_key ON rows(key) WHERE key IS NOT NULL;
  CREATE TABLE issues (
    id INTEGER PRIMARY KEY,
    row INTEGER,
    col INTEGER,
    code TEXT NOT NULL,
    severity INTEGER NOT NULL,
    field TEXT,
    column_name TEXT,
    value TEXT,
    fix TEXT,
    params TEXT,
    origin TEXT NOT NULL DEFAULT 'check'
  );
  CREATE INDEX issues_row ON issues(row);
  CREATE INDEX issues_code ON issues(code, row);
  CREATE INDEX issues_col ON issues(col, row);
  CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    ord INTEGER NOT NULL,
    channel TEXT NOT NULL,
    fields TEXT NOT NULL,
    tags TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    row INTEGER
  );
  CREATE TABLE definitions (key TEXT PRIMARY KEY, type TEXT NOT NULL, status TEXT NOT NULL);
  CREATE TABLE fixes (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    description TEXT NOT NULL,
    fix TEXT NOT NULL,
    changed_rows INTEGER NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE fix_cells (fix_id INTEGER NOT NULL, row INTEGER NOT NULL, col INTEGER NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL);
  CREATE INDEX fix_cells_fix ON fix_cells(fix_id);
  CREATE TABLE profiles (id TEXT PRIMARY KEY, contact_ids TEXT NOT NULL, vals TEXT NOT NULL, tags TEXT NOT NULL, conflict INTEGER NOT NULL);
  CREATE TABLE conflicts (idx INTEGER PRIMARY KEY, data TEXT NOT NULL);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class SchemaTooNewError extends Error {
  constructor(found: number) {
    super(`This case was saved by a newer ListPrep (format ${found}; this version reads up to ${SCHEMA_VERSION}). Update ListPrep to open it.`);
  }
}

/** Brings a database to the current schema, each step in its own transaction. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) throw new SchemaTooNewError(current);
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
