/**
 * The case file: one SQLite database per case (rows, issues, outcomes, snapshot, fixes, profiles).
 * WAL mode so the check job writes while the UI reads; every write in one transaction, so a crash
 * leaves the previous consistent state. Rows are kept in blocks (core/codec/row-blocks.ts).
 *
 * CaseStore is the one door callers use; each part of the work is a module of its own:
 *
 * | module | job |
 * |---|---|
 * | case-file.ts, schema.ts | opening (checks before writing), formats, meta, checkpoints |
 * | signatures.ts, layouts.ts | numbering rows' sets of issue kinds and lists of fields |
 * | row-writer.ts | writing rows into blocks, file-level issues |
 * | block-reader.ts, row-pages.ts, fix-rows.ts | reading blocks; rows by number, key, fix, and pages of a filter |
 * | row-counts.ts | counts of a filter, from signatures |
 * | side tables' neighbours: profiles.ts, contact-names.ts | the profile list, contacts' names |
 * | side-tables.ts, fix-log.ts | snapshot, definitions, unification; undo / redo |
 * | excluded-rows.ts, excluded-query.ts | rows left out of the upload-ready file; the filter of them |
 */
import type Database from 'better-sqlite3';
import type { Contact, CustomFieldDefinition, Issue } from '../model.ts';
import { openCaseFile, pauseCheckpoints, readMeta, writeMeta, type StoreOptions } from './case-file.ts';
import { Signatures } from './signatures.ts';
import { Layouts } from './layouts.ts';
import { BlockReader } from './block-reader.ts';
import { RowWriter } from './row-writer.ts';
import { RowPages } from './row-pages.ts';
import { countRows } from './row-counts.ts';
import * as sideTables from './side-tables.ts';
import * as fixLog from './fix-log.ts';
import * as excluded from './excluded-rows.ts';
import { countOf, matchesQuery, pageOf } from './excluded-query.ts';
import { fileIdentity } from '../csv/same-file.ts';
import type { Counts, RowQuery, RowRecord, StoredRow } from './row-types.ts';

export type { StoreOptions } from './case-file.ts';
export type { Counts, RowQuery, RowRecord, StoredRow } from './row-types.ts';

export class CaseStore {
  readonly db: Database.Database;
  /** The file this connection has open (device and inode), to tell when its path no longer leads to it. */
  private readonly identity: string | undefined;
  private readonly signatures: Signatures;
  private readonly writer: RowWriter;
  private readonly pages: RowPages;
  /** Writing the rows of a first check (beginBulkWrite … endBulkWrite). */
  private bulk = false;

  constructor(readonly path: string, options: StoreOptions = {}) {
    this.db = openCaseFile(path, options);
    this.identity = fileIdentity(path);
    this.signatures = new Signatures(this.db);
    const layouts = new Layouts(this.db);
    const reader = new BlockReader(this.db, layouts);
    this.writer = new RowWriter(this.db, this.signatures, layouts, reader);
    this.pages = new RowPages(this.db, this.signatures, reader);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---- meta ---------------------------------------------------------------------------------

  getMeta<T>(name: string): T | undefined {
    return readMeta<T>(this.db, name);
  }

  setMeta(name: string, value: unknown): void {
    writeMeta(this.db, name, value);
  }

  // ---- writing rows (row-writer.ts) -------------------------------------------------------------

  clearRows(): void {
    this.writer.clearRows();
  }

  /**
   * Writes rows, all in one transaction. `fresh`: the rows are new, after every row there is (a first
   * check after clearRows), in file order: they go into new blocks (appendRow). Otherwise each row
   * replaces the stored row of its number, and the blocks holding them are written again. `layout`:
   * the fields new rows' values go by.
   */
  writeRows(rows: readonly StoredRow[], options: { fresh?: boolean; layout?: readonly string[] } = {}): void {
    this.writer.writeRows(rows, options);
  }

  /** The fields new rows' values go by (a first check's columns). */
  useLayout(fields: readonly string[]): void {
    this.writer.useLayout(fields);
  }

  /**
   * A new row, after every row there is, into the block being made (a block holds consecutive
   * positions, up to BLOCK_ROWS of them): stored by the next flushAppended, in its transaction.
   */
  appendRow(r: StoredRow): void {
    this.writer.appendRow(r);
  }

  /** Stores the blocks appendRow made, in one transaction. */
  flushAppended(): void {
    this.writer.flushAppended();
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
      this.writer.forgetUnsaved();
      throw error;
    }
  }

