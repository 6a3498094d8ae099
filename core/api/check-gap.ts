/** How a case that was not checked to the end says so (RULES.md §8): the summary's gap and its sentence. */
import type { CaseSummary } from '../contract/api.ts';
import type { CaseMeta, CheckGap } from '../store/case-meta.ts';

/** What a case summary says about a check that did not finish (null: every row was checked). */
export function incompleteOf(meta: CaseMeta): CaseSummary['incomplete'] {
  if (meta.state !== 'failed') return null;
  // A case failed before gaps were recorded: its stored rows are all that is known.
  const gap: CheckGap = meta.incomplete ?? { reason: 'failed', checkedRows: meta.rows };
  const out: NonNullable<CaseSummary['incomplete']> = { reason: gap.reason, checkedRows: gap.checkedRows };
  if (gap.totalRows !== undefined) out.totalRows = gap.totalRows;
  // Rounded down, but never "0 %" once rows were read, nor "100 %" for a read that stopped.
  else if (gap.bytesRead !== undefined && gap.totalBytes) out.percent = Math.min(99, Math.max(gap.checkedRows > 0 ? 1 : 0, Math.floor((gap.bytesRead / gap.totalBytes) * 100)));
  if (meta.failure !== undefined) out.failure = meta.failure;
  return out;
}

/** "Only 92,000 of 200,000 rows were checked: the check was cancelled." */
export function describeGap(gap: NonNullable<CaseSummary['incomplete']>): string {
  const checked = gap.checkedRows.toLocaleString('en');
  const how = gap.totalRows !== undefined ? `${checked} of ${gap.totalRows.toLocaleString('en')} rows` : gap.percent !== undefined ? `${checked} rows (about ${gap.percent}% of the file)` : `${checked} rows`;
  return `Only ${how} were checked: the check ${gap.reason === 'cancelled' ? 'was cancelled' : 'failed'}.`;
}
