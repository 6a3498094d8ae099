/** Duplicate contact ids found from hashes: colliding hashes are told apart by the ids themselves. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateIdsPossible, UniqueIds } from '../../core/snapshot/unique-ids.ts';

describe('duplicateIdsPossible', () => {
  it('is true exactly when two ids are the same, however their hashes collide', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('A', 'B', '~', '3'), maxLength: 4 }), { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), (ids, range) => {
        // A poor hash with a tiny range: different ids often share one, the same id always does.
        const hash = (id: string) => [...id].reduce((h, c) => h * 31 + c.charCodeAt(0), 7) % range;
        const hashes = Int32Array.from(ids, hash);
        expect(duplicateIdsPossible(hashes, (p) => ids[p])).toBe(new Set(ids).size < ids.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('UniqueIds', () => {
  it('renames a repeat <id>~<row>, and again with ~ while the new name is taken', () => {
    const unique = new UniqueIds();
    expect(unique.take('A', 2)).toEqual({ id: 'A' });
    expect(unique.take('A~4', 3)).toEqual({ id: 'A~4' });
    const repeat = unique.take('A', 4);
    expect(repeat.id).toBe('A~4~');
    expect(repeat.issue).toMatchObject({ code: 'snapshot.id_duplicate', row: 4, value: 'A', fix: 'A~4~', params: { firstRow: 2 } });
  });
});
