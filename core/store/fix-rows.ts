/**
 * Rows found from the blocks' indexes (`positions`) and key hashes (`block_keys`) without reading a
 * row's texts: the rows with a fix, a set of rows' key hashes, the rows with some key hashes. A
 * fix whose keys stay as they were finds every row it touches and replays this way, and then reads
 * each block it writes once (jobs/fix-engine.ts).
 */
import type Database from 'better-sqlite3';
import { CaseDamagedError, readInts } from '../codec/row-blocks.ts';
import { BlockReader } from './block-reader.ts';
import type { BlockInfo } from './row-types.ts';

/** More key hashes than this are looked for in every block's hashes rather than by SQLite. */
const FEW_KEY_HASHES = 16;

export class FixRows {
  private positionsStatement: Database.Statement | undefined;
  private keysStatement: Database.Statement | undefined;

  constructor(private readonly db: Database.Database, private readonly reader: BlockReader) {}

  /** Rows (in file order) of these blocks whose set of issue kinds is one of these signatures, read from the blocks' indexes. */
  rowsWithSigs(blocks: readonly BlockInfo[], sigs: ReadonlySet<number>): number[] {
    const out: number[] = [];
    for (const block of blocks) {
      const ints = this.positionsOf(block.id);
      const n = (ints.length - 2) / 5;
      for (let i = 0; i < n; i++) if (sigs.has(ints[n + i])) out.push(ints[i]);
    }
    return out;
  }

  /**
   * The key hashes (hashOfKey) of these rows. A row's 0 is left out when its signature is one of
   * `keyless` (it certainly has no key; 0 is also what a block keeps for no key, so otherwise every
   * row without a key would be taken for its key group).
   */
  keyHashesOf(rows: readonly number[], keyless: ReadonlySet<number>): Set<number> {
    const out = new Set<number>();
    for (const [block, wanted] of BlockReader.rowsByBlock(this.reader.directory(), rows)) {
      const index = this.positionsOf(block.id);
      const hashes = this.keyHashesOfBlock(block.id);
      const n = hashes.length;
      for (let i = 0; i < n; i++) if (wanted.has(index[i]) && (hashes[i] !== 0 || !keyless.has(index[n + i]))) out.add(hashes[i]);
    }
    return out;
  }

  /** Rows (in file order) whose key hash is one of these: every row of every key that has one of these hashes. */
  rowsWithKeyHashes(hashes: ReadonlySet<number>): number[] {
    const out: number[] = [];
    for (const found of this.blocksWithHashes(hashes)) {
      const blockHashes = readInts(found.keys);
      let numbers: Int32Array | undefined;
      for (let i = 0; i < blockHashes.length; i++) {
        if (!hashes.has(blockHashes[i])) continue;
        numbers ??= this.positionsOf(found.block);
        out.push(numbers[i]);
      }
    }
    return out.sort((a, b) => a - b);
  }

  /** A block's index; it starts with the block's row numbers (BlockIndex). */
  positionsOf(block: number): Int32Array {
    const found = (this.positionsStatement ??= this.db.prepare('SELECT positions FROM row_blocks WHERE id = ?')).get(block) as { positions: Buffer } | undefined;
    if (found === undefined) throw new CaseDamagedError(`block ${block} is missing`);
    return readInts(found.positions);
  }

  private keyHashesOfBlock(block: number): Int32Array {
    const found = (this.keysStatement ??= this.db.prepare('SELECT keys FROM block_keys WHERE block = ?')).get(block) as { keys: Buffer } | undefined;
    if (found === undefined) throw new CaseDamagedError(`block ${block} has no key hashes`);
    return readInts(found.keys);
  }

  /**
   * The blocks whose key hashes may include one of these, with their hashes. A few are looked for by
   * SQLite in the stored bytes (a fix of one cell copies no other block's out of the file); many by
   * reading every block's (4 MB at a million rows).
   */
  blocksWithHashes(hashes: ReadonlySet<number>): { block: number; keys: Buffer }[] {
    if (hashes.size === 0) return [];
    if (hashes.size > FEW_KEY_HASHES) return this.db.prepare('SELECT block, keys FROM block_keys').all() as { block: number; keys: Buffer }[];
    // The bytes of each hash as the block keeps it (an Int32Array's, as readInts reads it back); a
    // match across two hashes' bytes is a candidate the callers' loops leave out.
    const patterns = [...hashes].map((h) => Buffer.from(Int32Array.of(h).buffer));
    return this.db.prepare(`SELECT block, keys FROM block_keys WHERE ${patterns.map(() => 'instr(keys, ?) > 0').join(' OR ')}`).all(...patterns) as { block: number; keys: Buffer }[];
  }
}
