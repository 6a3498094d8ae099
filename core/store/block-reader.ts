/**
 * Reading blocks (row-blocks.ts): the directory of blocks in file order and the last few decoded
 * blocks, kept while no connection writes (PRAGMA data_version tells of other connections' writes;
 * this connection's own writes call `forget`).
 */
import type Database from 'better-sqlite3';
import { CaseDamagedError, rowsLabel } from '../codec/row-blocks.ts';
import { DecodedBlock } from '../codec/block-decoding.ts';
import type { Layouts } from './layouts.ts';
import type { BlockInfo } from './row-types.ts';

/** Decoded blocks kept for the next page (scrolling reads the same block again). */
const DECODED_KEPT = 4;

export class BlockReader {
  private directoryCache: BlockInfo[] | undefined;
  private readonly decodedCache = new Map<number, DecodedBlock>();
  private seenVersion = -1;
  /** Prepared once: a fix reads hundreds of blocks. */
  private blockStatement: Database.Statement | undefined;
  /** Counts what was forgotten: what was read of the blocks at another generation is stale. */
  generation = 0;

  constructor(private readonly db: Database.Database, private readonly layouts: Layouts) {}

  /** Forgets what was read of the blocks (this connection wrote; data_version tells only of others' writes). */
  forget(): void {
    this.directoryCache = undefined;
    this.decodedCache.clear();
    this.generation++;
  }

  /**
   * Forgets one block this connection wrote: the other blocks read are still as stored, so a fix
   * that reads a block and writes it back reads it once. `rewritten`: the block written again in its
   * place (its directory entry is replaced; a new block makes the directory be read again).
   */
  forgetBlock(id: number, rewritten?: BlockInfo): void {
    const at = rewritten === undefined ? -1 : (this.directoryCache?.findIndex((b) => b.id === id) ?? -1);
    if (at >= 0) this.directoryCache![at] = rewritten!;
    else this.directoryCache = undefined;
    this.decodedCache.delete(id);
    this.generation++;
  }

  private checkFresh(): void {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.seenVersion) {
      this.seenVersion = version;
      this.forget();
    }
  }

  directory(): BlockInfo[] {
    this.checkFresh();
    return (this.directoryCache ??= (this.db.prepare('SELECT id, first_seq, n, first_row, last_row, layout FROM row_blocks ORDER BY first_seq').all() as
      { id: number; first_seq: number; n: number; first_row: number; last_row: number; layout: number | null }[])
      .map((b) => ({ id: b.id, firstSeq: b.first_seq, n: b.n, firstRow: b.first_row, lastRow: b.last_row, layout: b.layout })));
  }

  /** The block that would hold row `row` (the last starting at or before it), if any holds it. */
  static blockOfRow(directory: readonly BlockInfo[], row: number): BlockInfo | undefined {
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

  /** Row numbers by the block that would hold each (numbers no block holds are left out). */
  static rowsByBlock(directory: readonly BlockInfo[], rows: readonly number[]): Map<BlockInfo, Set<number>> {
    const byBlock = new Map<BlockInfo, Set<number>>();
    for (const row of rows) {
      const block = BlockReader.blockOfRow(directory, row);
      if (block === undefined) continue;
      let wanted = byBlock.get(block);
      if (wanted === undefined) byBlock.set(block, (wanted = new Set()));
      wanted.add(row);
    }
    return byBlock;
  }

  decode(block: BlockInfo): DecodedBlock {
    const kept = this.decodedCache.get(block.id);
    if (kept !== undefined) {
      this.decodedCache.delete(block.id);
      this.decodedCache.set(block.id, kept);
      return kept;
    }
    const found = (this.blockStatement ??= this.db.prepare('SELECT positions, checked, simulated FROM row_blocks WHERE id = ?')).get(block.id) as { positions: Buffer; checked: Buffer; simulated: Buffer } | undefined;
    const label = rowsLabel(block.firstRow, block.lastRow);
    if (found === undefined) throw new CaseDamagedError(`${label} cannot be read (their block is missing)`);
    let fields: readonly string[] | undefined;
    try {
      fields = block.layout === null ? undefined : this.layouts.layoutById(block.layout).fields;
    } catch {
      throw new CaseDamagedError(`${label} cannot be read (their values name a list of fields, ${block.layout}, the case does not have)`);
    }
    const decoded = new DecodedBlock(block.firstSeq, found.checked, found.simulated, found.positions, fields, label);
    this.decodedCache.set(block.id, decoded);
    if (this.decodedCache.size > DECODED_KEPT) this.decodedCache.delete(this.decodedCache.keys().next().value!);
    return decoded;
  }
}
