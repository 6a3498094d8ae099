/**
 * Writing rows into blocks (row-blocks.ts), and the file-level issues. A first check appends rows
 * into new blocks; any other write decodes the blocks holding the rows it changes and writes them
 * again. Every write is one transaction; a failed one forgets the signatures and layouts it made.
 */
import type Database from 'better-sqlite3';
import { OUTCOMES, SEVERITY_RANK, type Issue } from '../model.ts';
import { BLOCK_ROWS, BlockBuilder, blockValues, CaseDamagedError, readInts, rowsLabel, type BlockRow } from '../codec/row-blocks.ts';
import type { DecodedBlock } from '../codec/block-decoding.ts';
import { issueFromRow, type IssueRow } from './issue-rows.ts';
import { BlockReader } from './block-reader.ts';
import type { Layouts } from './layouts.ts';
import type { Signatures } from './signatures.ts';
import type { BlockInfo, StoredRow } from './row-types.ts';

/** A stored row from a row read back (a block rewritten around the rows that change). */
function storedOf(r: BlockRow): StoredRow {
  return { row: r.row, seq: r.seq, original: r.original, cells: r.cells, outcome: r.outcome, key: r.key, values: r.values, contactId: r.contactId, changes: r.changes, issues: r.issues };
}

interface WriteStatements {
  insertBlock: Database.Statement;
  updateBlock: Database.Statement;
  storeKeys: Database.Statement;
  readKeys: Database.Statement;
  insertGroup: Database.Statement;
  deleteGroups: Database.Statement;
  insertIssue: Database.Statement;
}

export class RowWriter {
  private prepared: WriteStatements | undefined;
  /** Blocks of appended rows not yet stored (flushAppended). */
  private appending: BlockBuilder[] = [];

  constructor(private readonly db: Database.Database, private readonly signatures: Signatures, private readonly layouts: Layouts, private readonly reader: BlockReader) {}

