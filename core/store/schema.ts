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
  // 3: a first check that writes a million rows fast (case-store.ts).
  // - Compact values (values.ts): rows.vals is `[layout, …]`, the values by position in the fields of
  //   a layout (table layouts), most of them as a reference to a cell of the row; a Map that fits no
  //   layout is stored as JSON of its entries, as version 2 stored every Map (those rows stay so).
  // - Counts: row_counts holds the rows per (signature, outcome), kept by triggers (COUNT_TRIGGERS);
  //   counts add it up instead of grouping the rows over two indexes, which go.
  // - rows_severity in the order "worst first" pages read it (severity down, then row up), not sorted
  //   again for every page.
  `
  CREATE TABLE layouts (id INTEGER PRIMARY KEY, fields TEXT NOT NULL UNIQUE);
  CREATE TABLE row_counts (sig INTEGER NOT NULL, outcome TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (sig, outcome)) WITHOUT ROWID;
  INSERT INTO row_counts (sig, outcome, n) SELECT sig, outcome, COUNT(*) FROM rows WHERE sig IS NOT NULL GROUP BY sig, outcome;
  DROP INDEX IF EXISTS rows_sig;
  DROP INDEX IF EXISTS rows_outcome_sig;
  DROP INDEX IF EXISTS rows_severity;
  CREATE INDEX rows_severity ON rows(severity DESC, row);
  `,
  // 4: rows in blocks (row-blocks.ts): a first check writes a block of a few thousand rows as one
  // record, with its rows' issues, instead of a record per row and per issue. block_groups holds the
  // rows of each block per (signature, outcome): counts add it up, and filtered pages find the blocks
  // they need in it. The rows of an older case move into blocks when it is next opened for writing
  // (case-store.ts moveLegacyRows, from legacy_rows); its row issues go with them.
  `
  DROP TRIGGER IF EXISTS rows_counted;
  DROP TRIGGER IF EXISTS rows_uncounted;
  DROP TRIGGER IF EXISTS rows_recounted;
  DROP TABLE IF EXISTS row_counts;
  DROP INDEX IF EXISTS rows_seq;
  DROP INDEX IF EXISTS rows_outcome;
  DROP INDEX IF EXISTS rows_severity;
  DROP INDEX IF EXISTS rows_key;
  DROP INDEX IF EXISTS rows_sig;
  DROP INDEX IF EXISTS rows_outcome_sig;
  DROP INDEX IF EXISTS issues_code;
  DROP INDEX IF EXISTS issues_col;
  DROP INDEX IF EXISTS issues_severity;
  ALTER TABLE rows RENAME TO legacy_rows;
  CREATE TABLE row_blocks (
    id INTEGER PRIMARY KEY,
    first_seq INTEGER NOT NULL UNIQUE,
    n INTEGER NOT NULL,
    first_row INTEGER NOT NULL,
    last_row INTEGER NOT NULL,
    layout INTEGER,
    positions BLOB NOT NULL,
    keys BLOB NOT NULL,
    checked BLOB NOT NULL,
    simulated BLOB NOT NULL
  );
  CREATE TABLE block_groups (block INTEGER NOT NULL, sig INTEGER NOT NULL, outcome INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (block, sig, outcome)) WITHOUT ROWID;
  `,
  // 5: the profile list (profiles.ts): every contact of every unified profile, profiles numbered in
  // id order (profile_seq) so a page is a range; `search` holds what a search may find in it
  // (profile-list.ts searchTerms), scanned in order and bounded.
  // A case unified before this version has an empty list until unification runs again.
  `
  CREATE TABLE profile_members (
    seq INTEGER PRIMARY KEY,
    profile_seq INTEGER NOT NULL,
    profile_id TEXT NOT NULL,
    conflict INTEGER NOT NULL,
    contact_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    linked_by TEXT NOT NULL,
    row INTEGER,
    name TEXT NOT NULL,
    search TEXT NOT NULL
  );
  CREATE INDEX profile_members_profile ON profile_members(profile_seq);
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
