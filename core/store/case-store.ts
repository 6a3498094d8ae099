/**
 * The case file: one SQLite database per case (rows, issues, outcomes, snapshot, fixes, profiles).
 * WAL mode so the check job writes while the UI reads; every write in one transaction, so a crash
 * leaves the previous consistent state. Rows are kept in blocks (row-blocks.ts).
 */
import Database from 'better-sqlite3';
import { OUTCOMES, type Contact, type CustomFieldDefinition, type FieldChange, type FieldValue, type Issue, type MessageParams, type Outcome, type Severity } from '../model.ts';
import { issueMessage } from '../i18n/messages.ts';
import { migrate, SCHEMA_VERSION, SchemaTooNewError } from './schema.ts';
import { positionsOf, type Layout } from './values.ts';
import { isCaseMeta, META_KEY } from './case-meta.ts';
import { BLOCK_ROWS, BlockBuilder, BlockIndex, blockValues, CaseDamagedError, DecodedBlock, hashOfKey, rowsLabel, OUTCOME_INDEX, readInts, SEVERITY_OF, SEVERITY_RANK, type BlockInput, type BlockRow } from './row-blocks.ts';
import { hasLegacyRows, legacyRows } from './legacy-rows.ts';
import { issueFromRow, type IssueRow } from './issue-rows.ts';
import { fileIdentity } from '../csv/same-file.ts';

