/**
 * The test oracle for CaseStore.counts: counts of the rows matching a filter, straight from every
 * row's issues, which is the definition `counts` (row-counts.ts, from signatures) keeps to. Reads
 * every row.
 */
import { emptyOutcomeCounts, emptySeverityCounts, SEVERITY_RANK } from '../../core/model.ts';
import type { CaseStore, Counts, RowQuery } from '../../core/store/case-store.ts';
import { earlierName, orderedCounts } from '../../core/store/row-counts.ts';
import { asciiLower, hasText } from '../../core/store/row-pages.ts';

export function countsByScan(store: CaseStore, filter: RowQuery): Counts {
  const rank = filter.severity === undefined ? undefined : SEVERITY_RANK[filter.severity];
  const text = asciiLower(filter.text?.trim() ?? '');
  const byOutcome = emptyOutcomeCounts();
  const bySeverity = emptySeverityCounts();
  const codes = new Map<string, { severity: number; count: number; fixable: number }>();
  const columns = new Map<number, { name: string | null; count: number }>();
  let rows = 0;
  const byIssue = filter.code !== undefined || filter.columnIndex !== undefined || filter.severity !== undefined;
  for (const page of store.allRows()) {
    for (const r of page) {
      if (filter.outcome !== undefined && r.outcome !== filter.outcome) continue;
      if (text !== '' && !hasText(r.cells, text)) continue;
      if (byIssue && !r.issues.some((i) => (filter.code === undefined || i.code === filter.code) && (rank === undefined || SEVERITY_RANK[i.severity] === rank)
        && (filter.columnIndex === undefined || i.columnIndex === filter.columnIndex))) continue;
      rows++;
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
  }
  return orderedCounts(rows, byOutcome, bySeverity, codes, columns);
}
