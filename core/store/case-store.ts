/**
 * The case file: one SQLite database per case (rows, issues, outcomes, snapshot, fixes, profiles).
 * WAL mode so the check job writes while the UI reads; every write in one transaction, so a crash
 * leaves the previous consistent state.
 */
import Database from 'better-sqlite3';
import { OUTCOMES, type Contact, type CustomFieldDefinition, type FieldChange, type FieldValue, type Issue, type MessageParams, type Outcome, type Severity } from '../model.ts';
import { issueMessage } from '../i18n/messages.ts';
import { BULK_INDEXES, COUNT_TRIGGERS, migrate, ROW_COUNTS_VERSION, SCHEMA_VERSION, SchemaTooNewError } from './schema.ts';
import { jsonOfEntries, jsonOfPairs, jsonOfStrings } from './json.ts';
import { decodeValues, positionsOf, valuesBody, valuesText, widenedLayout, type Layout } from './values.ts';
import { createdChanges } from '../simulate/new-contact.ts';
import { isCaseMeta, META_KEY } from './case-meta.ts';
import { SIMULATION_CODES } from '../rules/codes.ts';
import { isTagField } from '../rules/templates.ts';

export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };
const SEVERITY_OF: Record<number, Severity> = { 1: 'info', 2: 'warning', 3: 'error' };
const OUTCOME_INDEX = Object.fromEntries(OUTCOMES.map((o, i) => [o, i])) as Record<Outcome, number>;

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
  /** A created row whose changes were left out as derivable from its values (RowResult.changesOmitted). */
  changesOmitted?: true;
  /** Validation issues (origin 'check') and simulation issues (origin 'simulate'). */
  issues: readonly Issue[];
  /**
   * `cells`, `original` and `values` already as stored (made by the validation worker); they are then
   * not read. `values` is the body of the values for `layout` (values.ts), or without a layout JSON of
   * their entries.
   */
  encoded?: { cells: string; original: string; values: string | null; layout?: readonly string[] };
}

export interface Counts {
  rows: number;
  byOutcome: Record<Outcome, number>;
  bySeverity: Record<Severity, number>;
  byCode: { code: string; severity: Severity; count: number; fixable: number }[];
  byColumn: { column: string; columnIndex: number; count: number }[];
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

/**
 * Changes as stored: [field, to] pairs when every change is from blank (a created contact's, the
 * most common by far), else the FieldChange objects. Both are read back by `decodeChanges`.
 */
function encodeChanges(changes: readonly FieldChange[]): string {
  if (changes.length === 0) return '[]';
  const pairs: [string, string][] = new Array(changes.length);
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    if (change.from !== '') return JSON.stringify(changes);
    pairs[i] = [change.field, change.to];
  }
  return jsonOfPairs(pairs);
}

/**
 * Whether a created row's changes are those its values give (then they are not stored:
 * `createdChanges`). Compared change by change as createdChanges makes them, without making them
 * (a million rows): a text value is its change; a tag field goes through createdChanges itself
 * unless it is one tag or none.
 */
function derivable(changes: readonly FieldChange[], values: ReadonlyMap<string, FieldValue> | undefined): boolean {
  if (!values) return false;
  let next = 0;
  let same = true;
  values.forEach((value, field) => {
    if (!same) return;
    let to: string | undefined;
    if (isTagField(field)) {
      if (Array.isArray(value) && value.length <= 1) to = value.length === 1 ? value[0] : undefined;
      else to = createdChanges(new Map([[field, value]]))[0]?.to;
    } else if (typeof value === 'string' && value !== '') {
      to = value;
    }
    if (to === undefined) return;
    const change = changes[next++];
    same = change !== undefined && change.field === field && change.from === '' && change.to === to;
  });
  return same && next === changes.length;
}

