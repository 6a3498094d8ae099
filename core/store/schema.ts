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
  // 2: compact rows and fast counts (case-store.ts). rows.original is '' when the row's cells are as
  // read; rows.changes is NULL for a created row whose changes are those its values give, and holds
  // [field, to] pairs when every change is from blank. rows.sig numbers the row's set of issue kinds
  // (code, severity, column, fixable, column name) in signatures: counts add up signatures, not
  // issues. Rows of a version 1 case get their sig when the case is next opened for writing.
  `
  ALTER TABLE rows ADD COLUMN sig INTEGER;
  CREATE TABLE signatures (id INTEGER PRIMARY KEY, issues TEXT NOT NULL UNIQUE);
  INSERT INTO signatures (id, issues) VALUES (0, '[]');
  CREATE INDEX rows_sig ON rows(sig, outcome);
  CREATE INDEX rows_outcome_sig ON rows(outcome, sig);
  CREATE INDEX issues_severity ON issues(severity, row);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * The secondary indexes, as created by migrations 1 and 2: `CREATE INDEX IF NOT EXISTS` restores
 * any a crash left missing. `bulk`: dropped while a first check writes its rows and built once at
 * the end (keys come in random order: a sorted build costs far less than a million scattered
 * inserts; the others take rows in order, at the end of a few ranges, and cost little).
 */
export const BULK_INDEXES: readonly { name: string; sql: string; bulk?: boolean }[] = [
  { name: 'rows_outcome', sql: 'CREATE INDEX IF NOT EXISTS rows_outcome ON rows(outcome, row)' },
  { name: 'rows_severity', sql: 'CREATE INDEX IF NOT EXISTS rows_severity ON rows(severity, row)' },
  { name: 'rows_key', sql: 'CREATE INDEX IF NOT EXISTS rows_key ON rows(key) WHERE key IS NOT NULL', bulk: true },
  { name: 'issues_code', sql: 'CREATE INDEX IF NOT EXISTS issues_code ON issues(code, row)' },
  { name: 'issues_col', sql: 'CREATE INDEX IF NOT EXISTS issues_col ON issues(col, row)' },
  { name: 'rows_sig', sql: 'CREATE INDEX IF NOT EXISTS rows_sig ON rows(sig, outcome)' },
  { name: 'rows_outcome_sig', sql: 'CREATE INDEX IF NOT EXISTS rows_outcome_sig ON rows(outcome, sig)' },
  { name: 'issues_severity', sql: 'CREATE INDEX IF NOT EXISTS issues_severity ON issues(severity, row)' },
];

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
