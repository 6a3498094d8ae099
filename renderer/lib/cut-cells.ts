/**
 * Cells the Api sent cut (core/api/display-cells.ts: longer than an answer carries). Such a cell
 * is shown with a mark and is not edited in place: saving the edit would replace the whole value
 * with the part that was shown.
 */
import type { RowView } from '../../core/contract/api.ts';

/** The cell's full length when the Api cut it, else undefined. */
export function cutCellLength(row: Pick<RowView, 'truncated'>, columnIndex: number): number | undefined {
  return row.truncated?.find((cut) => cut.index === columnIndex)?.chars;
}
