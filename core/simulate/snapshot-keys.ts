/**
 * The snapshot's contacts by key value, for matching rows (R-M1, R-M4). A million contacts would
 * make a million entries in a hash table of strings, each a cache miss or two to insert; here each
 * contact's key is only hashed, and the contacts are counting-sorted into buckets by that hash (two
 * passes over typed arrays). A row's key is compared with the keys of the few contacts in its
 * bucket, read again when asked: a replay asks for far fewer keys than the snapshot holds.
 */

import { stringHash } from '../codec/text-hash.ts';

/**
 * Contacts per bucket on average: few enough that a row's key is compared with a handful of hashes,
 * enough that the bucket counts stay in the processor's cache while the contacts are sorted.
 */
const BUCKET_LOAD = 8;

/** A contact's key value, normalized as row keys are, or undefined when it has none. */
export type KeyOf = (position: number) => string | undefined;

export class SnapshotKeys {
  private readonly mask: number;
  /** Bucket b holds `positions[start[b] .. start[b + 1])`, in increasing position order, with the full hash of each key. */
  private readonly start: Int32Array;
  private readonly positions: Int32Array;
  private readonly hashes: Int32Array;

  /** `count` contacts; `keyOf` gives a contact's key (undefined: it is not matched by any row). */
  constructor(count: number, private readonly keyOf: KeyOf) {
    let buckets = 1024;
    while (buckets * BUCKET_LOAD < count) buckets *= 2;
    this.mask = buckets - 1;
    // Bucket + 1 of each contact, 0 for a contact without a key; and its key's hash.
    const bucketOf = new Int32Array(count);
    const hashOf = new Int32Array(count);
    const sizes = new Int32Array(buckets + 1);
    let keyed = 0;
    for (let position = 0; position < count; position++) {
      const key = keyOf(position);
      if (key === undefined) continue;
      const hash = stringHash(key);
      const bucket = hash & this.mask;
      bucketOf[position] = bucket + 1;
      hashOf[position] = hash;
      sizes[bucket + 1]++;
      keyed++;
    }
    for (let b = 1; b <= buckets; b++) sizes[b] += sizes[b - 1];
    this.start = sizes;
    this.positions = new Int32Array(keyed);
    this.hashes = new Int32Array(keyed);
    const next = sizes.slice(0, buckets);
    for (let position = 0; position < count; position++) {
      const bucket = bucketOf[position] - 1;
      if (bucket < 0) continue;
      this.hashes[next[bucket]] = hashOf[position];
      this.positions[next[bucket]++] = position;
    }
  }

  /** The positions of the contacts whose key is `key`, in increasing order (often none). */
  matches(key: string): number[] {
    const hash = stringHash(key);
    const bucket = hash & this.mask;
    const found: number[] = [];
    for (let i = this.start[bucket]; i < this.start[bucket + 1]; i++) {
      // The key itself is read again only when the whole hash is the same.
      if (this.hashes[i] !== hash) continue;
      const position = this.positions[i];
      if (this.keyOf(position) === key) found.push(position);
    }
    return found;
  }
}
