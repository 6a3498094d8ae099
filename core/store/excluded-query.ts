/**
 * The grid's "excluded rows" filter: the rows in excluded_rows (few, chosen by hand) are read and
 * filtered, sorted and counted here, row by row, by the same definitions as the signature-based
 * pages and counts (row-pages.ts, row-counts.ts; test/store/counts-by-scan.ts is the oracle).
 */
import { emptyOutcomeCounts, emptySeverityCounts, OUTCOMES, SEVERITY_RANK } from '../model.ts';
import { earlierName, orderedCounts } from './row-counts.ts';
import { asciiLower, hasText } from './row-pages.ts';
import type { Counts, RowQuery, RowRecord, RowSort } from './row-types.ts';

/** Whether a row matches a filter (issue conditions combine on the same issue). */
export function matchesQuery(r: RowRecord, filter: RowQuery): boolean {
  const rank = filter.severity === undefined ? undefined : SEVERITY_RANK[filter.severity];
  const text = asciiLower(filter.text?.trim() ?? '');
  if (filter.outcome !== undefined && r.outcome !== filter.outcome) return false;
  if (text !== '' && !hasText(r.cells, text)) return false;
  const byIssue = filter.code !== undefined || filter.columnIndex !== undefined || filter.severity !== undefined;
  return !byIssue || r.issues.some((i) => (filter.code === undefined || i.code === filter.code) && (rank === undefined || SEVERITY_RANK[i.severity] === rank)
    && (filter.columnIndex === undefined || i.columnIndex === filter.columnIndex));
}

/** A page of rows (in file order) in a sort order. */
export function pageOf(rows: readonly RowRecord[], offset: number, limit: number, sort?: RowSort): { total: number; rows: RowRecord[] } {
  const worst = (r: RowRecord) => (r.severity === undefined ? 0 : SEVERITY_RANK[r.severity]);
  const rank = sort === undefined || sort.by === 'row' ? () => 0 : sort.by === 'severity' ? worst : (r: RowRecord) => OUTCOMES.indexOf(r.outcome);
  const sign = sort?.dir === 'desc' ? -1 : 1;
  // Within a class of severity or outcome, rows stay in file order (as the store's pages keep them).
  const ordered = [...rows].sort((a, b) => (sort === undefined || sort.by === 'row' ? sign * (a.row - b.row) : sign * (rank(a) - rank(b)) || a.row - b.row));
  return { total: ordered.length, rows: ordered.slice(offset, offset + limit) };
}

export function countOf(rows: readonly RowRecord[]): Counts {
  const byOutcome = emptyOutcomeCounts();
  const bySeverity = emptySeverityCounts();
  const codes = new Map<string, { severity: number; count: number; fixable: number }>();
  const columns = new Map<number, { name: string | null; count: number }>();
  for (const r of rows) {
    byOutcome[r.outcome]++;
    for (const severity of new Set(r.issues.map((i) => i.severity))) bySeverity[severity]++;
    const rowCodes = new Map<string, { severity: number; fixable: boolean }>();
    for (const i of r.issues) {
      const seen = rowCodes.get(i.code);
      rowCodes.set(i.code, { severity: Math.max(seen?.severity ?? 0, SEVERITY_RANK[i.severity]), fixable: (seen?.fixable ?? false) || i.fix !== undefined });
    }
    for (const [code, seen] of rowCodes) {
      const tally = codes.get(code) ?? codes.set(code, { severity: 0, count: 0, fixable: 0 }).get(code)!;
      tally.severity = Math.max(tally.severity, seen.severity);
      tally.count++;
      if (seen.fixable) tally.fixable++;
    }
    const rowColumns = new Map<number, string | null>();
    for (const i of r.issues) {
      if (i.columnIndex === undefined) continue;
      const known = rowColumns.get(i.columnIndex);
      const name = i.column ?? null;
      rowColumns.set(i.columnIndex, known === undefined ? name : earlierName(known, name));
    }
    for (const [col, name] of rowColumns) {
      const tally = columns.get(col) ?? columns.set(col, { name: null, count: 0 }).get(col)!;
      tally.count++;
      tally.name = earlierName(tally.name, name);
    }
  }
  return orderedCounts(rows.length, byOutcome, bySeverity, codes, columns);
}
