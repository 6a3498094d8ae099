/**
 * Counts of the rows matching a filter, from the rows' signatures: the rows per (signature,
 * outcome) in block_groups (or, for a text search, of the rows found), then a few hundred
 * signatures added up. test/store/counts-by-scan.ts counts the same from every row's issues, and
 * the store tests hold the two equal.
 */
import type Database from 'better-sqlite3';
import { OUTCOMES, emptyOutcomeCounts, emptySeverityCounts, type Outcome, type Severity } from '../model.ts';
import { CaseDamagedError, SEVERITY_OF } from '../codec/row-blocks.ts';
import { groupConditions, hitsIn, type RowPages } from './row-pages.ts';
import type { Signatures } from './signatures.ts';
import type { Counts, RowQuery } from './row-types.ts';

/** SQLite's order for TEXT (its default collation compares UTF-8 bytes). */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The earlier of two column names in SQLite's order, as MIN(column_name) gives it (NULL when both are). */
export function earlierName(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  return b === null || compareUtf8(a, b) <= 0 ? a : b;
}

/** Counts as the Api gives them: codes worst and most frequent first, columns most frequent first. */
export function orderedCounts(rows: number, byOutcome: Record<Outcome, number>, bySeverity: Record<Severity, number>,
  codes: ReadonlyMap<string, { severity: number; count: number; fixable: number }>, columns: ReadonlyMap<number, { name: string | null; count: number }>): Counts {
  const byCode = [...codes].sort(([a, x], [b, y]) => y.severity - x.severity || y.count - x.count || compareUtf8(a, b))
    .map(([code, t]) => ({ code, severity: SEVERITY_OF[t.severity], count: t.count, fixable: t.fixable }));
  const byColumn = [...columns].sort(([a, x], [b, y]) => y.count - x.count || a - b)
    .map(([col, t]) => ({ column: t.name ?? `#${col + 1}`, columnIndex: col, count: t.count }));
  return { rows, byOutcome, bySeverity, byCode, byColumn };
}

/** Rows per (signature, outcome) matching the filter. */
function groupsOf(db: Database.Database, pages: RowPages, filter: RowQuery): { sig: number; outcome: number; n: number }[] {
  const c = pages.filterClass(filter);
  const text = filter.text?.trim() ?? '';
  const groups: { sig: number; outcome: number; n: number }[] = [];
  if (text !== '') {
    const tally = new Map<number, number>();
    const hits = pages.rowsWithText(text);
    for (const k of hitsIn(hits, c)) {
      const group = hits.sig[k] * OUTCOMES.length + hits.outcome[k];
      tally.set(group, (tally.get(group) ?? 0) + 1);
    }
    for (const [group, n] of tally) groups.push({ sig: Math.floor(group / OUTCOMES.length), outcome: group % OUTCOMES.length, n });
  } else if (c.sigs === undefined || c.sigs.size > 0) {
    const { sql, params } = groupConditions(c);
    groups.push(...(db.prepare(`SELECT sig, outcome, SUM(n) AS n FROM block_groups ${sql} GROUP BY sig, outcome`).all(...params) as { sig: number; outcome: number; n: number }[]));
  }
  return groups;
}

/** CaseStore.counts: counts of the rows matching a filter, added up by signature. */
export function countRows(db: Database.Database, pages: RowPages, signatureList: Signatures, filter: RowQuery): Counts {
  const groups = groupsOf(db, pages, filter);
  let signatures = signatureList.all();
  if (groups.some((g) => !signatures.has(g.sig))) signatures = signatureList.all(true);

  const byOutcome = emptyOutcomeCounts();
  const bySeverity = emptySeverityCounts();
  const codes = new Map<string, { severity: number; count: number; fixable: number }>();
  const columns = new Map<number, { name: string | null; count: number }>();
  let rows = 0;
  const rowsOfSignature = new Map<number, number>();
  for (const g of groups) {
    if (g.n === 0) continue;
    byOutcome[OUTCOMES[g.outcome]] += g.n;
    rows += g.n;
    rowsOfSignature.set(g.sig, (rowsOfSignature.get(g.sig) ?? 0) + g.n);
  }
  for (const [sig, n] of rowsOfSignature) {
    const kinds = signatures.get(sig);
    if (kinds === undefined) throw new CaseDamagedError(`its rows name a kind of issue (${sig}) it does not list`);
    const severities = new Set<number>();
    const seenCodes = new Map<string, { severity: number; fixable: boolean }>();
    const seenColumns = new Map<number, string | null>();
    for (const [code, severity, col, fixable, name] of kinds) {
      severities.add(severity);
      const seen = seenCodes.get(code);
      if (seen === undefined) seenCodes.set(code, { severity, fixable: fixable === 1 });
      else {
        seen.severity = Math.max(seen.severity, severity);
        seen.fixable ||= fixable === 1;
      }
      if (col !== null) {
        const known = seenColumns.get(col);
        seenColumns.set(col, known === undefined ? name : earlierName(known, name));
      }
    }
    for (const severity of severities) bySeverity[SEVERITY_OF[severity]] += n;
    for (const [code, seen] of seenCodes) {
      const tally = codes.get(code);
      if (tally === undefined) codes.set(code, { severity: seen.severity, count: n, fixable: seen.fixable ? n : 0 });
      else {
        tally.severity = Math.max(tally.severity, seen.severity);
        tally.count += n;
        if (seen.fixable) tally.fixable += n;
      }
    }
    for (const [col, name] of seenColumns) {
      const tally = columns.get(col);
      if (tally === undefined) columns.set(col, { name, count: n });
      else {
        tally.count += n;
        tally.name = earlierName(tally.name, name);
      }
    }
  }
  return orderedCounts(rows, byOutcome, bySeverity, codes, columns);
}
