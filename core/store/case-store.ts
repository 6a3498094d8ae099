/**
 * The case file: one SQLite database per case (rows, issues, outcomes, snapshot, fixes, profiles).
 * WAL mode so the check job writes while the UI reads; every write in one transaction, so a crash
 * leaves the previous consistent state.
 */
import Database from 'better-sqlite3';
import type { Contact, CustomFieldDefinition, FieldChange, FieldValue, Issue, MessageParams, Outcome, Severity } from '../model.ts';
import { issueMessage } from '../i18n/messages.ts';
import { migrate, SCHEMA_VERSION, SchemaTooNewError } from './schema.ts';
import { isCaseMeta, META_KEY } from './case-meta.ts';
import { SIMULATION_CODES } from '../rules/codes.ts';

export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };
const SEVERITY_OF: Record<number, Severity> = { 1: 'info', 2: 'warning', 3: 'error' };

export interface StoredRow {
  row: number;
  seq: number;
  original: readonly string[];
  cells: readonly string[];
  outcome: Outcome;
  key?: string;
  values?: Map<string, FieldValue>;
  contactId?: string;
  changes: readonly FieldChange[];
  /** Validation issues (origin 'check') and simulation issues (origin 'simulate'). */
  issues: readonly Issue[];
}

export interface RowQuery {
  severity?: Severity;
  code?: string;
  columnIndex?: number;
  outcome?: Outcome;
  text?: string;
}

export interface RowRecord {
  row: number;
  seq: number;
  original: string[];
  cells: string[];
  outcome: Outcome;
  key?: string;
  values: Map<string, FieldValue>;
  contactId?: string;
  changes: FieldChange[];
  severity?: Severity;
  issues: Issue[];
}

export interface StoreOptions {
  /** better-sqlite3's native binding built for Electron's ABI (see docs/electron.md). */
  nativeBinding?: string;
  readonly?: boolean;
  /** Opening a file the user chose: it must already be a case (nothing is written to anything else). */
  existing?: boolean;
}

interface IssueRow {
  row: number | null; col: number | null; code: string; severity: number; field: string | null;
  column_name: string | null; value: string | null; fix: string | null; params: string | null; origin: string;
}

function issueFromRow(r: IssueRow): Issue {
  const issue: Issue = { code: r.code, severity: SEVERITY_OF[r.severity], message: '' };
  if (r.row !== null) issue.row = r.row;
  if (r.column_name !== null) issue.column = r.column_name;
  if (r.col !== null) issue.columnIndex = r.col;
  if (r.field !== null) issue.field = r.field;
  if (r.value !== null) issue.value = r.value;
  if (r.fix !== null) issue.fix = r.fix;
  if (r.params !== null) issue.params = JSON.parse(r.params) as MessageParams;
  issue.message = issueMessage(issue, 'en');
  return issue;
}

function encodeValues(values: Map<string, FieldValue> | undefined): string | null {
  return values && values.size > 0 ? JSON.stringify([...values]) : null;
}

