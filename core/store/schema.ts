/**
 * The case file's schema, versioned with `PRAGMA user_version`. A case is a document users save and
 * send: everything needed to reopen it lives here.
 *
 * | format | written by | opened by this version |
 * |---|---|---|
 * | 1–3 | development builds before the first release (a row per record) | no: `CaseTooOldError` |
 * | 4 | rows in blocks (row-blocks.ts), before the profile list | yes, upgraded to 5 |
 * | 5 | adds profile_members | yes, upgraded to 6 |
 * | 6 | adds excluded_rows | yes, upgraded to 7 |
 * | 7 | this version (key hashes in block_keys, a fix's cells in one row of fix_edits) | yes |
 * | 8 and later | a newer ListPrep | no: `SchemaTooNewError` |
 *
 * A later format appends an upgrade to UPGRADES (never edit a shipped one).
 */
import type Database from 'better-sqlite3';
import { encodeCellEdits, type CellEdit } from '../codec/cell-edits.ts';

/** The first format a released ListPrep wrote: what a new case is made in, before any upgrade. */
const FIRST_FORMAT = 4;

/**
 * Format 4. Rows are in blocks (row_blocks, row-blocks.ts); block_groups holds the rows of each block
 * per (signature, outcome), so counts add it up and filtered pages find the blocks they need.
 * signatures numbers each set of issue kinds (code, severity, column, fixable, column name) a row
 * has; layouts lists the fields rows' values go by (values.ts). issues holds the file-level issues.
 */
const FIRST_SCHEMA = `
  CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
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
  CREATE TABLE signatures (id INTEGER PRIMARY KEY, issues TEXT NOT NULL UNIQUE);
  INSERT INTO signatures (id, issues) VALUES (0, '[]');
  CREATE TABLE layouts (id INTEGER PRIMARY KEY, fields TEXT NOT NULL UNIQUE);
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
`;

/**
 * 6 → 7, for fixes of one cell on big cases (issue #15). The key hashes of each block move to a table
 * of their own (block_keys), so a key lookup reads them alone: in row_blocks they came after the
 * block's index, which SQLite reads on the way (24 MB instead of 4 MB at a million rows). A fix's
 * cell edits become one row of fix_edits (codec/cell-edits.ts) instead of a row per cell, so a new
 * fix drops an undone bulk fix's cells by one row. Dropping the column rewrites row_blocks once.
 */
function blockKeysAndFixEdits(db: Database.Database): void {
  db.exec(`
    CREATE TABLE block_keys (block INTEGER PRIMARY KEY, keys BLOB NOT NULL);
    INSERT INTO block_keys (block, keys) SELECT id, keys FROM row_blocks;
    ALTER TABLE row_blocks DROP COLUMN keys;
    CREATE TABLE fix_edits (fix_id INTEGER PRIMARY KEY, cells TEXT NOT NULL);
  `);
  const edits = new Map<number, CellEdit[]>();
  // Format 6 kept a text UTF-8 cannot hold (a lone surrogate, R-F5) as its UTF-16 bytes.
  const textOf = (stored: string | Buffer) => (typeof stored === 'string' ? stored : stored.toString('utf16le'));
  for (const c of db.prepare('SELECT fix_id, row, col, before, after FROM fix_cells ORDER BY fix_id, rowid').iterate() as Iterable<{ fix_id: number; row: number; col: number; before: string | Buffer; after: string | Buffer }>) {
    let cells = edits.get(c.fix_id);
    if (cells === undefined) edits.set(c.fix_id, (cells = []));
    cells.push({ row: c.row, col: c.col, before: textOf(c.before), after: textOf(c.after) });
  }
  const insert = db.prepare('INSERT INTO fix_edits (fix_id, cells) VALUES (?, ?)');
  for (const { id } of db.prepare('SELECT id FROM fixes ORDER BY id').all() as { id: number }[]) insert.run(id, encodeCellEdits(edits.get(id) ?? []));
  db.exec('DROP TABLE fix_cells');
}

/** Each entry upgrades from format FIRST_FORMAT + i to the next: SQL, or code (never edit a shipped one). */
const UPGRADES: readonly (string | ((db: Database.Database) => void))[] = [
  // 4 → 5: the profile list (profiles.ts): every contact of every unified profile, profiles numbered
  // in id order (profile_seq) so a page is a range; `search` holds what a search may find in it
  // (profile-list.ts searchTerms), scanned in order and bounded. A case unified before this format
  // has an empty list until unification runs again.
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
  // 5 → 6: rows the user left out of the upload-ready file (excluded-rows.ts). A side table, not a
  // flag in the row blocks, so excluding rows rewrites no block; a case from format 5 has none.
  `
  CREATE TABLE excluded_rows (row INTEGER PRIMARY KEY);
  `,
  blockKeysAndFixEdits,
  // 7 → 8: the directory of blocks (block-reader.ts) read from an index of its own. From the table,
  // SQLite read a page of every block (8 MB at a million rows, about 30 ms) each time another
  // connection had written: the first page shown after a check or a fix.
  `
  CREATE INDEX row_blocks_directory ON row_blocks (first_seq, id, n, first_row, last_row, layout);
  `,
];

export const SCHEMA_VERSION = FIRST_FORMAT + UPGRADES.length;

export class SchemaTooNewError extends Error {
  constructor(found: number) {
    super(`This case was saved by a newer ListPrep (format ${found}; this version reads up to ${SCHEMA_VERSION}). Update ListPrep to open it.`);
  }
}

/** A case of formats 1–3, which only development builds wrote (docs/decisions.md, "Case files"). */
export class CaseTooOldError extends Error {
  constructor(found: number) {
    super(`it was saved by a development build of ListPrep (format ${found}), which this version does not open. Open the list again to make a new case`);
  }
}

/** The error for a file whose format this version does not open (undefined: it opens it; 0 is a new file). */
export function unsupportedFormat(version: number): Error | undefined {
  if (version > SCHEMA_VERSION) return new SchemaTooNewError(version);
  if (version > 0 && version < FIRST_FORMAT) return new CaseTooOldError(version);
  return undefined;
}

/** Makes a new case's tables, or brings a case to the current format, each step in its own transaction. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const refused = unsupportedFormat(current);
  if (refused !== undefined) throw refused;
  if (current === 0) {
    db.transaction(() => {
      db.exec(FIRST_SCHEMA);
      db.pragma(`user_version = ${FIRST_FORMAT}`);
    })();
  }
  for (let version = Math.max(current, FIRST_FORMAT); version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      const upgrade = UPGRADES[version - FIRST_FORMAT];
      if (typeof upgrade === 'string') db.exec(upgrade);
      else upgrade(db);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
