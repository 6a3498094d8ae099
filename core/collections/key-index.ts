/**
 * A set of strings numbered 0, 1, 2… in the order they are first seen: the simulator's key values
 * (R-M6 needs every key of a million-row file). A Map would hold a million strings and entries
 * the garbage collector walks again and again; here keys are bytes in typed arrays, found through
 * an open-addressing table of their hashes. Keys with a character beyond U+00FF (rare for phones,
 * emails and ids), or longer than a chunk, go to a Map instead.
 *
 * Key bytes go into chunks of 1 MB that are never moved: growing one array by doubling copied every
 * key again, and on a fresh machine page the copies cost more than the keys.
 */
import { FNV_OFFSET, FNV_PRIME, mixed } from '../codec/text-hash.ts';

const INITIAL_SLOTS = 1 << 12;
const CHUNK_BITS = 20;
const CHUNK_BYTES = 1 << CHUNK_BITS;

export class KeyIndex {
  /**
   * Open addressing over pairs (hash, number + 1; 0 for empty), kept at most half full: a probe
   * compares the hash in the same cache line instead of looking it up elsewhere.
   */
  private table = new Int32Array(INITIAL_SLOTS * 4);
  /** Where each key's bytes start: chunk number << CHUNK_BITS | offset in the chunk. */
  private starts = new Int32Array(INITIAL_SLOTS);
  private lengths = new Int32Array(INITIAL_SLOTS);
  private readonly chunks: Uint8Array[] = [];
  /** The chunk being filled, and how much of it is. */
  private chunk = new Uint8Array(INITIAL_SLOTS * 16);
  private used = 0;
  private readonly wide = new Map<string, number>();
  private readonly wideKeys = new Map<number, string>();
  /** How many keys are numbered. */
  size = 0;

  /** The key's number, or -1 when it has none yet. */
  get(key: string): number {
    const hash = key.length > CHUNK_BYTES ? WIDE : hashOf(key);
    if (hash === WIDE) return this.wide.get(key) ?? -1;
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const entry = table[2 * at + 1];
      if (entry === 0) return -1;
      if (table[2 * at] === hash && this.equals(entry - 1, key)) return entry - 1;
    }
  }

  /** The key's number, numbering it if it is new. */
  add(key: string): number {
    const hash = key.length > CHUNK_BYTES ? WIDE : hashOf(key);
    if (hash === WIDE) {
      let number = this.wide.get(key);
      if (number === undefined) {
        number = this.claim(0, 0);
        this.wide.set(key, number);
        this.wideKeys.set(number, key);
      }
      return number;
    }
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let at = hash & mask;
    for (; ; at = (at + 1) & mask) {
      const entry = table[2 * at + 1];
      if (entry === 0) break;
      if (table[2 * at] === hash && this.equals(entry - 1, key)) return entry - 1;
    }
    if (this.used + key.length > this.chunk.length) this.nextChunk(key.length);
    const chunk = this.chunk;
    let used = this.used;
    const start = (this.chunks.length << CHUNK_BITS) | used;
    for (let i = 0; i < key.length; i++) chunk[used++] = key.charCodeAt(i);
    this.used = used;
    const number = this.claim(start, key.length);
    table[2 * at] = hash;
    table[2 * at + 1] = number + 1;
    if (this.size * 4 > table.length) this.rehash();
    return number;
  }

  /** The key numbered `number`. */
  keyOf(number: number): string {
    const wide = this.wideKeys.get(number);
    if (wide !== undefined) return wide;
    const start = this.starts[number];
    const chunk = this.chunkOf(start);
    const offset = start & (CHUNK_BYTES - 1);
    return Buffer.from(chunk.buffer, chunk.byteOffset + offset, this.lengths[number]).toString('latin1');
  }

  /** The chunk the bytes at `start` are in: a full one, or the one being filled. */
  private chunkOf(start: number): Uint8Array {
    const index = start >>> CHUNK_BITS;
    return index < this.chunks.length ? this.chunks[index] : this.chunk;
  }

  /** Room for a key of `length` bytes: the chunk grows up to CHUNK_BYTES, then a new one starts. */
  private nextChunk(length: number): void {
    if (this.chunk.length < CHUNK_BYTES) {
      // Small lists stay small: the first chunk doubles (moving its few keys) until it is full size.
      const grown = new Uint8Array(Math.min(CHUNK_BYTES, Math.max(this.chunk.length * 2, this.used + length)));
      if (this.used + length <= grown.length) {
        grown.set(this.chunk.subarray(0, this.used));
        this.chunk = grown;
        return;
      }
    }
    this.chunks.push(this.chunk.subarray(0, this.used));
    this.chunk = new Uint8Array(CHUNK_BYTES);
    this.used = 0;
  }

  private claim(start: number, length: number): number {
    const number = this.size++;
    if (number === this.starts.length) {
      this.starts = grow(this.starts);
      this.lengths = grow(this.lengths);
    }
    this.starts[number] = start;
    this.lengths[number] = length;
    return number;
  }

  private equals(number: number, key: string): boolean {
    if (this.lengths[number] !== key.length) return false;
    const start = this.starts[number];
    const bytes = this.chunkOf(start);
    const offset = start & (CHUNK_BYTES - 1);
    for (let i = 0; i < key.length; i++) if (bytes[offset + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  /** Twice the slots: every pair moved to its place in the larger table (wide keys are not in it). */
  private rehash(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = (table.length >> 1) - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      let at = old[i] & mask;
      while (table[2 * at + 1] !== 0) at = (at + 1) & mask;
      table[2 * at] = old[i];
      table[2 * at + 1] = old[i + 1];
    }
    this.table = table;
  }
}

function grow(column: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(column.length * 2);
  grown.set(column);
  return grown;
}

/** `hashOf` of a key with a character beyond U+00FF (not a 32-bit integer, so no hash equals it). */
const WIDE = 0.5;


/** FNV-1a over the characters, mixed so that nearby keys spread over the table; WIDE for a wide key. */
function hashOf(key: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code > 0xff) return WIDE;
    hash = Math.imul(hash ^ code, FNV_PRIME);
  }
  return mixed(hash);
}
