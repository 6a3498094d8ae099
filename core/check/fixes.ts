/**
 * Accepting proposed fixes: replace each fixed cell, then let the caller re-check the row.
 * When several issues propose fixes for one cell, the value-specific fix wins over plain trimming
 * (e.g. phone.format's E.164 over cell.whitespace's trimmed text).
 */
import type { Issue } from '../model.ts';

export type FixAcceptor = (issue: Issue) => boolean;

/** Accepts the fixes of the given codes; `all` accepts every proposed fix. */
export function acceptCodes(codes: readonly string[]): FixAcceptor | undefined {
  if (codes.length === 0) return undefined;
  if (codes.includes('all')) return () => true;
  const wanted = new Set(codes);
  return (issue) => wanted.has(issue.code);
}

/** The row's cells with accepted fixes applied, or undefined when nothing changes. */
export function applyFixes(cells: readonly string[], issues: readonly Issue[], accept: FixAcceptor): string[] | undefined {
  const chosen = new Map<number, Issue>();
  for (const issue of issues) {
    if (issue.fix === undefined || issue.columnIndex === undefined || !accept(issue)) continue;
    const current = chosen.get(issue.columnIndex);
    if (!current || current.code === 'cell.whitespace') chosen.set(issue.columnIndex, issue);
  }
  let next: string[] | undefined;
  for (const [index, issue] of chosen) {
    if ((cells[index] ?? '') === issue.fix) continue;
    next ??= [...cells];
    while (next.length <= index) next.push('');
    next[index] = issue.fix!;
  }
  return next;
}

/** Re-checks until no accepted fix changes the row (a fix can reveal another, e.g. trim then format). */
export function fixAndRecheck<R extends { cells: readonly string[]; issues: readonly Issue[] }>(
  first: R,
  accept: FixAcceptor,
  recheck: (cells: string[]) => R,
  maxRounds = 3,
): R {
  let current = first;
  for (let round = 0; round < maxRounds; round++) {
    const fixed = applyFixes(current.cells, current.issues, accept);
    if (!fixed) break;
    current = recheck(fixed);
  }
  return current;
}
