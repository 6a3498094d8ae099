/**
 * §7: contact ids are unique; a repeated id is renamed `<id>~<row>` (more `~` until it is new) and
 * reported as `snapshot.id_duplicate`. In reading order, one id at a time (`UniqueIds`); or, for a
 * packed snapshot of a million contacts, afterwards (`duplicateIdsPossible`): ids are only hashed
 * while reading, and the exact check runs only when two hashes are the same and so are their ids.
 */
import type { Issue } from '../model.ts';
import { makeIssue } from '../rules/issue.ts';
import { KeyIndex } from '../collections/key-index.ts';
import { IntColumn } from '../collections/int-column.ts';

export class UniqueIds {
  private readonly ids = new KeyIndex();
  /** The row each id was first read on, by its number in `ids`. */
  private readonly firstRowOf = new IntColumn();

  /** The id to keep for `id` read on `row`, with the issue when it had been read before. */
  take(id: string, row: number): { id: string; issue?: Issue } {
    // Numbered on first sight; a number below the count of ids seen before is a duplicate.
    const seen = this.ids.add(id);
    if (seen === this.firstRowOf.length) {
      this.firstRowOf.push(row);
      return { id };
    }
    const firstRow = this.firstRowOf.get(seen);
    let unique = `${id}~${row}`;
    while (this.ids.get(unique) !== -1) unique += '~';
    this.ids.add(unique);
    this.firstRowOf.push(row);
    return { id: unique, issue: makeIssue('snapshot.id_duplicate', { row, field: 'contact_id', value: id, fix: unique }, { firstRow }) };
  }
}

/**
 * Whether some ids may repeat, from their hashes: false proves every id distinct. When hashes
 * repeat, the ids behind them are compared (`idAt`), so true means two ids are the same.
 */
export function duplicateIdsPossible(hashes: Int32Array, idAt: (position: number) => string): boolean {
  const sorted = hashes.slice().sort();
  const repeated = new Set<number>();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) repeated.add(sorted[i]);
  if (repeated.size === 0) return false;
  const idsOfHash = new Map<number, Set<string>>();
  for (let position = 0; position < hashes.length; position++) {
    if (!repeated.has(hashes[position])) continue;
    let ids = idsOfHash.get(hashes[position]);
    if (ids === undefined) idsOfHash.set(hashes[position], (ids = new Set()));
    const id = idAt(position);
    if (ids.has(id)) return true;
    ids.add(id);
  }
  return false;
}
