/**
 * Api answers are bounded (issue #16): a cell, or a simulated change, longer than the answer's cap
 * is sent as its first characters, and the row says which cells were cut and how long they are
 * (`truncated`). The grid needs a few lines of a cell, the row detail a little more; the whole value
 * stays in the case and goes into the exports unchanged. Without this a page of two rows with a
 * huge cell was a 126 MB answer.
 */
import type { RowView } from '../contract/api.ts';

/** queryRows: a page of up to 1,000 rows; a grid cell shows a line or two. */
export const PAGE_CELL_CHARS = 4_096;
/** getRow: one row, shown whole in the detail panel. */
export const ROW_CELL_CHARS = 65_536;

export interface CutCell {
  index: number;
  chars: number;
}

type Change = NonNullable<RowView['changes']>[number];

/** The cells as sent, and which were cut (none: `truncated` is absent). */
export function displayCells(cells: readonly string[], cap: number): { cells: string[]; truncated?: CutCell[] } {
  let truncated: CutCell[] | undefined;
  const shown = cells.map((cell, index) => {
    if (cell.length <= cap) return cell;
    (truncated ??= []).push({ index, chars: cell.length });
    return cell.slice(0, cap);
  });
  return truncated ? { cells: shown, truncated } : { cells: shown };
}

/** Simulated changes carry cell values too: cut the same way (a change is descriptive, never applied from here). */
export function displayChanges(changes: readonly Change[], cap: number): Change[] {
  const cut = (value: string) => (value.length <= cap ? value : `${value.slice(0, cap)}…`);
  return changes.map((change) => ({ field: change.field, from: cut(change.from), to: cut(change.to) }));
}
