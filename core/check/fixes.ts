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

/**
 * Which fix wins when several target one cell: plain trimming least, a time-zone conversion most
 * (it also writes the canonical form), otherwise the first proposed.
 */
function precedence(code: string): number {
  return code === 'cell.whitespace' ? 0 : code === 'datetime.timezone' ? 2 : 1;
}

/** The fix applied to each cell (one per cell), among the accepted ones. */
export function chooseFixes(issues: readonly Issue[], accept: FixAcceptor): Map<number, Issue> {
  const chosen = new Map<number, Issue>();
  for (const issue of issues) {
    if (issue.fix === undefined || issue.columnIndex === undefined || !accept(issue)) continue;
    const current = chosen.get(issue.columnIndex);
    if (!current || precedence(issue.code) > precedence(current.code)) chosen.set(issue.columnIndex, issue);
  }
  return chosen;
}

/** The row's cells with accepted fixes applied, or undefined when nothing changes. */
export function applyFixes(cells: readonly string[], issues: readonly Issue[], accept: FixAcceptor): string[] | undefined {
  let next: string[] | undefined;
  for (const [index, issue] of chooseFixes(issues, accept)) {
    if ((cells[index] ?? '') === issue.fix) continue;
    next ??= [...cells];
    while (next.length <= index) next.push('');
    next[index] = issue.fix!;
  }
  return next;
}

/**
 * Re-checks until no accepted fix changes the row (a fix can reveal another, e.g. trim then format).
 * A code is applied to a cell at most once: a time-zone conversion (R-V7) proposed again on its own
 * result must not shift the time a second time.
 */
export function fixAndRecheck<R extends { cells: readonly string[]; issues: readonly Issue[] }>(
  first: R,
  accept: FixAcceptor,
  recheck: (cells: string[]) => R,
  maxRounds = 3,
): R {
  const applied = new Set<string>();
  const once: FixAcceptor = (issue) => accept(issue) && !applied.has(`${issue.columnIndex}:${issue.code}`);
  let current = first;
  for (let round = 0; round < maxRounds; round++) {
    const fixed = applyFixes(current.cells, current.issues, once);
    if (!fixed) break;
    for (const [index, issue] of chooseFixes(current.issues, once)) applied.add(`${index}:${issue.code}`);
    current = recheck(fixed);
  }
  return current;
}

/** Cells a time-zone conversion was accepted for (row:column → the converted value). */
export type ConvertedCells = ReadonlyMap<string, string>;

/** Drops `datetime.timezone` proposals on cells whose value is already the result of that conversion. */
export function withoutRepeatedConversions(issues: Issue[], row: number, converted: ConvertedCells | undefined): Issue[] {
  if (!converted || converted.size === 0) return issues;
  return issues.filter((i) => i.code !== 'datetime.timezone' || converted.get(`${row}:${i.columnIndex}`) !== i.value);
}