  private statements(): WriteStatements {
    return (this.prepared ??= {
      insertBlock: this.db.prepare('INSERT INTO row_blocks (first_seq, n, first_row, last_row, layout, positions, checked, simulated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      updateBlock: this.db.prepare('UPDATE row_blocks SET n = ?, first_row = ?, last_row = ?, layout = ?, positions = ?, checked = ?, simulated = ? WHERE id = ?'),
      // A block's key hashes, in a table of their own (schema.ts, format 7) so a key lookup reads only them.
      storeKeys: this.db.prepare('INSERT INTO block_keys (block, keys) VALUES (?, ?) ON CONFLICT (block) DO UPDATE SET keys = excluded.keys'),
      readKeys: this.db.prepare('SELECT keys FROM block_keys WHERE block = ?'),
      insertGroup: this.db.prepare('INSERT INTO block_groups (block, sig, outcome, n) VALUES (?, ?, ?, ?)'),
      deleteGroups: this.db.prepare('DELETE FROM block_groups WHERE block = ?'),
      insertIssue: this.db.prepare(
        `INSERT INTO issues (row, col, code, severity, field, column_name, value, fix, params, origin)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    });
  }

  clearRows(): void {
    this.appending = [];
    this.db.transaction(() => {
      this.db.exec('DELETE FROM row_blocks; DELETE FROM block_keys; DELETE FROM block_groups; DELETE FROM issues WHERE row IS NOT NULL;');
    })();
    this.reader.forget();
  }

  /** `row` overrides the issue's own row. */
  private writeIssue(issue: Issue, origin: string, row: number | null = issue.row ?? null): void {
    this.statements().insertIssue.run(
      row, issue.columnIndex ?? null, issue.code, SEVERITY_RANK[issue.severity], issue.field ?? null, issue.column ?? null,
      issue.value ?? null, issue.fix ?? null, issue.params ? JSON.stringify(issue.params) : null, origin,
    );
  }

  /** CaseStore.writeRows: new rows appended (`fresh`) or stored rows replaced, in one transaction. */
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

  useLayout(fields: readonly string[]): void {
    this.layouts.use(this.layouts.layoutFor(fields));
  }

  /** CaseStore.appendRow: a new row into the block being made, stored by the next flushAppended. */
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
    const layout = r.checkedLayout !== undefined ? this.layouts.layoutFor(r.checkedLayout) : this.layouts.currentLayout();
    if (builder === undefined || builder.n === BLOCK_ROWS || r.seq !== seqAfter + 1 || builder.layout !== layout) {
      builder = new BlockBuilder(layout);
      this.appending.push(builder);
    }
    builder.add(r, this.signatures.idOf(r.issues));
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
    const directory = this.reader.directory();
    const byBlock = new Map<BlockInfo, Map<number, StoredRow>>();
    for (const r of rows) {
      const block = BlockReader.blockOfRow(directory, r.row);
      if (block === undefined) throw new Error(`row ${r.row} is not in this case`);
      let changed = byBlock.get(block);
      if (changed === undefined) byBlock.set(block, (changed = new Map()));
      changed.set(r.row, r);
    }
    for (const [block, changed] of byBlock) {
      const decoded = this.reader.decode(block);
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
      const { layout, values } = blockValues(merged, this.layouts.currentLayout(), (fields) => this.layouts.layoutFor(fields));
      if (layout !== undefined) this.layouts.use(layout);
      const builder = new BlockBuilder(layout);
      merged.forEach((r, i) => builder.add(r, this.signatures.idOf(r.issues), values[i]));
      this.storeBlock(builder, block);
    }
  }

  /**
   * A block rewritten around a few changed rows (a fix): its other rows are copied as stored, unread,
   * by the block's own layout (a changed row whose values do not fit it keeps them as entries).
   */
  private rewriteAround(block: BlockInfo, decoded: DecodedBlock, changed: Map<number, StoredRow>): void {
    const stored = this.statements().readKeys.get(block.id) as { keys: Buffer } | undefined;
    if (stored === undefined) throw new CaseDamagedError(`${rowsLabel(block.firstRow, block.lastRow)} cannot be read (their key hashes are missing)`);
    const keys = readInts(stored.keys);
    const builder = new BlockBuilder(block.layout === null ? undefined : this.layouts.layoutById(block.layout));
    // The unchanged rows between two changed ones go in one copy.
    let from = 0;
    for (let i = 0; i < decoded.size; i++) {
      const replacement = changed.get(decoded.rowNumber(i));
      if (replacement === undefined) continue;
      builder.addRawRows(decoded.rawRows(from, i, keys));
      changed.delete(replacement.row);
      builder.add(replacement, this.signatures.idOf(replacement.issues));
      from = i + 1;
    }
    builder.addRawRows(decoded.rawRows(from, decoded.size, keys));
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
      id = Number(statements.insertBlock.run(builder.firstSeq, builder.n, builder.firstRow, builder.lastRow, layout, positions, checked, simulated).lastInsertRowid);
    } else {
      id = existing.id;
      statements.updateBlock.run(builder.n, builder.firstRow, builder.lastRow, layout, positions, checked, simulated, id);
      statements.deleteGroups.run(id);
    }
    statements.storeKeys.run(id, keys);
    for (const [group, n] of builder.groups) statements.insertGroup.run(id, Math.floor(group / OUTCOMES.length), group % OUTCOMES.length, n);
    this.reader.forgetBlock(id, existing && { id, firstSeq: existing.firstSeq, n: builder.n, firstRow: builder.firstRow, lastRow: builder.lastRow, layout });
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

  /** Forgets the signatures, layouts and blocks a rolled-back write may have added (their numbers are not in the file). */
  forgetUnsaved(): void {
    this.signatures.forgetMade();
    this.layouts.forget();
    this.appending = [];
    this.reader.forget();
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
}