  /**
   * A first check writes up to hundreds of megabytes: the log is not checkpointed while it writes
   * (each checkpoint syncs the disk twice) but once, after (`checkpoint`, which the job's thread
   * calls once it has reported the check done).
   */
  beginBulkWrite(): void {
    pauseCheckpoints(this.db, true);
    this.bulk = true;
  }

  endBulkWrite(): void {
    if (!this.bulk) return;
    this.bulk = false;
    pauseCheckpoints(this.db, false);
  }

  /** Copies the log into the file and empties it (committed writes stay as they are). */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Replaces the file-level issues (row IS NULL). */
  setFileIssues(issues: readonly Issue[]): void {
    this.writer.setFileIssues(issues);
  }

  fileIssues(): Issue[] {
    return this.writer.fileIssues();
  }

  // ---- reading rows (row-pages.ts, row-counts.ts) ------------------------------------------------

  rowCount(): number {
    return this.pages.rowCount();
  }

  getRow(row: number): RowRecord | undefined {
    return this.getRows([row])[0];
  }

  /** Rows by number, in file order (numbers not in the case are left out). */
  getRows(rowNumbers: readonly number[]): RowRecord[] {
    return this.pages.getRows(rowNumbers);
  }

  /** Ascending row numbers split by the block that holds them: a fix reads and writes a block at a time. */
  rowsByBlock(rowNumbers: readonly number[]): number[][] {
    return this.pages.rowsByBlock(rowNumbers);
  }

  /** Rows whose key is one of these, in file order (a key group replays independently: R-M6), but those in `except`. */
  rowsWithKeys(keys: readonly string[], except?: ReadonlySet<number>): number[] {
    return this.pages.rowsWithKeys(keys, except);
  }

  /**
   * The key hashes (hashOfKey) of these rows, found without reading the rows; 0 only for a row that
   * may have a key hashing to it. `keyColumn`: the one column keys are read from, if one.
   */
  keyHashesOf(rows: readonly number[], keyColumn: number | undefined): Set<number> {
    return this.pages.keyHashesOf(rows, keyColumn);
  }

  /** Every row of every key with one of these hashes, in file order, found without reading the rows. */
  rowsWithKeyHashes(hashes: ReadonlySet<number>): number[] {
    return this.pages.rowsWithKeyHashes(hashes);
  }

  /** Rows (in file order) whose issues include one of the given code with a fix, optionally in one column. */
  rowsWithFix(code: string, columnIndex?: number): number[] {
    return this.pages.rowsWithFix(code, columnIndex);
  }

  /** The columns (null: none) of the issues of this code with a fix, optionally in one column. */
  columnsWithFix(code: string, columnIndex?: number): Set<number | null> {
    return this.pages.columnsWithFix(code, columnIndex);
  }

  /** The rows rowsWithFix finds, as records, each block read once. */
  recordsWithFix(code: string, columnIndex?: number): RowRecord[] {
    return this.pages.recordsWithFix(code, columnIndex);
  }

  /**
   * Iterates every row in file order, in pages, for exports and full replays. A page holds rows of one
   * block (up to `pageSize` of them): a re-check that writes each page back rewrites each block once.
   */
  *allRows(pageSize = 5_000): Generator<RowRecord[]> {
    yield* this.pages.allRows(pageSize);
  }

  /** The first `limit` rows in file order (cells only), each with whether it matches the filter but its `excluded`: row-pages.ts. */
  firstRows(filter: RowQuery, limit: number, visit: (row: number, cells: readonly string[], matches: boolean) => void): number {
    return this.pages.firstRows(filter, limit, visit);
  }

  queryRows(filter: RowQuery, offset: number, limit: number, sort?: { by: 'row' | 'severity' | 'outcome'; dir: 'asc' | 'desc' }): { total: number; rows: RowRecord[] } {
    if (filter.excluded) return pageOf(this.excludedMatching(filter), offset, limit, sort);
    return this.pages.queryRows(filter, offset, limit, sort);
  }