function decodeChanges(text: string | null, outcome: Outcome, values: ReadonlyMap<string, FieldValue>): FieldChange[] {
  if (!text) return outcome === 'create' ? createdChanges(values) : [];
  const stored = JSON.parse(text) as (FieldChange | [string, string])[];
  return stored.map((c) => (Array.isArray(c) ? { field: c[0], from: '', to: c[1] } : c));
}

/** `original` as stored: '' when it is the same as the cells (no fix applied; JSON is never empty). */
function decodeOriginal(original: string, cells: string[]): string[] {
  return original === '' ? cells.slice() : (JSON.parse(original) as string[]);
}

/** One kind of issue as counts see it: code, severity rank, column, fixable, column name. */
type IssueKind = [string, number, number | null, 0 | 1, string | null];

/** A row's issue kinds, distinct and in a fixed order, as JSON: the key of its signature. */
function signatureKey(issues: readonly Issue[]): string {
  const kinds = new Map<string, IssueKind>();
  for (const issue of issues) {
    const kind: IssueKind = [issue.code, SEVERITY_RANK[issue.severity], issue.columnIndex ?? null, issue.fix !== undefined ? 1 : 0, issue.column ?? null];
    kinds.set(JSON.stringify(kind), kind);
  }
  return `[${[...kinds.keys()].sort().join(',')}]`;
}

/**
 * A row's issue kinds (as signatureKey reads them) in the order they come, as one text that tells
 * any two lists of kinds apart (texts carry their lengths): two rows with the same text have the
 * same signature.
 */
function kindsText(issues: readonly Issue[]): string {
  let text = '';
  for (const issue of issues) {
    const column = issue.column === undefined ? '-' : `${issue.column.length}:${issue.column}`;
    text += `${issue.code.length}:${issue.code}${SEVERITY_RANK[issue.severity]}${issue.columnIndex ?? '-'},${issue.fix !== undefined ? 1 : 0}${column};`;
  }
  return text;
}

