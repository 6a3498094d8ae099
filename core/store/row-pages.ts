/**
 * Reading rows back: by number, by key, by fix, all of them, and pages of a filter in a sort order,
 * including a text search. Filters read the signatures and `block_groups`, not the rows: a page
 * decodes only the blocks it needs and parses only the rows it shows.
 */
import type Database from 'better-sqlite3';
import { OUTCOMES, SEVERITY_RANK, type Outcome } from '../model.ts';
import { hashOfKey, OUTCOME_INDEX, readInts, SEVERITY_OF, type BlockRow } from '../codec/row-blocks.ts';
import { BlockIndex, DecodedBlock } from '../codec/block-decoding.ts';
import { NEEDS_ESCAPE } from '../codec/json.ts';
import { BlockReader } from './block-reader.ts';
import type { Signatures } from './signatures.ts';
import { FixRows } from './fix-rows.ts';
import { READ_CODES, SIMULATION_CODES } from '../rules/codes.ts';
import type { BlockInfo, RowQuery, RowRecord, RowSort } from './row-types.ts';

export function recordOf(r: BlockRow): RowRecord {
  const record: RowRecord = { row: r.row, seq: r.seq, original: r.original, cells: r.cells, outcome: r.outcome, values: r.values, changes: r.changes, issues: r.issues };
  if (r.key !== undefined) record.key = r.key;
  if (r.contactId !== undefined) record.contactId = r.contactId;
  if (r.rank > 0) record.severity = SEVERITY_OF[r.rank];
  return record;
}

/** ASCII letters in lower case, as SQLite's LIKE compares them (other characters as they are). */
export function asciiLower(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : text;
}

