/**
 * The test oracle for CaseStore.counts: the plain path (every row read, filtered and counted one by
 * one with core/store/excluded-query.ts, which the excluded-rows filter also uses), which the
 * signature-based counts (row-counts.ts) must equal.
 */
import type { CaseStore, Counts, RowQuery } from '../../core/store/case-store.ts';
import { countOf, matchesQuery } from '../../core/store/excluded-query.ts';

export function countsByScan(store: CaseStore, filter: RowQuery): Counts {
  const rows = [];
  for (const page of store.allRows()) for (const r of page) if (matchesQuery(r, filter)) rows.push(r);
  return countOf(rows);
}