/** SQLite's order for TEXT (its default collation compares UTF-8 bytes). */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class CaseStore {
  readonly db: Database.Database;
  /** Prepared on first write (a read-only connection to an older case has columns they do not name). */
  private writeStatements: {
    insertRow: Database.Statement; appendRow: Database.Statement; insertIssue: Database.Statement; deleteRowIssues: Database.Statement; addCount: Database.Statement;
  } | undefined;

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
      // A new case gets 16 KiB pages: a first check writes hundreds of megabytes, and every page is
      // a write to the log and another to the file (measured: a million rows 4 % faster than 4 KiB).
      // Only a new, empty file takes it; an existing case keeps its own.
      if ((this.db.pragma('user_version', { simple: true }) as number) === 0) this.db.pragma('page_size = 16384');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      migrate(this.db);
      this.ensureIndexes();
    }
    // A million-row case has indexes of tens of megabytes; the default 2 MB page cache makes every
    // insert into the key index (random order) a read. Grows only as far as it is used.
    this.db.pragma('cache_size = -65536');
    // Checkpoint every 32 MB of log rather than 4 MB: a first check writes hundreds of megabytes, and
    // each checkpoint syncs the disk twice.
    if (!options.readonly) this.db.pragma('wal_autocheckpoint = 8192');
    if (!options.readonly) this.signRows();
    const version = this.db.pragma('user_version', { simple: true }) as number;
    this.signed = version >= 2;
    this.counted = version >= ROW_COUNTS_VERSION;
  }

  /** Rows are counted in row_counts (version 3 on; a read-only connection to an older case groups the rows). */
  private readonly counted: boolean;

  /** Rows carry signatures (version 2 on; a read-only connection to a version 1 case counts by scanning). */
  private readonly signed: boolean;

  private statements(): NonNullable<CaseStore['writeStatements']> {
    if (this.writeStatements === undefined) {
      const rowColumns = '(row, seq, original, cells, outcome, severity, key, vals, contact_id, changes, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
      // A rewritten row is updated, not replaced: the update trigger keeps row_counts (a replace
      // deletes without firing delete triggers).
      const update = ['seq', 'original', 'cells', 'outcome', 'severity', 'key', 'vals', 'contact_id', 'changes', 'sig'].map((c) => `${c} = excluded.${c}`).join(', ');
      this.writeStatements = {
        insertRow: this.db.prepare(`INSERT INTO rows ${rowColumns} ON CONFLICT (row) DO UPDATE SET ${update}`),
        appendRow: this.db.prepare(`INSERT INTO rows ${rowColumns}`),
        insertIssue: this.db.prepare(
          `INSERT INTO issues (row, col, code, severity, field, column_name, value, fix, params, origin)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ),
        deleteRowIssues: this.db.prepare('DELETE FROM issues WHERE row = ?'),
        addCount: this.db.prepare('INSERT INTO row_counts (sig, outcome, n) VALUES (?, ?, ?) ON CONFLICT (sig, outcome) DO UPDATE SET n = n + excluded.n'),
      };
    }
    return this.writeStatements;
  }

  // ---- signatures: a row's set of issue kinds, so counts add up a few hundred kinds, not issues ----

  private readonly signatureIds = new Map<string, number>([['[]', 0]]);
  /** Signature numbers by the row's issue kinds as they come (kindsText), which is cheaper to make than the key. */
  private readonly signaturesByKinds = new Map<string, number>();

  /** The number of a row's signature, made on first sight (0: no issues). */
  private signatureOf(issues: readonly Issue[]): number {
    if (issues.length === 0) return 0;
    const kinds = kindsText(issues);
    const known = this.signaturesByKinds.get(kinds);
    if (known !== undefined) return known;
    const key = signatureKey(issues);
    let id = this.signatureIds.get(key);
    if (id === undefined) {
      this.db.prepare('INSERT OR IGNORE INTO signatures (issues) VALUES (?)').run(key);
      id = (this.db.prepare('SELECT id FROM signatures WHERE issues = ?').get(key) as { id: number }).id;
      this.signatureIds.set(key, id);
    }
    this.signaturesByKinds.set(kinds, id);
    return id;
  }

  /** Rows written by version 1 of the case file have no signature yet: given theirs, once. */
  private signRows(): void {
    if (!this.db.prepare('SELECT 1 FROM rows WHERE sig IS NULL LIMIT 1').get()) return;
    const found = this.db.prepare(
      'SELECT i.* FROM issues i JOIN rows r ON r.row = i.row WHERE r.sig IS NULL ORDER BY i.row, i.id',
    ).all() as (IssueRow & { row: number })[];
    const byRow = new Map<number, Issue[]>();
    for (const r of found) {
      let list = byRow.get(r.row);
      if (list === undefined) byRow.set(r.row, (list = []));
      list.push(issueFromRow(r));
    }
    const update = this.db.prepare('UPDATE rows SET sig = ? WHERE row = ?');
    this.db.transaction(() => {
      for (const [row, issues] of byRow) update.run(this.signatureOf(issues), row);
      this.db.exec('UPDATE rows SET sig = 0 WHERE sig IS NULL');
    })();
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
      // Without the count triggers, then no counts: a table with triggers is emptied row by row.
      this.dropCountTriggers();
      this.db.exec("DELETE FROM rows; DELETE FROM row_counts; DELETE FROM issues WHERE row IS NOT NULL OR origin = 'check';");
      if (!this.bulk) this.createCountTriggers();
    })();
  }

  /** `row` overrides the issue's own row (row issues are stored under their row). */
  private writeIssue(issue: Issue, origin: string, row: number | null = issue.row ?? null): void {
    this.statements().insertIssue.run(
      row, issue.columnIndex ?? null, issue.code, SEVERITY_RANK[issue.severity], issue.field ?? null, issue.column ?? null,
      issue.value ?? null, issue.fix ?? null, issue.params ? JSON.stringify(issue.params) : null, origin,
    );
  }

  /**
   * Writes (or rewrites) rows with their issues, all in one transaction. `fresh`: the rows are new
   * (a first check after clearRows), so there is nothing of theirs to delete or replace.
   */
  writeRows(rows: readonly StoredRow[], options: { fresh?: boolean; layout?: readonly string[] } = {}): void {
    if (this.bulk && !options.fresh) throw new Error('a first check writes only new rows');
    const statements = this.statements();
    const insertRow = options.fresh ? statements.appendRow : statements.insertRow;
    const tally = this.bulk ? new Map<number, number>() : undefined;
    this.forgetOnRollback(() => this.db.transaction(() => {
      if (options.layout) this.layout = this.layoutFor(options.layout);
      for (const r of rows) {
        if (!options.fresh) statements.deleteRowIssues.run(r.row);
        let worst = 0;
        for (const issue of r.issues) {
          const rank = SEVERITY_RANK[issue.severity];
          if (rank > worst) worst = rank;
          this.writeIssue(issue, SIMULATION_CODES.has(issue.code) ? 'simulate' : 'check', r.row);
        }
        const encoded = r.encoded;
        const cells = encoded ? encoded.cells : jsonOfStrings(r.cells);
        const original = encoded ? encoded.original : r.original === r.cells ? '' : jsonOfStrings(r.original);
        // A created row's changes are its values (nearly always): not stored twice. No changes are
        // NULL too, but for a created row only when its values give none.
        const changes = r.outcome === 'create' ? (r.changesOmitted || derivable(r.changes, r.values) ? null : encodeChanges(r.changes))
          : r.changes.length === 0 ? null : encodeChanges(r.changes);
        const sig = this.signatureOf(r.issues);
        insertRow.run(
          r.row, r.seq, original === cells ? '' : original, cells, r.outcome, worst, r.key ?? null,
          this.storedValues(r), r.contactId ?? null, changes, sig,
        );
        if (tally) {
          const group = sig * OUTCOMES.length + OUTCOME_INDEX[r.outcome];
          tally.set(group, (tally.get(group) ?? 0) + 1);
        }
      }
      if (tally) this.addCounts(tally);
    })());
  }

  /**
   * Runs a write; when it fails (rolled back), forgets the signatures and layouts it may have added
   * (their numbers are not in the file).
   */
  private forgetOnRollback(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.signatureIds.clear();
      this.signatureIds.set('[]', 0);
      this.signaturesByKinds.clear();
      this.layouts.clear();
      this.layoutsById.clear();
      this.layoutOfList = new WeakMap();
      this.layout = null;
      throw error;
    }
  }

  // ---- layouts: the fields a row's values go by (values.ts) ------------------------------------

  /** Layouts known, by the JSON of their fields and by id. */
  private readonly layouts = new Map<string, Layout>();
  private readonly layoutsById = new Map<number, Layout>();
  /** The layout of a field list already seen (the worker's list comes with every row). */
  private layoutOfList = new WeakMap<readonly string[], Layout>();
  /** What rows are written by when the writer names none: the last layout used or made (null: not looked up yet). */
  private layout: Layout | undefined | null = null;

  private readonly fieldsOfLayout = (id: number): readonly string[] => this.layoutById(id).fields;

  /** The layout of these fields, made on first sight. */
  private layoutFor(fields: readonly string[]): Layout {
    let layout = this.layoutOfList.get(fields);
    if (layout !== undefined) return layout;
    const key = JSON.stringify(fields);
    layout = this.layouts.get(key);
    if (layout === undefined) {
      this.db.prepare('INSERT OR IGNORE INTO layouts (fields) VALUES (?)').run(key);
      layout = this.remember((this.db.prepare('SELECT id FROM layouts WHERE fields = ?').get(key) as { id: number }).id, key);
    }
    this.layoutOfList.set(fields, layout);
    return layout;
  }

  private layoutById(id: number): Layout {
    const known = this.layoutsById.get(id);
    if (known !== undefined) return known;
    const found = this.db.prepare('SELECT fields FROM layouts WHERE id = ?').get(id) as { fields: string } | undefined;
    if (found === undefined) throw new Error(`it is damaged: rows name a layout of values (${id}) it does not have`);
    return this.remember(id, found.fields);
  }

  private remember(id: number, key: string): Layout {
    const fields = JSON.parse(key) as string[];
    const layout: Layout = { id, fields, positions: positionsOf(fields) };
    this.layouts.set(key, layout);
    this.layoutsById.set(id, layout);
    return layout;
  }

  /** The layout rows are written by when the writer names none: the last one made (a case of format 2 has none). */
  private currentLayout(): Layout | undefined {
    if (this.layout === null) {
      const found = this.db.prepare('SELECT id FROM layouts ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined;
      this.layout = found === undefined ? undefined : this.layoutById(found.id);
    }
    return this.layout;
  }

  /**
   * A row's values as stored: the worker's text, or by the current layout (widened, as a new layout,
   * for a row with fields it lacks), or when the orders disagree as JSON of the entries.
   */
  private storedValues(r: StoredRow): string | null {
    const encoded = r.encoded;
    if (encoded !== undefined) {
      return encoded.values === null || encoded.layout === undefined ? encoded.values : valuesText(this.layoutFor(encoded.layout).id, encoded.values);
    }
    const values = r.values;
    if (values === undefined || values.size === 0) return null;
    let layout = this.currentLayout();
    let body = layout === undefined ? undefined : valuesBody(values, r.cells, layout.positions);
    if (body === undefined) {
      const widened = widenedLayout(layout?.fields ?? [], values);
      if (widened === undefined) return jsonOfEntries(values);
      layout = this.layout = this.layoutFor(widened);
      body = valuesBody(values, r.cells, layout.positions)!;
    }
    return valuesText(layout!.id, body);
  }

  /** Adds rows per (signature, outcome) group (numbered sig * 5 + outcome) to row_counts (a first check's; no triggers then). */
  private addCounts(tally: ReadonlyMap<number, number>): void {
    const add = this.statements().addCount;
    for (const [group, n] of tally) add.run(Math.floor(group / OUTCOMES.length), OUTCOMES[group % OUTCOMES.length], n);
  }

  /** Writing the rows of a first check (beginBulkWrite … endBulkWrite). */
  private bulk = false;

  /**
   * A first check writes up to millions of rows: the log is not checkpointed while they are written
   * (each checkpoint syncs the disk twice) but once, by `endBulkWrite`, and the indexes are built and
   * the count triggers made then; meanwhile writeRows counts the rows itself (schema.ts).
   */
  beginBulkWrite(): void {
    this.db.pragma('wal_autocheckpoint = 0');
    this.db.pragma('cache_size = -262144');
    this.db.transaction(() => {
      for (const index of BULK_INDEXES) this.db.exec(`DROP INDEX IF EXISTS ${index.name}`);
      this.dropCountTriggers();
    })();
    this.bulk = true;
  }

  endBulkWrite(): void {
    this.bulk = false;
    this.ensureIndexes();
    this.db.pragma('wal_autocheckpoint = 8192');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.pragma('cache_size = -65536');
  }

  /** Every index and count trigger there (a first check that crashed mid-way left them to make). */
  private ensureIndexes(): void {
    this.db.transaction(() => {
      for (const index of BULK_INDEXES) this.db.exec(index.sql);
      this.createCountTriggers();
    })();
  }

  private createCountTriggers(): void {
    for (const trigger of COUNT_TRIGGERS) this.db.exec(trigger.sql);
  }

  private dropCountTriggers(): void {
    for (const trigger of COUNT_TRIGGERS) this.db.exec(`DROP TRIGGER IF EXISTS ${trigger.name}`);
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
      const cells = JSON.parse(r.cells as string) as string[];
      const values = decodeValues(r.vals as string | null, cells, this.fieldsOfLayout);
      const record: RowRecord = {
        row: r.row as number, seq: r.seq as number,
        original: decodeOriginal(r.original as string, cells), cells,
        outcome: r.outcome as Outcome, values,
        changes: decodeChanges(r.changes as string | null, r.outcome as Outcome, values),
        issues: issues.get(r.row as number) ?? [],
      };
      if (r.key !== null) record.key = r.key as string;
      if (r.contact_id !== null) record.contactId = r.contact_id as string;
      if ((r.severity as number) > 0) record.severity = SEVERITY_OF[r.severity as number];
      return record;
    });
  }

  /** The filter's conditions on one issue (code, column, severity), which combine on the same issue. */
  private issueConditions(filter: RowQuery): { clauses: string[]; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (filter.code !== undefined) {
      clauses.push('code = ?');
      params.push(filter.code);
    }
    if (filter.columnIndex !== undefined) {
      clauses.push('col = ?');
      params.push(filter.columnIndex);
    }
    if (filter.severity !== undefined) {
      clauses.push('severity = ?');
      params.push(SEVERITY_RANK[filter.severity]);
    }
    return { clauses, params };
  }

  /** SQL for the rows matching a filter; issue conditions combine on the same issue (code in a column). */
  private where(filter: RowQuery): { sql: string; params: unknown[] } {
    const clauses: string[] = [];
    const { clauses: issueClauses, params } = this.issueConditions(filter);
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
    const issueOnly = (filter.code !== undefined || filter.columnIndex !== undefined || filter.severity !== undefined)
      && filter.outcome === undefined && (filter.text === undefined || filter.text.trim() === '') && (!sort || sort.by === 'row');
    if (issueOnly) {
      // Rows with such an issue, in row order straight from an issues index (code, column or
      // severity, then row): no pass over the rows table, no sort.
      const { clauses, params } = this.issueConditions(filter);
      const where = `WHERE row IS NOT NULL AND ${clauses.join(' AND ')}`;
      const total = (this.db.prepare(`SELECT COUNT(DISTINCT row) AS n FROM issues ${where}`).get(...params) as { n: number }).n;
      const numbers = (this.db.prepare(`SELECT DISTINCT row FROM issues ${where} ORDER BY row ${sort?.dir === 'desc' ? 'DESC' : 'ASC'} LIMIT ? OFFSET ?`)
        .all(...params, limit, offset) as { row: number }[]).map((r) => r.row);
      const byNumber = new Map(this.getRows(numbers).map((r) => [r.row, r] as const));
      return { total, rows: numbers.map((n) => byNumber.get(n)!).filter((r) => r !== undefined) };
    }
    const { sql, params } = this.where(filter);
    // Unfiltered: positions are dense (0 … n - 1), so the count is the last position + 1, read
    // from the index's end instead of counting a million entries.
    const total = sql === ''
      ? ((this.db.prepare('SELECT MAX(seq) AS m FROM rows').get() as { m: number | null }).m ?? -1) + 1
      : this.countRows(filter, sql, params);
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

  /** Rows matching a filter (its SQL); by outcome alone, from row_counts rather than a pass over an index. */
  private countRows(filter: RowQuery, sql: string, params: readonly unknown[]): number {
    const outcomeOnly = filter.outcome !== undefined && filter.code === undefined && filter.columnIndex === undefined && filter.severity === undefined
      && (filter.text === undefined || filter.text.trim() === '');
    return outcomeOnly && this.counted
      ? (this.db.prepare('SELECT COALESCE(SUM(n), 0) AS n FROM row_counts WHERE outcome = ?').get(filter.outcome) as { n: number }).n
      : (this.db.prepare(`SELECT COUNT(*) AS n FROM rows ${sql}`).get(...params) as { n: number }).n;
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

  /**
   * Counts of the rows matching a filter, from the rows' signatures: one pass over an index of
   * (signature, outcome), then a few hundred signatures added up. The same figures as
   * `countsByScan`, which a text search still uses.
   */
  counts(filter: RowQuery): Counts {
    if (!this.signed || (filter.text !== undefined && filter.text.trim() !== '')) return this.countsByScan(filter);
    const byIssue = filter.code !== undefined || filter.columnIndex !== undefined || filter.severity !== undefined;
    let signatures = this.signatures();
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (filter.outcome !== undefined) {
      clauses.push('outcome = ?');
      params.push(filter.outcome);
    }
    if (byIssue) {
      // Signatures with one issue kind meeting every condition (they combine on the same issue).
      const rank = filter.severity === undefined ? undefined : SEVERITY_RANK[filter.severity];
      const ids: number[] = [];
      for (const [id, kinds] of signatures) {
        if (kinds.some((k) => (filter.code === undefined || k[0] === filter.code) && (rank === undefined || k[1] === rank) && (filter.columnIndex === undefined || k[2] === filter.columnIndex))) ids.push(id);
      }
      clauses.push(`sig IN (${ids.join(',')})`);
    }
    const groups = this.signatureGroups(clauses, params);
    if (groups.some((g) => g.sig === null)) return this.countsByScan(filter); // a version 1 case read without writing
    if (groups.some((g) => !signatures.has(g.sig!))) signatures = this.signatures(true);

    const byOutcome: Record<Outcome, number> = { create: 0, update: 0, unchanged: 0, skip: 0, fail: 0 };
    const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    const codes = new Map<string, { severity: number; count: number; fixable: number }>();
    const columns = new Map<number, { name: string | null; count: number }>();
    let rows = 0;
    const rowsOfSignature = new Map<number, number>();
    for (const g of groups) {
      byOutcome[g.outcome] += g.n;
      rows += g.n;
      rowsOfSignature.set(g.sig!, (rowsOfSignature.get(g.sig!) ?? 0) + g.n);
    }
    for (const [sig, n] of rowsOfSignature) {
      const kinds = signatures.get(sig)!;
      const severities = new Set<number>();
      const seenCodes = new Map<string, { severity: number; fixable: boolean }>();
      const seenColumns = new Map<number, string | null>();
      for (const [code, severity, col, fixable, name] of kinds) {
        severities.add(severity);
        const seen = seenCodes.get(code);
        if (seen === undefined) seenCodes.set(code, { severity, fixable: fixable === 1 });
        else {
          seen.severity = Math.max(seen.severity, severity);
          seen.fixable ||= fixable === 1;
        }
        if (col !== null) {
          const known = seenColumns.get(col);
          seenColumns.set(col, known === undefined || known === null ? name : name === null || compareUtf8(known, name) <= 0 ? known : name);
        }
      }
      for (const severity of severities) bySeverity[SEVERITY_OF[severity]] += n;
      for (const [code, seen] of seenCodes) {
        const tally = codes.get(code);
        if (tally === undefined) codes.set(code, { severity: seen.severity, count: n, fixable: seen.fixable ? n : 0 });
        else {
          tally.severity = Math.max(tally.severity, seen.severity);
          tally.count += n;
          if (seen.fixable) tally.fixable += n;
        }
      }
      for (const [col, name] of seenColumns) {
        const tally = columns.get(col);
        if (tally === undefined) columns.set(col, { name, count: n });
        else {
          tally.count += n;
          if (name !== null && (tally.name === null || compareUtf8(name, tally.name) < 0)) tally.name = name;
        }
      }
    }
    // Ties by code and by column, as countsByScan orders them.
    const byCode = [...codes].sort(([a, x], [b, y]) => y.severity - x.severity || y.count - x.count || compareUtf8(a, b))
      .map(([code, t]) => ({ code, severity: SEVERITY_OF[t.severity], count: t.count, fixable: t.fixable }));
    const byColumn = [...columns].sort(([a, x], [b, y]) => y.count - x.count || a - b)
      .map(([col, t]) => ({ column: t.name ?? `#${col + 1}`, columnIndex: col, count: t.count }));
    return { rows, byOutcome, bySeverity, byCode, byColumn };
  }

  /**
   * Rows per (signature, outcome) meeting a condition on both: from row_counts, or in a case of
   * version 2 read without writing (no row_counts yet), grouped over its (signature, outcome) index.
   */
  private signatureGroups(clauses: readonly string[], params: readonly unknown[]): { sig: number | null; outcome: Outcome; n: number }[] {
    const groups = this.counted
      ? this.db.prepare(`SELECT sig, outcome, n FROM row_counts WHERE ${['n > 0', ...clauses].join(' AND ')}`)
      : this.db.prepare(`SELECT sig, outcome, COUNT(*) AS n FROM rows ${clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : ''} GROUP BY sig, outcome`);
    return groups.all(...params) as { sig: number | null; outcome: Outcome; n: number }[];
  }

  private signatureCache: Map<number, IssueKind[]> | undefined;

  private signatureCount = -1;

  /** Every signature (another connection, the check job's, may have added some since the last call). */
  private signatures(reload = false): Map<number, IssueKind[]> {
    const count = (this.db.prepare('SELECT COUNT(*) AS n FROM signatures').get() as { n: number }).n;
    if (reload || this.signatureCache === undefined || count !== this.signatureCount) {
      this.signatureCount = count;
      const cache = new Map<number, IssueKind[]>();
      for (const r of this.db.prepare('SELECT id, issues FROM signatures').all() as { id: number; issues: string }[]) cache.set(r.id, JSON.parse(r.issues) as IssueKind[]);
      this.signatureCache = cache;
    }
    return this.signatureCache;
  }

  /** Counts of the rows matching a filter, straight from the issues (the definition `counts` keeps to). */
  countsByScan(filter: RowQuery): Counts {
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
      `SELECT code, MAX(severity) AS severity, COUNT(DISTINCT row) AS n, COUNT(DISTINCT CASE WHEN fix IS NOT NULL THEN row END) AS fixable FROM issues WHERE row IS NOT NULL ${scoped} GROUP BY code ORDER BY MAX(severity) DESC, n DESC, code`,
    ).all(...params) as { code: string; severity: number; n: number; fixable: number }[]).map((r) => ({ code: r.code, severity: SEVERITY_OF[r.severity], count: r.n, fixable: r.fixable }));
    const byColumn = (this.db.prepare(
      `SELECT col, MIN(column_name) AS name, COUNT(DISTINCT row) AS n FROM issues WHERE row IS NOT NULL AND col IS NOT NULL ${scoped} GROUP BY col ORDER BY n DESC, col`,
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
    const found = this.fixIdToToggle(direction);
    if (found === undefined) return undefined;
    const cells = this.db.prepare('SELECT row, col, before, after FROM fix_cells WHERE fix_id = ?').all(found) as { row: number; col: number; before: string; after: string }[];
    return { id: found, cells };
  }

  /** Whether there is a fix to undo or redo, without loading its cell edits (a bulk fix can hold many). */
  canToggle(direction: 'undo' | 'redo'): boolean {
    return this.fixIdToToggle(direction) !== undefined;
  }

  private fixIdToToggle(direction: 'undo' | 'redo'): number | undefined {
    const found = direction === 'undo'
      ? (this.db.prepare('SELECT id FROM fixes WHERE undone = 0 ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined)
      : (this.db.prepare('SELECT id FROM fixes WHERE undone = 1 ORDER BY id ASC LIMIT 1').get() as { id: number } | undefined);
    return found?.id;
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