/** A row to store (row-blocks.ts BlockInput). */
export interface StoredRow extends BlockInput {
  values?: Map<string, FieldValue>;
  /** With `checkedJson`: the fields its values go by. */
  checkedLayout?: readonly string[];
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

/** The earlier of two column names in SQLite's order, as MIN(column_name) gives it (NULL when both are). */
function earlierName(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  return b === null || compareUtf8(a, b) <= 0 ? a : b;
}

/** Counts as the Api gives them: codes worst and most frequent first, columns most frequent first. */
function orderedCounts(rows: number, byOutcome: Record<Outcome, number>, bySeverity: Record<Severity, number>,
  codes: ReadonlyMap<string, { severity: number; count: number; fixable: number }>, columns: ReadonlyMap<number, { name: string | null; count: number }>): Counts {
  const byCode = [...codes].sort(([a, x], [b, y]) => y.severity - x.severity || y.count - x.count || compareUtf8(a, b))
    .map(([code, t]) => ({ code, severity: SEVERITY_OF[t.severity], count: t.count, fixable: t.fixable }));
  const byColumn = [...columns].sort(([a, x], [b, y]) => y.count - x.count || a - b)
    .map(([col, t]) => ({ column: t.name ?? `#${col + 1}`, columnIndex: col, count: t.count }));
  return { rows, byOutcome, bySeverity, byCode, byColumn };
}

/** ASCII letters in lower case, as SQLite's LIKE compares them (other characters as they are). */
function asciiLower(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : text;
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A cell's text as SQLite keeps it: UTF-8 text, or UTF-16 bytes for a text UTF-8 cannot hold. */
type StoredText = string | Buffer;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A bound text is stored as UTF-8, which turns a lone surrogate into U+FFFD: a cell keeping bytes
 * that are not UTF-8 (R-F5, utf8-escapes.ts) is stored as its UTF-16 bytes instead, so an undo
 * brings those bytes back.
 */
function storableText(text: string): StoredText {
  return LONE_SURROGATE.test(text) ? Buffer.from(text, 'utf16le') : text;
}

function textOf(stored: StoredText): string {
  return typeof stored === 'string' ? stored : stored.toString('utf16le');
}

function recordOf(r: BlockRow): RowRecord {
  const record: RowRecord = { row: r.row, seq: r.seq, original: r.original, cells: r.cells, outcome: r.outcome, values: r.values, changes: r.changes, issues: r.issues };
  if (r.key !== undefined) record.key = r.key;
  if (r.contactId !== undefined) record.contactId = r.contactId;
  if (r.rank > 0) record.severity = SEVERITY_OF[r.rank];
  return record;
}

/** A stored row from a row read back (a block rewritten around the rows that change). */
function storedOf(r: BlockRow): StoredRow {
  return { row: r.row, seq: r.seq, original: r.original, cells: r.cells, outcome: r.outcome, key: r.key, values: r.values, contactId: r.contactId, changes: r.changes, issues: r.issues };
}

/** A block as the directory lists it. */
interface BlockInfo {
  id: number;
  firstSeq: number;
  n: number;
  firstRow: number;
  lastRow: number;
  layout: number | null;
}

/** Rows per (signature, outcome) group, numbered sig * OUTCOMES.length + outcome. */
type Tally = Map<number, number>;

/** Which rows a page takes, group by group: one class of a sort order, narrowed by the filter. */
interface RowClass {
  /** Signatures allowed (undefined: any). */
  sigs?: ReadonlySet<number>;
  /** Outcome index (undefined: any). */
  outcome?: number;
}

/** Whether a row of this signature and outcome is in the class. */
function inClass(c: RowClass, sig: number, outcome: number): boolean {
  return (c.sigs === undefined || c.sigs.has(sig)) && (c.outcome === undefined || outcome === c.outcome);
}

/** The order a page reads: classes one after another, rows by number within each. */
interface PageOrder {
  classes: RowClass[];
  descending: boolean;
}

/** The rows a text search found: each one's block, index in it, signature and outcome. */
interface TextHits {
  text: string;
  blocks: BlockInfo[];
  index: number[];
  sig: number[];
  outcome: number[];
}

/** Outcomes in the order an import reads them, for sorting by outcome. */
const OUTCOME_ORDER: readonly Outcome[] = ['create', 'update', 'unchanged', 'skip', 'fail'];

/** Decoded blocks kept for the next page (scrolling reads the same block again). */
const DECODED_KEPT = 4;


export class CaseStore {
  readonly db: Database.Database;
  /** The file this connection has open (device and inode), to tell when its path no longer leads to it. */
  private readonly identity: string | undefined;
  private writeStatements: {
    insertBlock: Database.Statement; updateBlock: Database.Statement; insertGroup: Database.Statement; deleteGroups: Database.Statement; insertIssue: Database.Statement;
  } | undefined;

  constructor(readonly path: string, options: StoreOptions = {}) {
    const settings: Database.Options = { readonly: options.readonly === true, timeout: 10_000 };
    if (options.nativeBinding !== undefined) settings.nativeBinding = options.nativeBinding;
    if (options.existing) settings.fileMustExist = true;
    this.db = new Database(path, settings);
    this.identity = fileIdentity(path);
    if (options.existing || options.readonly) {
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
      if (options.readonly && (version < SCHEMA_VERSION || hasLegacyRows(this.db))) {
        this.db.close();
        throw new Error('it was saved by an earlier ListPrep: open it for writing once to bring it up to date');
      }
    }
    if (!options.readonly) {
      // A new case gets 16 KiB pages: a first check writes hundreds of megabytes, and every page is
      // a write to the log and another to the file. Only a new, empty file takes it.
      if ((this.db.pragma('user_version', { simple: true }) as number) === 0) this.db.pragma('page_size = 16384');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      migrate(this.db);
      if (hasLegacyRows(this.db)) this.moveLegacyRows();
    }
    this.db.pragma('cache_size = -65536');
    // Checkpoint every 8192 pages of log rather than 1000: each checkpoint syncs the disk twice.
    // That is 128 MB with a new case's 16 KiB pages (32 MB in a case made with 4 KiB pages).
    if (!options.readonly) this.db.pragma('wal_autocheckpoint = 8192');
  }

  private statements(): NonNullable<CaseStore['writeStatements']> {
    if (this.writeStatements === undefined) {
      this.writeStatements = {
        insertBlock: this.db.prepare('INSERT INTO row_blocks (first_seq, n, first_row, last_row, layout, positions, keys, checked, simulated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
        updateBlock: this.db.prepare('UPDATE row_blocks SET n = ?, first_row = ?, last_row = ?, layout = ?, positions = ?, keys = ?, checked = ?, simulated = ? WHERE id = ?'),
        insertGroup: this.db.prepare('INSERT INTO block_groups (block, sig, outcome, n) VALUES (?, ?, ?, ?)'),
        deleteGroups: this.db.prepare('DELETE FROM block_groups WHERE block = ?'),
        insertIssue: this.db.prepare(
          `INSERT INTO issues (row, col, code, severity, field, column_name, value, fix, params, origin)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ),
      };
    }
    return this.writeStatements;
  }

  /** An upgraded case's rows, moved from their legacy table into blocks, in one transaction. */
  private moveLegacyRows(): void {
    this.forgetOnRollback(() => this.db.transaction(() => {
      for (const page of legacyRows(this.db, this.fieldsOfLayout)) this.writeRows(page, { fresh: true });
      this.db.exec('DROP TABLE legacy_rows; DELETE FROM issues WHERE row IS NOT NULL;');
    })());
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

  // ---- writing rows ---------------------------------------------------------------------------

  clearRows(): void {
    this.appending = [];
    this.db.transaction(() => {
      this.db.exec('DELETE FROM row_blocks; DELETE FROM block_groups; DELETE FROM issues WHERE row IS NOT NULL;');
    })();
    this.forgetBlocks();
  }

  /** `row` overrides the issue's own row. */
  private writeIssue(issue: Issue, origin: string, row: number | null = issue.row ?? null): void {
    this.statements().insertIssue.run(
      row, issue.columnIndex ?? null, issue.code, SEVERITY_RANK[issue.severity], issue.field ?? null, issue.column ?? null,
      issue.value ?? null, issue.fix ?? null, issue.params ? JSON.stringify(issue.params) : null, origin,
    );
  }

  /**
   * Writes rows, all in one transaction. `fresh`: the rows are new, after every row there is (a first
   * check after clearRows), in file order: they go into new blocks (appendRow). Otherwise each row
   * replaces the stored row of its number, and the blocks holding them are written again. `layout`:
   * the fields new rows' values go by.
   */
  writeRows(rows: readonly StoredRow[], options: { fresh?: boolean; layout?: readonly string[] } = {}): void {
    if (rows.length === 0) return;
    if (options.layout) this.useLayout(options.layout);
    this.forgetOnRollback(() => this.db.transaction(() => {
      if (options.fresh) {
        for (const r of rows) this.appendRow(r);
        this.flushAppended();
      } else {
        this.replaceRows(rows);
      }
    })());
  }

  /** The fields new rows' values go by (a first check's columns). */
  useLayout(fields: readonly string[]): void {
    this.layout = this.layoutFor(fields);
  }

  /** Blocks of appended rows not yet stored (flushAppended). */
  private appending: BlockBuilder[] = [];

  /**
   * A new row, after every row there is, into the block being made (a block holds consecutive
   * positions, up to BLOCK_ROWS of them): stored by the next flushAppended, in its transaction.
   */
  appendRow(r: StoredRow): void {
    let builder = this.appending[this.appending.length - 1];
    let seqAfter: number;
    let rowAfter: number;
    if (builder === undefined) {
      const last = this.db.prepare('SELECT first_seq + n - 1 AS seq, last_row AS row FROM row_blocks ORDER BY first_seq DESC LIMIT 1').get() as { seq: number; row: number } | undefined;
      seqAfter = last?.seq ?? -1;
      rowAfter = last?.row ?? -Infinity;
    } else {
      seqAfter = builder.lastSeq;
      rowAfter = builder.lastRow;
    }
    if (r.seq <= seqAfter || r.row <= rowAfter) {
      this.appending = [];
      throw new Error(`row ${r.row} is not new to this case, or not in file order`);
    }
    const layout = r.checkedLayout !== undefined ? this.layoutFor(r.checkedLayout) : this.currentLayout();
    if (builder === undefined || builder.n === BLOCK_ROWS || r.seq !== seqAfter + 1 || builder.layout !== layout) {
      builder = new BlockBuilder(layout);
      this.appending.push(builder);
    }
    builder.add(r, this.signatureOf(r.issues));
  }

  /** Stores the blocks appendRow made, in one transaction. */
  flushAppended(): void {
    const blocks = this.appending;
    this.appending = [];
    if (blocks.length === 0) return;
    this.forgetOnRollback(() => this.db.transaction(() => {
      for (const builder of blocks) this.storeBlock(builder, undefined);
    })());
  }

  /** Rows replacing stored ones: each block that holds some is decoded, changed and written again. */
  private replaceRows(rows: readonly StoredRow[]): void {
    const directory = this.directory();
    const byBlock = new Map<BlockInfo, Map<number, StoredRow>>();
    for (const r of rows) {
      const block = this.blockOfRow(directory, r.row);
      if (block === undefined) throw new Error(`row ${r.row} is not in this case`);
      let changed = byBlock.get(block);
      if (changed === undefined) byBlock.set(block, (changed = new Map()));
      changed.set(r.row, r);
    }
    for (const [block, changed] of byBlock) {
      const decoded = this.decode(block);
      if (changed.size < decoded.size) {
        this.rewriteAround(block, decoded, changed);
        continue;
      }
      const merged: StoredRow[] = new Array(decoded.size);
      for (let i = 0; i < decoded.size; i++) {
        const replacement = changed.get(decoded.rowNumber(i));
        if (replacement !== undefined) changed.delete(replacement.row);
        merged[i] = replacement ?? storedOf(decoded.row(i));
      }
      if (changed.size > 0) throw new Error(`row ${changed.keys().next().value} is not in this case`);
      // Written again by a layout that fits them all (a re-check after the channel changed widens it).
      const { layout, values } = blockValues(merged, this.currentLayout(), (fields) => this.layoutFor(fields));
      if (layout !== undefined) this.layout = layout;
      const builder = new BlockBuilder(layout);
      merged.forEach((r, i) => builder.add(r, this.signatureOf(r.issues), values[i]));
      this.storeBlock(builder, block);
    }
  }

  /**
   * A block rewritten around a few changed rows (a fix): its other rows are copied as stored, unread,
   * by the block's own layout (a changed row whose values do not fit it keeps them as entries).
   */
  private rewriteAround(block: BlockInfo, decoded: DecodedBlock, changed: Map<number, StoredRow>): void {
    const keys = readInts((this.db.prepare('SELECT keys FROM row_blocks WHERE id = ?').get(block.id) as { keys: Buffer }).keys);
    const builder = new BlockBuilder(block.layout === null ? undefined : this.layoutById(block.layout));
    for (let i = 0; i < decoded.size; i++) {
      const replacement = changed.get(decoded.rowNumber(i));
      if (replacement === undefined) {
        builder.addRaw(decoded.raw(i, keys[i]));
        continue;
      }
      changed.delete(replacement.row);
      builder.add(replacement, this.signatureOf(replacement.issues));
    }
    if (changed.size > 0) throw new Error(`row ${changed.keys().next().value} is not in this case`);
    this.storeBlock(builder, block);
  }

  /** A block made by a builder, new (`existing` undefined) or in place of a block. */
  private storeBlock(builder: BlockBuilder, existing: BlockInfo | undefined): void {
    const statements = this.statements();
    const { checked, simulated, positions, keys } = builder.finish();
    const layout = builder.layout?.id ?? null;
    let id: number;
    if (existing === undefined) {
      id = Number(statements.insertBlock.run(builder.firstSeq, builder.n, builder.firstRow, builder.lastRow, layout, positions, keys, checked, simulated).lastInsertRowid);
    } else {
      id = existing.id;
      statements.updateBlock.run(builder.n, builder.firstRow, builder.lastRow, layout, positions, keys, checked, simulated, id);
      statements.deleteGroups.run(id);
    }
    for (const [group, n] of builder.groups) statements.insertGroup.run(id, Math.floor(group / OUTCOMES.length), group % OUTCOMES.length, n);
    this.forgetBlocks();
  }

  /**
   * Runs a write; when it fails (rolled back), forgets the signatures and layouts it may have added
   * (their numbers are not in the file).
   */
  private forgetOnRollback(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.forgetUnsaved();
      throw error;
    }
  }

  /**
   * Runs `work` (which may await between its batches) in ONE transaction: every write inside it,
   * through this connection, joins it. It commits when `work` resolves and rolls back when it throws
   * (a fix job's cancel), so a kill or a cancel leaves all of it or none of it (fix-task.ts).
   */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.forgetUnsaved();
      throw error;
    }
  }

  /** Forgets the signatures, layouts and blocks a rolled-back write may have added (their numbers are not in the file). */
  private forgetUnsaved(): void {
    this.signatureIds.clear();
    this.signatureIds.set('[]', 0);
    this.signaturesByKinds.clear();
    this.layouts.clear();
    this.layoutsById.clear();
    this.layoutOfList = new WeakMap();
    this.layout = null;
    this.appending = [];
    this.forgetBlocks();
  }

  // ---- layouts: the fields a row's values go by (values.ts) ------------------------------------

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

  /** The layout rows are written by when the writer names none: the last one made. */
  private currentLayout(): Layout | undefined {
    if (this.layout === null) {
      const found = this.db.prepare('SELECT id FROM layouts ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined;
      this.layout = found === undefined ? undefined : this.layoutById(found.id);
    }
    return this.layout;
  }

  /** Writing the rows of a first check (beginBulkWrite … endBulkWrite). */
  private bulk = false;

  /**
   * A first check writes up to hundreds of megabytes: the log is not checkpointed while it writes
   * (each checkpoint syncs the disk twice) but once, after (`checkpoint`, which the job's thread
   * calls once it has reported the check done).
   */
  beginBulkWrite(): void {
    this.db.pragma('wal_autocheckpoint = 0');
    this.bulk = true;
  }

  endBulkWrite(): void {
    if (!this.bulk) return;
    this.bulk = false;
    this.db.pragma('wal_autocheckpoint = 8192');
  }

  /** Copies the log into the file and empties it (committed writes stay as they are). */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
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

  // ---- reading blocks -------------------------------------------------------------------------

  /** The blocks in file order, and decoded blocks, kept while no connection writes (PRAGMA data_version). */
  private directoryCache: BlockInfo[] | undefined;
  private readonly decodedCache = new Map<number, DecodedBlock>();
  private seenVersion = -1;

  /** Forgets what was read of the blocks (this connection wrote; data_version tells only of others' writes). */
  private forgetBlocks(): void {
    this.directoryCache = undefined;
    this.decodedCache.clear();
    this.textHits = undefined;
  }

  private checkFresh(): void {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.seenVersion) {
      this.seenVersion = version;
      this.forgetBlocks();
    }
  }

  private directory(): BlockInfo[] {
    this.checkFresh();
    return (this.directoryCache ??= (this.db.prepare('SELECT id, first_seq, n, first_row, last_row, layout FROM row_blocks ORDER BY first_seq').all() as
      { id: number; first_seq: number; n: number; first_row: number; last_row: number; layout: number | null }[])
      .map((b) => ({ id: b.id, firstSeq: b.first_seq, n: b.n, firstRow: b.first_row, lastRow: b.last_row, layout: b.layout })));
  }

  /** The block that would hold row `row` (the last starting at or before it), if any holds it. */
  private blockOfRow(directory: readonly BlockInfo[], row: number): BlockInfo | undefined {
    let lo = 0;
    let hi = directory.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (directory[mid].firstRow <= row) lo = mid + 1;
      else hi = mid - 1;
    }
    const block = directory[hi];
    return block !== undefined && row <= block.lastRow ? block : undefined;
  }

  private decode(block: BlockInfo): DecodedBlock {
    const kept = this.decodedCache.get(block.id);
    if (kept !== undefined) {
      this.decodedCache.delete(block.id);
      this.decodedCache.set(block.id, kept);
      return kept;
    }
    const found = this.db.prepare('SELECT positions, checked, simulated FROM row_blocks WHERE id = ?').get(block.id) as { positions: Buffer; checked: Buffer; simulated: Buffer } | undefined;
    const label = rowsLabel(block.firstRow, block.lastRow);
    if (found === undefined) throw new CaseDamagedError(`${label} cannot be read (their block is missing)`);
    let fields: readonly string[] | undefined;
    try {
      fields = block.layout === null ? undefined : this.layoutById(block.layout).fields;
    } catch {
      throw new CaseDamagedError(`${label} cannot be read (their values name a list of fields, ${block.layout}, the case does not have)`);
    }
    const decoded = new DecodedBlock(block.firstSeq, found.checked, found.simulated, found.positions, fields, label);
    this.decodedCache.set(block.id, decoded);
    if (this.decodedCache.size > DECODED_KEPT) this.decodedCache.delete(this.decodedCache.keys().next().value!);
    return decoded;
  }

  rowCount(): number {
    return (this.db.prepare('SELECT COALESCE(SUM(n), 0) AS n FROM row_blocks').get() as { n: number }).n;
  }

  getRow(row: number): RowRecord | undefined {
    return this.getRows([row])[0];
  }

  /** Rows by number, in file order (numbers not in the case are left out). */
  getRows(rowNumbers: readonly number[]): RowRecord[] {
    const directory = this.directory();
    const out: RowRecord[] = [];
    const byBlock = new Map<BlockInfo, Set<number>>();
    for (const n of rowNumbers) {
      const block = this.blockOfRow(directory, n);
      if (block === undefined) continue;
      let wanted = byBlock.get(block);
      if (wanted === undefined) byBlock.set(block, (wanted = new Set()));
      wanted.add(n);
    }
    for (const [block, wanted] of byBlock) {
      const decoded = this.decode(block);
      for (let i = 0; i < decoded.size; i++) if (wanted.has(decoded.rowNumber(i))) out.push(recordOf(decoded.row(i)));
    }
    return out.sort((a, b) => a.row - b.row);
  }

  /** Rows whose key is one of these, in file order (a key group replays independently: R-M6). */
  rowsWithKeys(keys: readonly string[]): number[] {
    if (keys.length === 0) return [];
    const wanted = new Set(keys);
    const hashes = new Set(keys.map(hashOfKey));
    const directory = this.directory();
    const byId = new Map(directory.map((b) => [b.id, b] as const));
    const out: number[] = [];
    for (const found of this.db.prepare('SELECT id, keys FROM row_blocks').all() as { id: number; keys: Buffer }[]) {
      const blockHashes = readInts(found.keys);
      let candidate = false;
      for (let i = 0; i < blockHashes.length && !candidate; i++) candidate = hashes.has(blockHashes[i]);
      if (!candidate) continue;
      const decoded = this.decode(byId.get(found.id)!);
      for (let i = 0; i < decoded.size; i++) {
        // Only a row whose key hash is wanted is read (a fix's keys are a few in every block).
        if (!hashes.has(blockHashes[i])) continue;
        const key = decoded.key(i);
        if (key !== null && wanted.has(key)) out.push(decoded.rowNumber(i));
      }
    }
    return out.sort((a, b) => a - b);
  }

  /** Rows (in file order) whose issues include one of the given code with a fix, optionally in one column. */
  rowsWithFix(code: string, columnIndex?: number): number[] {
    const sigs = this.sigsWhere((kind) => kind[0] === code && kind[3] === 1 && (columnIndex === undefined || kind[2] === columnIndex));
    const out: number[] = [];
    this.eachRowOf([{ sigs }], false, (decoded, i) => {
      out.push(decoded.rowNumber(i));
      return true;
    });
    return out;
  }

  /**
   * Iterates every row in file order, in pages, for exports and full replays. A page holds rows of one
   * block (up to `pageSize` of them): a re-check that writes each page back rewrites each block once.
   */
  *allRows(pageSize = 5_000): Generator<RowRecord[]> {
    for (const block of this.directory().slice()) {
      const decoded = this.decode(block);
      decoded.readAll();
      for (let start = 0; start < decoded.size; start += pageSize) {
        const page: RowRecord[] = [];
        for (let i = start; i < Math.min(decoded.size, start + pageSize); i++) page.push(recordOf(decoded.row(i)));
        yield page;
      }
    }
  }

  // ---- filters, pages and counts --------------------------------------------------------------

  /** Signatures with an issue kind meeting a condition. */
  private sigsWhere(test: (kind: IssueKind) => boolean): Set<number> {
    const out = new Set<number>();
    for (const [id, kinds] of this.signatures()) if (kinds.some(test)) out.add(id);
    return out;
  }

  /** The signatures and outcome a filter allows, without its text (issue conditions combine on the same issue). */
  private filterClass(filter: RowQuery): RowClass {
    const out: RowClass = {};
    if (filter.code !== undefined || filter.columnIndex !== undefined || filter.severity !== undefined) {
      const rank = filter.severity === undefined ? undefined : SEVERITY_RANK[filter.severity];
      out.sigs = this.sigsWhere((k) => (filter.code === undefined || k[0] === filter.code) && (rank === undefined || k[1] === rank) && (filter.columnIndex === undefined || k[2] === filter.columnIndex));
    }
    if (filter.outcome !== undefined) out.outcome = OUTCOME_INDEX[filter.outcome];
    return out;
  }

  /** The classes a sort reads in turn, each narrowed by the filter's. */
  private pageOrder(filter: RowClass, sort?: { by: 'row' | 'severity' | 'outcome'; dir: 'asc' | 'desc' }): PageOrder {
    const descending = sort?.dir === 'desc';
    if (sort === undefined || sort.by === 'row') return { classes: [filter], descending };
    if (sort.by === 'outcome') {
      const order = descending ? [...OUTCOME_ORDER].reverse() : OUTCOME_ORDER;
      const classes = order.map((o) => OUTCOME_INDEX[o]).filter((o) => filter.outcome === undefined || filter.outcome === o).map((outcome) => ({ sigs: filter.sigs, outcome }));
      return { classes, descending: false };
    }
    // By severity: a row's is its signature's worst (0 for none).
    const worst = new Map<number, number[]>([[0, [0]]]);
    for (const [id, kinds] of this.signatures()) {
      if (id === 0) continue;
      const rank = Math.max(0, ...kinds.map((k) => k[1]));
      (worst.get(rank) ?? worst.set(rank, []).get(rank)!).push(id);
    }
    const ranks = descending ? [3, 2, 1, 0] : [0, 1, 2, 3];
    const classes = ranks.map((rank) => ({ sigs: new Set((worst.get(rank) ?? []).filter((s) => filter.sigs === undefined || filter.sigs.has(s))), outcome: filter.outcome }));
    return { classes, descending: false };
  }

  /** SQL conditions on block_groups for a class. */
  private groupConditions(c: RowClass): { sql: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (c.sigs !== undefined) clauses.push(`sig IN (${[...c.sigs].join(',')})`);
    if (c.outcome !== undefined) {
      clauses.push('outcome = ?');
      params.push(c.outcome);
    }
    return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  /** Rows of a class in each block that has some, in file order (or reversed). */
  private blocksOf(c: RowClass, descending: boolean): { block: BlockInfo; n: number }[] {
    const directory = this.directory();
    if (c.sigs !== undefined && c.sigs.size === 0) return [];
    if (c.sigs === undefined && c.outcome === undefined) {
      const every = directory.map((block) => ({ block, n: block.n }));
      return descending ? every.reverse() : every;
    }
    const { sql, params } = this.groupConditions(c);
    const counts = new Map<number, number>();
    for (const g of this.db.prepare(`SELECT block, SUM(n) AS n FROM block_groups ${sql} GROUP BY block`).all(...params) as { block: number; n: number }[]) counts.set(g.block, g.n);
    const out: { block: BlockInfo; n: number }[] = [];
    for (const block of directory) {
      const n = counts.get(block.id);
      if (n !== undefined && n > 0) out.push({ block, n });
    }
    return descending ? out.reverse() : out;
  }

  private static matches(c: RowClass, decoded: DecodedBlock, i: number): boolean {
    return inClass(c, decoded.sig(i), decoded.outcomeIndex(i));
  }

  /** Visits the rows of the classes in turn, in order, until the visitor returns false. */
  private eachRowOf(classes: readonly RowClass[], descending: boolean, visit: (decoded: DecodedBlock, i: number) => boolean, skip = 0): void {
    for (const c of classes) {
      for (const { block, n } of this.blocksOf(c, descending)) {
        if (skip >= n) {
          skip -= n;
          continue;
        }
        const decoded = this.decode(block);
        for (let k = 0; k < decoded.size; k++) {
          const i = descending ? decoded.size - 1 - k : k;
          if (!CaseStore.matches(c, decoded, i)) continue;
          if (skip > 0) {
            skip--;
            continue;
          }
          if (!visit(decoded, i)) return;
        }
      }
    }
  }

  /** Whether one of a row's cells has the text (`needle`: in lower case; ASCII letters in any case, as SQLite's LIKE). */
  private static hasText(cells: readonly string[], needle: string): boolean {
    for (const cell of cells) if (asciiLower(cell).includes(needle)) return true;
    return false;
  }

  /** The rows found by the last text search (forgotten with the blocks: a write, or another connection's). */
  private textHits: TextHits | undefined;

  /**
   * Every row with a cell that has the text, in file order. Rows are found by their bytes: SQLite
   * picks the blocks whose text is LIKE it and gives them with ASCII letters in lower case, their
   * rows with the text's bytes are found in that, and only those rows' cells are read. A text JSON
   * writes otherwise (quotes, backslashes, control characters) is looked for in every row's cells.
   * Kept for the next call: the app asks for a page and for counts of the same search.
   */
  private rowsWithText(text: string): TextHits {
    const directory = this.directory();
    if (this.textHits?.text === text) return this.textHits;
    const needle = asciiLower(text);
    const candidates = new Map<number, number[] | undefined>();
    if (/["\\\u0000-\u001f\ud800-\udfff]/.test(text)) {
      for (const block of directory) candidates.set(block.id, undefined);
    } else {
      const needleBytes = Buffer.from(needle, 'utf8');
      const found = this.db.prepare(`SELECT id, positions, length(simulated) AS simulated, CAST(lower(CAST(checked AS TEXT)) AS BLOB) AS folded
        FROM row_blocks WHERE CAST(checked AS TEXT) LIKE ? ESCAPE '\\'`);
      for (const r of found.iterate(likePattern(text)) as Iterable<{ id: number; positions: Buffer; simulated: number; folded: Buffer }>) {
        candidates.set(r.id, new BlockIndex(readInts(r.positions), r.folded.length, r.simulated).rowsWithBytes(r.folded, needleBytes));
      }
    }
    const hits: TextHits = { text, blocks: [], index: [], sig: [], outcome: [] };
    for (const block of directory) {
      if (!candidates.has(block.id)) continue;
      const decoded = this.decode(block);
      const rows = candidates.get(block.id);
      if (rows === undefined) decoded.readAll();
      for (const i of rows ?? Array.from({ length: decoded.size }, (_, k) => k)) {
        if (!CaseStore.hasText(decoded.cells(i), needle)) continue;
        hits.blocks.push(block);
        hits.index.push(i);
        hits.sig.push(decoded.sig(i));
        hits.outcome.push(decoded.outcomeIndex(i));
      }
    }
    this.textHits = hits;
    return hits;
  }

  /** The hits of a text search in a class (their positions in `hits`). */
  private static hitsIn(hits: TextHits, c: RowClass): number[] {
    const out: number[] = [];
    for (let k = 0; k < hits.index.length; k++) {
      if (inClass(c, hits.sig[k], hits.outcome[k])) out.push(k);
    }
    return out;
  }

  queryRows(filter: RowQuery, offset: number, limit: number, sort?: { by: 'row' | 'severity' | 'outcome'; dir: 'asc' | 'desc' }): { total: number; rows: RowRecord[] } {
    const text = filter.text?.trim() ?? '';
    const order = this.pageOrder(this.filterClass(filter), sort);
    const rows: RowRecord[] = [];
    if (text !== '') {
      // The rows with the text, in the sort's classes in turn; only the page's rows are read.
      const hits = this.rowsWithText(text);
      const ordered = order.classes.flatMap((c) => CaseStore.hitsIn(hits, c));
      if (order.descending) ordered.reverse();
      for (const k of ordered.slice(offset, offset + limit)) rows.push(recordOf(this.decode(hits.blocks[k]).row(hits.index[k])));
      return { total: ordered.length, rows };
    }
    let total = 0;
    for (const c of order.classes) for (const { n } of this.blocksOf(c, order.descending)) total += n;
    if (limit > 0 && offset < total) {
      this.eachRowOf(order.classes, order.descending, (decoded, i) => {
        rows.push(recordOf(decoded.row(i)));
        return rows.length < limit;
      }, offset);
    }
    return { total, rows };
  }

  /**
   * Counts of the rows matching a filter, from the rows' signatures: the rows per (signature,
   * outcome) in block_groups (or, for a text search, of the rows found), then a few hundred
   * signatures added up. The same figures as `countsByScan`.
   */
  counts(filter: RowQuery): Counts {
    const c = this.filterClass(filter);
    const text = filter.text?.trim() ?? '';
    const groups: { sig: number; outcome: number; n: number }[] = [];
    if (text !== '') {
      const tally: Tally = new Map();
      const hits = this.rowsWithText(text);
      for (const k of CaseStore.hitsIn(hits, c)) {
        const group = hits.sig[k] * OUTCOMES.length + hits.outcome[k];
        tally.set(group, (tally.get(group) ?? 0) + 1);
      }
      for (const [group, n] of tally) groups.push({ sig: Math.floor(group / OUTCOMES.length), outcome: group % OUTCOMES.length, n });
    } else if (c.sigs === undefined || c.sigs.size > 0) {
      const { sql, params } = this.groupConditions(c);
      groups.push(...(this.db.prepare(`SELECT sig, outcome, SUM(n) AS n FROM block_groups ${sql} GROUP BY sig, outcome`).all(...params) as { sig: number; outcome: number; n: number }[]));
    }
    let signatures = this.signatures();
    if (groups.some((g) => !signatures.has(g.sig))) signatures = this.signatures(true);

    const byOutcome: Record<Outcome, number> = { create: 0, update: 0, unchanged: 0, skip: 0, fail: 0 };
    const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    const codes = new Map<string, { severity: number; count: number; fixable: number }>();
    const columns = new Map<number, { name: string | null; count: number }>();
    let rows = 0;
    const rowsOfSignature = new Map<number, number>();
    for (const g of groups) {
      if (g.n === 0) continue;
      byOutcome[OUTCOMES[g.outcome]] += g.n;
      rows += g.n;
      rowsOfSignature.set(g.sig, (rowsOfSignature.get(g.sig) ?? 0) + g.n);
    }
    for (const [sig, n] of rowsOfSignature) {
      const kinds = signatures.get(sig);
      if (kinds === undefined) throw new CaseDamagedError(`its rows name a kind of issue (${sig}) it does not list`);
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
          seenColumns.set(col, known === undefined ? name : earlierName(known, name));
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
          tally.name = earlierName(tally.name, name);
        }
      }
    }
    return orderedCounts(rows, byOutcome, bySeverity, codes, columns);
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

  /**
   * Counts of the rows matching a filter, straight from every row's issues: the definition `counts`
   * keeps to (tests hold the two equal). Reads every row.
   */
  countsByScan(filter: RowQuery): Counts {
    const rank = filter.severity === undefined ? undefined : SEVERITY_RANK[filter.severity];
    const text = asciiLower(filter.text?.trim() ?? '');
    const byOutcome: Record<Outcome, number> = { create: 0, update: 0, unchanged: 0, skip: 0, fail: 0 };
    const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    const codes = new Map<string, { severity: number; count: number; fixable: number }>();
    const columns = new Map<number, { name: string | null; count: number }>();
    let rows = 0;
    const byIssue = filter.code !== undefined || filter.columnIndex !== undefined || filter.severity !== undefined;
    for (const page of this.allRows()) {
      for (const r of page) {
        if (filter.outcome !== undefined && r.outcome !== filter.outcome) continue;
        if (text !== '' && !CaseStore.hasText(r.cells, text)) continue;
        if (byIssue && !r.issues.some((i) => (filter.code === undefined || i.code === filter.code) && (rank === undefined || SEVERITY_RANK[i.severity] === rank)
          && (filter.columnIndex === undefined || i.columnIndex === filter.columnIndex))) continue;
        rows++;
        byOutcome[r.outcome]++;
        for (const severity of new Set(r.issues.map((i) => i.severity))) bySeverity[severity]++;
        const rowCodes = new Map<string, { severity: number; fixable: boolean }>();
        for (const i of r.issues) {
          const seen = rowCodes.get(i.code);
          rowCodes.set(i.code, { severity: Math.max(seen?.severity ?? 0, SEVERITY_RANK[i.severity]), fixable: (seen?.fixable ?? false) || i.fix !== undefined });
        }
        for (const [code, seen] of rowCodes) {
          const tally = codes.get(code) ?? codes.set(code, { severity: 0, count: 0, fixable: 0 }).get(code)!;
          tally.severity = Math.max(tally.severity, seen.severity);
          tally.count++;
          if (seen.fixable) tally.fixable++;
        }
        const rowColumns = new Map<number, string | null>();
        for (const i of r.issues) {
          if (i.columnIndex === undefined) continue;
          const known = rowColumns.get(i.columnIndex);
          const name = i.column ?? null;
          rowColumns.set(i.columnIndex, known === undefined ? name : earlierName(known, name));
        }
        for (const [col, name] of rowColumns) {
          const tally = columns.get(col) ?? columns.set(col, { name: null, count: 0 }).get(col)!;
          tally.count++;
          tally.name = earlierName(tally.name, name);
        }
      }
    }
    return orderedCounts(rows, byOutcome, bySeverity, codes, columns);
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
      for (const c of entry.cells) insert.run(id, c.row, c.col, storableText(c.before), storableText(c.after));
      return id;
    })();
  }

  /** The newest applied fix (undo) or the oldest undone one (redo), with its cell edits. */
  fixToToggle(direction: 'undo' | 'redo'): { id: number; cells: { row: number; col: number; before: string; after: string }[] } | undefined {
    const found = this.fixIdToToggle(direction);
    if (found === undefined) return undefined;
    const cells = (this.db.prepare('SELECT row, col, before, after FROM fix_cells WHERE fix_id = ?').all(found) as { row: number; col: number; before: StoredText; after: StoredText }[])
      .map((c) => ({ row: c.row, col: c.col, before: textOf(c.before), after: textOf(c.after) }));
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

  /** Whether the path still leads to the file this connection has open (not moved, deleted or replaced since). */
  isAtItsPath(): boolean {
    return this.identity !== undefined && fileIdentity(this.path) === this.identity;
  }

  /** A consistent copy of the case at `target` (the user's "Save case as"). */
  saveAs(target: string): void {
    this.db.prepare('VACUUM INTO ?').run(target);
  }
}