/** Whether one of a row's cells has the text (`needle`: in lower case; ASCII letters in any case, as SQLite's LIKE). */
export function hasText(cells: readonly string[], needle: string): boolean {
  for (const cell of cells) if (asciiLower(cell).includes(needle)) return true;
  return false;
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Which rows a page takes, group by group: one class of a sort order, narrowed by the filter. */
export interface RowClass {
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
export interface TextHits {
  text: string;
  /** BlockReader.generation when found. */
  generation: number;
  blocks: BlockInfo[];
  index: number[];
  sig: number[];
  outcome: number[];
}

/** The hits of a text search in a class (their positions in `hits`). */
export function hitsIn(hits: TextHits, c: RowClass): number[] {
  const out: number[] = [];
  for (let k = 0; k < hits.index.length; k++) {
    if (inClass(c, hits.sig[k], hits.outcome[k])) out.push(k);
  }
  return out;
}

/** SQL conditions on block_groups for a class. */
export function groupConditions(c: RowClass): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (c.sigs !== undefined) clauses.push(`sig IN (${[...c.sigs].join(',')})`);
  if (c.outcome !== undefined) {
    clauses.push('outcome = ?');
    params.push(c.outcome);
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export class RowPages {
  /** The rows found by the last text search (stale once the reader forgets its blocks). */
  private textHits: TextHits | undefined;

  private readonly fixRows: FixRows;

  constructor(private readonly db: Database.Database, private readonly signatures: Signatures, private readonly reader: BlockReader) {
    this.fixRows = new FixRows(db, reader);
  }

  rowCount(): number {
    return (this.db.prepare('SELECT COALESCE(SUM(n), 0) AS n FROM row_blocks').get() as { n: number }).n;
  }

  /** Rows by number, in file order (numbers not in the case are left out). */
  getRows(rowNumbers: readonly number[]): RowRecord[] {
    const out: RowRecord[] = [];
    for (const [block, wanted] of BlockReader.rowsByBlock(this.reader.directory(), rowNumbers)) {
      const decoded = this.reader.decode(block);
      for (let i = 0; i < decoded.size; i++) if (wanted.has(decoded.rowNumber(i))) out.push(recordOf(decoded.row(i)));
    }
    return out.sort((a, b) => a.row - b.row);
  }

  /** Ascending row numbers split by the block that holds them (numbers not in the case are left out). */
  rowsByBlock(rowNumbers: readonly number[]): number[][] {
    const directory = this.reader.directory();
    const out: number[][] = [];
    let current: BlockInfo | undefined;
    for (const n of rowNumbers) {
      if (current === undefined || n < current.firstRow || n > current.lastRow) {
        current = BlockReader.blockOfRow(directory, n);
        if (current === undefined) continue;
        out.push([]);
      }
      out[out.length - 1].push(n);
    }
    return out;
  }

  /**
   * Rows whose key is one of these, in file order (a key group replays independently: R-M6), other
   * than the rows in `except` (a fix's own rows, which the caller has). Key hashes find the
   * candidates (block_keys); only a block with one reads its row numbers, and is decoded only to
   * compare a candidate's key.
   */
  rowsWithKeys(keys: readonly string[], except: ReadonlySet<number> = new Set()): number[] {
    if (keys.length === 0) return [];
    const wanted = new Set(keys);
    const hashes = new Set(keys.map(hashOfKey));
    const byId = new Map(this.reader.directory().map((b) => [b.id, b] as const));
    const out: number[] = [];
    for (const found of this.fixRows.blocksWithHashes(hashes)) {
      const blockHashes = readInts(found.keys);
      let rows: Int32Array | undefined;
      let decoded: DecodedBlock | undefined;
      for (let i = 0; i < blockHashes.length; i++) {
        if (!hashes.has(blockHashes[i])) continue;
        rows ??= this.fixRows.positionsOf(found.block);
        if (except.has(rows[i])) continue;
        decoded ??= this.reader.decode(byId.get(found.block)!);
        const key = decoded.key(i);
        if (key !== null && wanted.has(key)) out.push(rows[i]);
      }
    }
    return out.sort((a, b) => a - b);
  }

  /** The key hashes of these rows, found without reading them (FixRows). `keyColumn`: the one column keys are read from. */
  keyHashesOf(rows: readonly number[], keyColumn: number | undefined): Set<number> {
    return this.fixRows.keyHashesOf(rows, this.keylessSigs(keyColumn));
  }

  /**
   * Signatures of rows that certainly have no key: the key's column missing or blank, or an error
   * the key cell's check found (a key is read only from a cell without one, R-M2).
   */
  private keylessSigs(keyColumn: number | undefined): Set<number> {
    return this.signatures.where((kind) => kind[0] === 'key.missing' || kind[0] === 'key.column_missing'
      || (keyColumn !== undefined && kind[2] === keyColumn && kind[1] === SEVERITY_RANK.error && !READ_CODES.has(kind[0]) && !SIMULATION_CODES.has(kind[0])));
  }

  /** Every row of every key with one of these hashes, in file order, found without reading rows (FixRows). */
  rowsWithKeyHashes(hashes: ReadonlySet<number>): number[] {
    return this.fixRows.rowsWithKeyHashes(hashes);
  }

  /** Rows (in file order) whose issues include one of the given code with a fix, optionally in one column: found from the blocks' indexes. */
  rowsWithFix(code: string, columnIndex?: number): number[] {
    const sigs = this.fixSigs(code, columnIndex);
    return this.fixRows.rowsWithSigs(this.blocksOf({ sigs }, false).map((b) => b.block), sigs);
  }

  /** The columns (null: none) of the issues of this code with a fix, optionally in one column. */
  columnsWithFix(code: string, columnIndex?: number): Set<number | null> {
    const columns = new Set<number | null>();
    for (const kinds of this.signatures.all().values()) {
      for (const kind of kinds) if (kind[0] === code && kind[3] === 1 && (columnIndex === undefined || kind[2] === columnIndex)) columns.add(kind[2]);
    }
    return columns;
  }

  private fixSigs(code: string, columnIndex?: number): Set<number> {
    return this.signatures.where((kind) => kind[0] === code && kind[3] === 1 && (columnIndex === undefined || kind[2] === columnIndex));
  }

  /** The rows rowsWithFix finds, read in the same pass (a fix of every row with a code reads each block once). */
  recordsWithFix(code: string, columnIndex?: number): RowRecord[] {
    const sigs = this.fixSigs(code, columnIndex);
    const out: RowRecord[] = [];
    this.eachRowOf([{ sigs }], false, (decoded, i) => {
      out.push(recordOf(decoded.row(i)));
      return true;
    });
    return out;
  }

  /** CaseStore.allRows: every row in file order, a page of one block at a time. */
  *allRows(pageSize: number): Generator<RowRecord[]> {
    for (const block of this.reader.directory().slice()) {
      const decoded = this.reader.decode(block);
      decoded.readAll();
      for (let start = 0; start < decoded.size; start += pageSize) {
        const page: RowRecord[] = [];
        for (let i = start; i < Math.min(decoded.size, start + pageSize); i++) page.push(recordOf(decoded.row(i)));
        yield page;
      }
    }
  }

  /**
   * The first `limit` rows in file order: each one's number, cells, and whether it matches the filter
   * (issues by signature, outcome, text; not `excluded`, which the caller checks). Only cells are
   * parsed, so a bounded look is quick (an edit's preview: jobs/edit-preview.ts). Returns the rows seen.
   */
  firstRows(filter: RowQuery, limit: number, visit: (row: number, cells: readonly string[], matches: boolean) => void): number {
    const c = this.filterClass(filter);
    const needle = asciiLower(filter.text?.trim() ?? '');
    let seen = 0;
    for (const block of this.reader.directory().slice()) {
      const decoded = this.reader.decode(block);
      for (let i = 0; i < decoded.size; i++) {
        if (seen === limit) return seen;
        seen++;
        const cells = decoded.cells(i);
        visit(decoded.rowNumber(i), cells, inClass(c, decoded.sig(i), decoded.outcomeIndex(i)) && (needle === '' || hasText(cells, needle)));
      }
    }
    return seen;
  }

  /** The signatures and outcome a filter allows, without its text (issue conditions combine on the same issue). */
  filterClass(filter: RowQuery): RowClass {
    const out: RowClass = {};
    if (filter.code !== undefined || filter.columnIndex !== undefined || filter.severity !== undefined) {
      const rank = filter.severity === undefined ? undefined : SEVERITY_RANK[filter.severity];
      out.sigs = this.signatures.where((k) => (filter.code === undefined || k[0] === filter.code) && (rank === undefined || k[1] === rank) && (filter.columnIndex === undefined || k[2] === filter.columnIndex));
    }
    if (filter.outcome !== undefined) out.outcome = OUTCOME_INDEX[filter.outcome];
    return out;
  }

  /** The classes a sort reads in turn, each narrowed by the filter's. */
  private pageOrder(filter: RowClass, sort?: RowSort): PageOrder {
    const descending = sort?.dir === 'desc';
    if (sort === undefined || sort.by === 'row') return { classes: [filter], descending };
    if (sort.by === 'outcome') {
      // Outcomes in the order an import reads them (OUTCOMES' order).
      const order: readonly Outcome[] = descending ? [...OUTCOMES].reverse() : OUTCOMES;
      const classes = order.map((o) => OUTCOME_INDEX[o]).filter((o) => filter.outcome === undefined || filter.outcome === o).map((outcome) => ({ sigs: filter.sigs, outcome }));
      return { classes, descending: false };
    }
    // By severity: a row's is its signature's worst (0 for none).
    const worst = new Map<number, number[]>([[0, [0]]]);
    for (const [id, kinds] of this.signatures.all()) {
      if (id === 0) continue;
      const rank = Math.max(0, ...kinds.map((k) => k[1]));
      (worst.get(rank) ?? worst.set(rank, []).get(rank)!).push(id);
    }
    const ranks = descending ? [3, 2, 1, 0] : [0, 1, 2, 3];
    const classes = ranks.map((rank) => ({ sigs: new Set((worst.get(rank) ?? []).filter((s) => filter.sigs === undefined || filter.sigs.has(s))), outcome: filter.outcome }));
    return { classes, descending: false };
  }

  /** Rows of a class in each block that has some, in file order (or reversed). */
  private blocksOf(c: RowClass, descending: boolean): { block: BlockInfo; n: number }[] {
    const directory = this.reader.directory();
    if (c.sigs !== undefined && c.sigs.size === 0) return [];
    if (c.sigs === undefined && c.outcome === undefined) {
      const every = directory.map((block) => ({ block, n: block.n }));
      return descending ? every.reverse() : every;
    }
    const { sql, params } = groupConditions(c);
    const counts = new Map<number, number>();
    for (const g of this.db.prepare(`SELECT block, SUM(n) AS n FROM block_groups ${sql} GROUP BY block`).all(...params) as { block: number; n: number }[]) counts.set(g.block, g.n);
    const out: { block: BlockInfo; n: number }[] = [];
    for (const block of directory) {
      const n = counts.get(block.id);
      if (n !== undefined && n > 0) out.push({ block, n });
    }
    return descending ? out.reverse() : out;
  }

  /** Visits the rows of the classes in turn, in order, until the visitor returns false. */
  private eachRowOf(classes: readonly RowClass[], descending: boolean, visit: (decoded: DecodedBlock, i: number) => boolean, skip = 0): void {
    for (const c of classes) {
      for (const { block, n } of this.blocksOf(c, descending)) {
        if (skip >= n) {
          skip -= n;
          continue;
        }
        const decoded = this.reader.decode(block);
        for (let k = 0; k < decoded.size; k++) {
          const i = descending ? decoded.size - 1 - k : k;
          if (!inClass(c, decoded.sig(i), decoded.outcomeIndex(i))) continue;
          if (skip > 0) {
            skip--;
            continue;
          }
          if (!visit(decoded, i)) return;
        }
      }
    }
  }

  /**
   * Every row with a cell that has the text, in file order. Rows are found by their bytes: SQLite
   * picks the blocks whose text is LIKE it and gives them with ASCII letters in lower case, their
   * rows with the text's bytes are found in that, and only those rows' cells are read. A text JSON
   * writes otherwise (quotes, backslashes, control characters) is looked for in every row's cells.
   * Kept for the next call: the app asks for a page and for counts of the same search.
   */
  rowsWithText(text: string): TextHits {
    const directory = this.reader.directory();
    if (this.textHits?.text === text && this.textHits.generation === this.reader.generation) return this.textHits;
    const needle = asciiLower(text);
    const candidates = new Map<number, number[] | undefined>();
    if (NEEDS_ESCAPE.test(text)) {
      for (const block of directory) candidates.set(block.id, undefined);
    } else {
      const needleBytes = Buffer.from(needle, 'utf8');
      const found = this.db.prepare(`SELECT id, positions, length(simulated) AS simulated, CAST(lower(CAST(checked AS TEXT)) AS BLOB) AS folded
        FROM row_blocks WHERE CAST(checked AS TEXT) LIKE ? ESCAPE '\\'`);
      for (const r of found.iterate(likePattern(text)) as Iterable<{ id: number; positions: Buffer; simulated: number; folded: Buffer }>) {
        candidates.set(r.id, new BlockIndex(readInts(r.positions), r.folded.length, r.simulated).rowsWithBytes(r.folded, needleBytes));
      }
    }
    const hits: TextHits = { text, generation: this.reader.generation, blocks: [], index: [], sig: [], outcome: [] };
    for (const block of directory) {
      if (!candidates.has(block.id)) continue;
      const decoded = this.reader.decode(block);
      const rows = candidates.get(block.id);
      if (rows === undefined) decoded.readAll();
      for (const i of rows ?? Array.from({ length: decoded.size }, (_, k) => k)) {
        if (!hasText(decoded.cells(i), needle)) continue;
        hits.blocks.push(block);
        hits.index.push(i);
        hits.sig.push(decoded.sig(i));
        hits.outcome.push(decoded.outcomeIndex(i));
      }
    }
    this.textHits = hits;
    return hits;
  }

  /** CaseStore.queryRows: a page of the rows matching a filter, in a sort order, and how many match. */
  queryRows(filter: RowQuery, offset: number, limit: number, sort?: RowSort): { total: number; rows: RowRecord[] } {
    const text = filter.text?.trim() ?? '';
    const order = this.pageOrder(this.filterClass(filter), sort);
    const rows: RowRecord[] = [];
    if (text !== '') {
      // The rows with the text, in the sort's classes in turn; only the page's rows are read.
      const hits = this.rowsWithText(text);
      const ordered = order.classes.flatMap((c) => hitsIn(hits, c));
      if (order.descending) ordered.reverse();
      for (const k of ordered.slice(offset, offset + limit)) rows.push(recordOf(this.reader.decode(hits.blocks[k]).row(hits.index[k])));
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
}