function decodeValues(text: string | null): Map<string, FieldValue> {
  return new Map(text ? (JSON.parse(text) as [string, FieldValue][]) : []);
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class CaseStore {
  readonly db: Database.Database;
  private readonly insertRowStmt: Database.Statement;
  private readonly insertIssueStmt: Database.Statement;
  private readonly deleteRowIssuesStmt: Database.Statement;

  constructor(readonly path: string, options: StoreOptions = {}) {
    const settings: Database.Options = { readonly: options.readonly === true, timeout: 10_000 };
    if (options.nativeBinding !== undefined) settings.nativeBinding = options.nativeBinding;
    if (options.existing) settings.fileMustExist = true;
    this.db = new Database(path, settings);
    if (options.existing) {
      // Decide before anything is written: a file that is not a case (an empty file, another
      // program's database) or a newer case must be left exactly as it was.
      let version: number;
      try {
        version = this.db.pragma('user_version', { simple: true }) as number;
      } catch (error) {
        this.db.close();
        throw error;
      }
      if (version === 0 || version > SCHEMA_VERSION) {
        this.db.close();
        throw version === 0 ? new Error('it is not a ListPrep case file') : new SchemaTooNewError(version);
      }
      if (!this.hasSoundMeta()) {
        this.db.close();
        throw new Error('it is damaged: its case information cannot be read');
      }
    }
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      migrate(this.db);
    }
    this.insertRowStmt = this.db.prepare(
      `INSERT OR REPLACE INTO rows (row, seq, original, cells, outcome, severity, key, vals, contact_id, changes)
       VALUES (@row, @seq, @original, @cells, @outcome, @severity, @key, @vals, @contactId, @changes)`,
    );
    this.insertIssueStmt = this.db.prepare(
      `INSERT INTO issues (row, col, code, severity, field, column_name, value, fix, params, origin)
       VALUES (@row, @col, @code, @severity, @field, @column, @value, @fix, @params, @origin)`,
    );
    this.deleteRowIssuesStmt = this.db.prepare('DELETE FROM issues WHERE row = ?');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Whether the case information is there and readable (read before anything is written). */
  private hasSoundMeta(): boolean {
    try {
      const found = this.db.prepare('SELECT value FROM meta WHERE name = ?').get(META_KEY) as { value: string } | undefined;
      return found !== undefined && isCaseMeta(JSON.parse(found.value));
    } catch {
      return false;
    }
  }

  // ---- meta ---------------------------------------------------------------------------------

  getMeta<T>(name: string): T | undefined {
    const found = this.db.prepare('SELECT value FROM meta WHERE name = ?').get(name) as { value: string } | undefined;
    return found ? (JSON.parse(found.value) as T) : undefined;
  }

  setMeta(name: string, value: unknown): void {
    this.db.prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value').run(name, JSON.stringify(value));
  }

  // ---- rows and issues ------------------------------------------------------------------------

  clearRows(): void {
    this.db.transaction(() => {
      this.db.exec("DELETE FROM rows; DELETE FROM issues WHERE row IS NOT NULL OR origin = 'check';");
    })();
  }

  private writeIssue(issue: Issue, origin: string): void {
    this.insertIssueStmt.run({
      row: issue.row ?? null, col: issue.columnIndex ?? null, code: issue.code, severity: SEVERITY_RANK[issue.severity],
      field: issue.field ?? null, column: issue.column ?? null, value: issue.value ?? null, fix: issue.fix ?? null,
      params: issue.params ? JSON.stringify(issue.params) : null, origin,
    });
  }

  /** Writes (or rewrites) rows with their issues, all in one transaction. */
  writeRows(rows: readonly StoredRow[]): void {
    this.db.transaction(() => {
      for (const r of rows) {
        this.deleteRowIssuesStmt.run(r.row);
        let worst = 0;
        for (const issue of r.issues) {
          worst = Math.max(worst, SEVERITY_RANK[issue.severity]);
          this.writeIssue({ ...issue, row: r.row }, SIMULATION_CODES.has(issue.code) ? 'simulate' : 'check');
        }
        this.insertRowStmt.run({
          row: r.row, seq: r.seq, original: JSON.stringify(r.original), cells: JSON.stringify(r.cells), outcome: r.outcome,
          severity: worst, key: r.key ?? null, vals: encodeValues(r.values), contactId: r.contactId ?? null,
          changes: r.changes.length > 0 ? JSON.stringify(r.changes) : null,
        });
      }
    })();
  }

  /** Replaces the file-level issues (row IS NULL). */
  setFileIssues(issues: readonly Issue[]): void {
    this.db.transaction(() => {
      this.db.exec('DELETE FROM issues WHERE row IS NULL');
      for (const issue of issues) this.writeIssue(issue, 'file');
    })();
  }

  fileIssues(): Issue[] {
    return (this.db.prepare('SELECT * FROM issues WHERE row IS NULL ORDER BY id').all() as IssueRow[]).map(issueFromRow);
  }

  rowCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM rows').get() as { n: number }).n;
  }

  private issuesOf(rowNumbers: readonly number[]): Map<number, Issue[]> {
    const byRow = new Map<number, Issue[]>();
    if (rowNumbers.length === 0) return byRow;
    const placeholders = rowNumbers.map(() => '?').join(',');
    const found = this.db.prepare(`SELECT * FROM issues WHERE row IN (${placeholders}) ORDER BY row, id`).all(...rowNumbers) as IssueRow[];
    for (const r of found) {
      const list = byRow.get(r.row!) ?? [];
      list.push(issueFromRow(r));
      byRow.set(r.row!, list);
    }
    return byRow;
  }

  private toRecords(found: readonly Record<string, unknown>[]): RowRecord[] {
    const issues = this.issuesOf(found.map((r) => r.row as number));
    return found.map((r) => {
      const record: RowRecord = {
        row: r.row as number, seq: r.seq as number,
        original: JSON.parse(r.original as string) as string[], cells: JSON.parse(r.cells as string) as string[],
        outcome: r.outcome as Outcome, values: decodeValues(r.vals as string | null),
        changes: r.changes ? (JSON.parse(r.changes as string) as FieldChange[]) : [],
        issues: issues.get(r.row as number) ?? [],
      };
      if (r.key !== null) record.key = r.key as string;
      if (r.contact_id !== null) record.contactId = r.contact_id as string;
      if ((r.severity as number) > 0) record.severity = SEVERITY_OF[r.severity as number];
      return record;
    });
  }

  /** SQL for the rows matching a filter; issue conditions combine on the same issue (code in a column). */
  private where(filter: RowQuery): { sql: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const issueClauses: string[] = [];
    if (filter.code !== undefined) {
      issueClauses.push('code = ?');
      params.push(filter.code);
    }
    if (filter.columnIndex !== undefined) {
      issueClauses.push('col = ?');
      params.push(filter.columnIndex);
    }
    if (filter.severity !== undefined) {
      issueClauses.push('severity = ?');
      params.push(SEVERITY_RANK[filter.severity]);
    }
    if (issueClauses.length > 0) clauses.push(`rows.row IN (SELECT row FROM issues WHERE row IS NOT NULL AND ${issueClauses.join(' AND ')})`);
    if (filter.outcome !== undefined) {
      clauses.push('rows.outcome = ?');
      params.push(filter.outcome);
    }
    if (filter.text !== undefined && filter.text.trim() !== '') {
      clauses.push("rows.cells LIKE ? ESCAPE '\\'");
      params.push(likePattern(filter.text.trim()));
    }
    return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  queryRows(filter: RowQuery, offset: number, limit: number, sort?: { by: 'row' | 'severity' | 'outcome'; dir: 'asc' | 'desc' }): { total: number; rows: RowRecord[] } {
    const { sql, params } = this.where(filter);
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM rows ${sql}`).get(...params) as { n: number }).n;
    const dir = sort?.dir === 'desc' ? 'DESC' : 'ASC';
    let found: Record<string, unknown>[];
    if (sql === '' && (!sort || sort.by === 'row')) {
      // Unfiltered pages by dense position: no OFFSET scan over a million rows.
      found = dir === 'ASC'
        ? (this.db.prepare('SELECT * FROM rows WHERE seq >= ? ORDER BY seq LIMIT ?').all(offset, limit) as Record<string, unknown>[])
        : (this.db.prepare('SELECT * FROM rows WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(total - offset, limit) as Record<string, unknown>[]);
    } else {
      // Outcomes sort in the order an import reads them, not alphabetically.
      const outcomeOrder = "CASE outcome WHEN 'create' THEN 0 WHEN 'update' THEN 1 WHEN 'unchanged' THEN 2 WHEN 'skip' THEN 3 ELSE 4 END";
      const order = sort?.by === 'severity' ? `severity ${dir}, row` : sort?.by === 'outcome' ? `${outcomeOrder} ${dir}, row` : `row ${dir}`;
      found = this.db.prepare(`SELECT * FROM rows ${sql} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, limit, offset) as Record<string, unknown>[];
    }
    return { total, rows: this.toRecords(found) };
  }

  getRow(row: number): RowRecord | undefined {
    const found = this.db.prepare('SELECT * FROM rows WHERE row = ?').get(row) as Record<string, unknown> | undefined;
    return found ? this.toRecords([found])[0] : undefined;
  }

  /** Rows by number, in file order. */
  getRows(rowNumbers: readonly number[]): RowRecord[] {
    const out: RowRecord[] = [];
    for (let i = 0; i < rowNumbers.length; i += 500) {
      const chunk = rowNumbers.slice(i, i + 500);
      const found = this.db.prepare(`SELECT * FROM rows WHERE row IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as Record<string, unknown>[];
      out.push(...this.toRecords(found));
    }
    return out.sort((a, b) => a.row - b.row);
  }

  /** Rows whose key is one of these, in file order (a key group replays independently: R-M6). */
  rowsWithKeys(keys: readonly string[]): number[] {
    const out: number[] = [];
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const found = this.db.prepare(`SELECT row FROM rows WHERE key IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as { row: number }[];
      out.push(...found.map((r) => r.row));
    }
    return out.sort((a, b) => a - b);
  }

  /** Rows (in file order) whose issues include one of the given codes with a fix, optionally in one column. */
  rowsWithFix(code: string, columnIndex?: number): number[] {
    const sql = columnIndex === undefined
      ? 'SELECT DISTINCT row FROM issues WHERE code = ? AND fix IS NOT NULL AND row IS NOT NULL ORDER BY row'
      : 'SELECT DISTINCT row FROM issues WHERE code = ? AND col = ? AND fix IS NOT NULL AND row IS NOT NULL ORDER BY row';
    const params = columnIndex === undefined ? [code] : [code, columnIndex];
    return (this.db.prepare(sql).all(...params) as { row: number }[]).map((r) => r.row);
  }

  /** Iterates every row in file order, in pages, for exports and full replays. */
  *allRows(pageSize = 5_000): Generator<RowRecord[]> {
    let seq = 0;
    for (;;) {
      const found = this.db.prepare('SELECT * FROM rows WHERE seq >= ? ORDER BY seq LIMIT ?').all(seq, pageSize) as Record<string, unknown>[];
      if (found.length === 0) return;
      yield this.toRecords(found);
      seq = (found[found.length - 1].seq as number) + 1;
    }
  }

  counts(filter: RowQuery): {
    rows: number;
    byOutcome: Record<Outcome, number>;
    bySeverity: Record<Severity, number>;
    byCode: { code: string; severity: Severity; count: number; fixable: number }[];
    byColumn: { column: string; columnIndex: number; count: number }[];
  } {
    const { sql, params } = this.where(filter);
    const scoped = sql === '' ? '' : `AND row IN (SELECT row FROM rows ${sql})`;
    const byOutcome: Record<Outcome, number> = { create: 0, update: 0, unchanged: 0, skip: 0, fail: 0 };
    let rows = 0;
    for (const r of this.db.prepare(`SELECT outcome, COUNT(*) AS n FROM rows ${sql} GROUP BY outcome`).all(...params) as { outcome: Outcome; n: number }[]) {
      byOutcome[r.outcome] = r.n;
      rows += r.n;
    }
    const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    for (const r of this.db.prepare(`SELECT severity, COUNT(DISTINCT row) AS n FROM issues WHERE row IS NOT NULL ${scoped} GROUP BY severity`).all(...params) as { severity: number; n: number }[]) {
      bySeverity[SEVERITY_OF[r.severity]] = r.n;
    }
    const byCode = (this.db.prepare(
      `SELECT code, MAX(severity) AS severity, COUNT(DISTINCT row) AS n, COUNT(DISTINCT CASE WHEN fix IS NOT NULL THEN row END) AS fixable FROM issues WHERE row IS NOT NULL ${scoped} GROUP BY code ORDER BY MAX(severity) DESC, n DESC`,
    ).all(...params) as { code: string; severity: number; n: number; fixable: number }[]).map((r) => ({ code: r.code, severity: SEVERITY_OF[r.severity], count: r.n, fixable: r.fixable }));
    const byColumn = (this.db.prepare(
      `SELECT col, MIN(column_name) AS name, COUNT(DISTINCT row) AS n FROM issues WHERE row IS NOT NULL AND col IS NOT NULL ${scoped} GROUP BY col ORDER BY n DESC`,
    ).all(...params) as { col: number; name: string | null; n: number }[]).map((r) => ({ column: r.name ?? `#${r.col + 1}`, columnIndex: r.col, count: r.n }));
    return { rows, byOutcome, bySeverity, byCode, byColumn };
  }

  // ---- snapshot, definitions, unification ------------------------------------------------------

  replaceContacts(contacts: readonly Contact[]): void {
    const insert = this.db.prepare('INSERT INTO contacts (id, ord, channel, fields, tags, created_at, updated_at, row) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      this.db.exec('DELETE FROM contacts');
      for (const c of contacts) insert.run(c.id, c.order, c.channel, JSON.stringify(c.fields), JSON.stringify(c.tags), c.createdAt, c.updatedAt, c.row ?? null);
    })();
  }

  contacts(): Contact[] {
    return (this.db.prepare('SELECT * FROM contacts ORDER BY ord').all() as Record<string, unknown>[]).map((r) => {
      const contact: Contact = {
        id: r.id as string, order: r.ord as number, channel: r.channel as Contact['channel'],
        fields: Object.assign(Object.create(null), JSON.parse(r.fields as string)) as Record<string, string>,
        tags: JSON.parse(r.tags as string) as string[], createdAt: r.created_at as string, updatedAt: r.updated_at as string,
      };
      if (r.row !== null) contact.row = r.row as number;
      return contact;
    });
  }

  replaceDefinitions(definitions: readonly CustomFieldDefinition[] | undefined): void {
    this.db.transaction(() => {
      this.db.exec('DELETE FROM definitions');
      const insert = this.db.prepare('INSERT OR REPLACE INTO definitions (key, type, status) VALUES (?, ?, ?)');
      for (const d of definitions ?? []) insert.run(d.key, d.type, d.status);
    })();
  }

  definitions(): CustomFieldDefinition[] {
    return this.db.prepare('SELECT key, type, status FROM definitions ORDER BY key').all() as CustomFieldDefinition[];
  }

  replaceUnification(profiles: readonly { id: string; contactIds: string[]; values: Record<string, string>; tags: string[]; conflict: boolean }[], conflicts: readonly unknown[]): void {
    const insertProfile = this.db.prepare('INSERT INTO profiles (id, contact_ids, vals, tags, conflict) VALUES (?, ?, ?, ?, ?)');
    const insertConflict = this.db.prepare('INSERT INTO conflicts (idx, data) VALUES (?, ?)');
    this.db.transaction(() => {
      this.db.exec('DELETE FROM profiles; DELETE FROM conflicts;');
      for (const p of profiles) insertProfile.run(p.id, JSON.stringify(p.contactIds), JSON.stringify(p.values), JSON.stringify(p.tags), p.conflict ? 1 : 0);
      conflicts.forEach((c, i) => insertConflict.run(i, JSON.stringify(c)));
    })();
  }

  profileCounts(): { profiles: number; contacts: number } {
    const found = this.db.prepare('SELECT COUNT(*) AS profiles, COALESCE(SUM(json_array_length(contact_ids)), 0) AS contacts FROM profiles').get() as { profiles: number; contacts: number };
    return { profiles: found.profiles, contacts: found.contacts };
  }

  conflicts<T>(offset: number, limit: number): { total: number; items: T[] } {
    const total = (this.db.prepare('SELECT COUNT(*) AS n FROM conflicts').get() as { n: number }).n;
    const items = (this.db.prepare('SELECT data FROM conflicts ORDER BY idx LIMIT ? OFFSET ?').all(limit, offset) as { data: string }[]).map((r) => JSON.parse(r.data) as T);
    return { total, items };
  }

  // ---- fixes (undo / redo) ---------------------------------------------------------------------

  recordFix(entry: { description: string; fix: unknown; cells: readonly { row: number; col: number; before: string; after: string }[]; changedRows: number }): number {
    return this.db.transaction(() => {
      this.db.exec('DELETE FROM fix_cells WHERE fix_id IN (SELECT id FROM fixes WHERE undone = 1); DELETE FROM fixes WHERE undone = 1;');
      const id = Number(this.db.prepare('INSERT INTO fixes (at, description, fix, changed_rows) VALUES (?, ?, ?, ?)').run(new Date().toISOString(), entry.description, JSON.stringify(entry.fix), entry.changedRows).lastInsertRowid);
      const insert = this.db.prepare('INSERT INTO fix_cells (fix_id, row, col, before, after) VALUES (?, ?, ?, ?, ?)');
      for (const c of entry.cells) insert.run(id, c.row, c.col, c.before, c.after);
      return id;
    })();
  }

  /** The newest applied fix (undo) or the oldest undone one (redo), with its cell edits. */
  fixToToggle(direction: 'undo' | 'redo'): { id: number; cells: { row: number; col: number; before: string; after: string }[] } | undefined {
    const found = direction === 'undo'
      ? (this.db.prepare('SELECT id FROM fixes WHERE undone = 0 ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined)
      : (this.db.prepare('SELECT id FROM fixes WHERE undone = 1 ORDER BY id ASC LIMIT 1').get() as { id: number } | undefined);
    if (!found) return undefined;
    const cells = this.db.prepare('SELECT row, col, before, after FROM fix_cells WHERE fix_id = ?').all(found.id) as { row: number; col: number; before: string; after: string }[];
    return { id: found.id, cells };
  }

  /** Cells whose current value came from an accepted `datetime.timezone` fix (row:col → value). */
  convertedCells(): Map<string, string> {
    const found = this.db.prepare(
      `SELECT fc.row, fc.col, fc.after FROM fix_cells fc JOIN fixes f ON f.id = fc.fix_id
       WHERE f.undone = 0 AND json_extract(f.fix, '$.code') = 'datetime.timezone' ORDER BY f.id`,
    ).all() as { row: number; col: number; after: string }[];
    return new Map(found.map((r) => [`${r.row}:${r.col}`, r.after]));
  }

  markFix(id: number, undone: boolean): void {
    this.db.prepare('UPDATE fixes SET undone = ? WHERE id = ?').run(undone ? 1 : 0, id);
  }

  fixLog<F = unknown>(): { id: number; at: string; description: string; fix: F; changedRows: number; undone: boolean }[] {
    return (this.db.prepare('SELECT id, at, description, fix, changed_rows, undone FROM fixes ORDER BY id').all() as { id: number; at: string; description: string; fix: string; changed_rows: number; undone: number }[])
      .map((r) => ({ id: r.id, at: r.at, description: r.description, fix: JSON.parse(r.fix) as F, changedRows: r.changed_rows, undone: r.undone === 1 }));
  }

  /** A consistent copy of the case at `target` (the user's "Save case as"). */
  saveAs(target: string): void {
    this.db.prepare('VACUUM INTO ?').run(target);
  }
}