  /** The excluded rows matching the rest of a filter, in file order. */
  private excludedMatching(filter: RowQuery): RowRecord[] {
    return this.getRows([...this.excludedRows()].sort((a, b) => a - b)).filter((r) => matchesQuery(r, filter));
  }

  /** Counts of the rows matching a filter, from the rows' signatures (row-counts.ts). */
  counts(filter: RowQuery): Counts {
    if (filter.excluded) return countOf(this.excludedMatching(filter));
    return countRows(this.db, this.pages, this.signatures, filter);
  }

  // ---- excluded rows (excluded-rows.ts) ------------------------------------------------------------

  excludedRows(): Set<number> {
    return excluded.excludedRows(this.db);
  }

  excludedCount(): number {
    return excluded.excludedCount(this.db);
  }

  setExcluded(rows: readonly number[], isExcluded: boolean): void {
    excluded.setExcluded(this.db, rows, isExcluded);
  }

  // ---- snapshot, definitions, unification (side-tables.ts) ----------------------------------------

  replaceContacts(contacts: readonly Contact[]): void {
    sideTables.replaceContacts(this.db, contacts);
  }

  contacts(): Contact[] {
    return sideTables.readContacts(this.db);
  }

  replaceDefinitions(definitions: readonly CustomFieldDefinition[] | undefined): void {
    sideTables.replaceDefinitions(this.db, definitions);
  }

  definitions(): CustomFieldDefinition[] {
    return sideTables.readDefinitions(this.db);
  }

  replaceUnification(profiles: readonly { id: string; contactIds: string[]; values: Record<string, string>; tags: string[]; conflict: boolean }[], conflicts: readonly unknown[]): void {
    sideTables.replaceUnification(this.db, profiles, conflicts);
  }

  profileCounts(): { profiles: number; contacts: number } {
    return sideTables.profileCounts(this.db);
  }

  conflicts<T>(offset: number, limit: number): { total: number; items: T[] } {
    return sideTables.conflictPage<T>(this.db, offset, limit);
  }

  // ---- fixes (undo / redo: fix-log.ts) -------------------------------------------------------------

  recordFix(entry: { description: string; fix: unknown; cells: readonly { row: number; col: number; before: string; after: string }[]; changedRows: number }): number {
    return fixLog.recordFix(this.db, entry);
  }

  /** The newest applied fix (undo) or the oldest undone one (redo), with its cell edits. */
  fixToToggle(direction: 'undo' | 'redo'): { id: number; fix: unknown; cells: { row: number; col: number; before: string; after: string }[] } | undefined {
    const found = fixLog.fixIdToToggle(this.db, direction);
    return found === undefined ? undefined : { id: found, fix: fixLog.fixOf(this.db, found), cells: fixLog.cellEditsOf(this.db, found) };
  }

  /** Whether there is a fix to undo or redo, without loading its cell edits (a bulk fix can hold many). */
  canToggle(direction: 'undo' | 'redo'): boolean {
    return fixLog.fixIdToToggle(this.db, direction) !== undefined;
  }

  /** Cells whose current value came from an accepted `datetime.timezone` fix (row:col → value). */
  convertedCells(): Map<string, string> {
    return fixLog.convertedCells(this.db);
  }

  markFix(id: number, undone: boolean): void {
    fixLog.markFix(this.db, id, undone);
  }

  fixLog<F = unknown>(): { id: number; at: string; description: string; fix: F; changedRows: number; undone: boolean }[] {
    return fixLog.readFixLog<F>(this.db);
  }

  // ---- the file ----------------------------------------------------------------------------------

  /** Whether the path still leads to the file this connection has open (not moved, deleted or replaced since). */
  isAtItsPath(): boolean {
    return this.identity !== undefined && fileIdentity(this.path) === this.identity;
  }

  /** A consistent copy of the case at `target` (the user's "Save case as"). */
  saveAs(target: string): void {
    this.db.prepare('VACUUM INTO ?').run(target);
  }
}
