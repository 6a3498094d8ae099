/**
 * How the UI words a check that did not finish (CaseSummary.incomplete, RULES.md §8): "checked N of M
 * rows", or, when the read stopped before the end of the file, "N rows, about P% of the file".
 */
import type { TFunction } from 'i18next';
import type { CaseSummary } from '../../core/contract/api.ts';
import type { Lang } from '../../core/rules/messages.ts';
import { formatCount } from './format.ts';

export type CheckGap = NonNullable<CaseSummary['incomplete']>;

/** The words' values: counts formatted in the user's language; `count` (the missing rows) when the total is known. */
function values(gap: CheckGap, lang: Lang) {
  return {
    checked: formatCount(gap.checkedRows, lang),
    total: gap.totalRows === undefined ? '' : formatCount(gap.totalRows, lang),
    percent: gap.percent ?? 0,
    // The missing rows, which choose the plural form ("1 row is missing", "2 rows are").
    ...(gap.totalRows === undefined ? {} : { count: Math.max(0, gap.totalRows - gap.checkedRows) }),
  };
}

/**
 * Keys for a known total; their `…Part` variant (a share of the file) when only that is known; their
 * `…Unknown` variant when the read stopped before it said how far it got.
 */
const keyFor = (gap: CheckGap, key: string) => (gap.totalRows !== undefined ? key : gap.percent !== undefined ? `${key}Part` : `${key}Unknown`);

/** "Checked 92,000 of 200,000 rows — the check was cancelled". */
export function gapTitle(gap: CheckGap, t: TFunction, lang: Lang): string {
  return t(keyFor(gap, `incomplete.${gap.reason}`), values(gap, lang));
}

/** Why Export is off, for its tooltip. */
export function gapExportReason(gap: CheckGap, t: TFunction, lang: Lang): string {
  return t(keyFor(gap, 'header.exportIncomplete'), values(gap, lang));
}

/** The export dialog's warning and the words of its confirmation, naming the missing rows. */
export function gapPartialTexts(gap: CheckGap, t: TFunction, lang: Lang): { body: string; confirm: string } {
  return { body: t(keyFor(gap, 'export.partialBody'), values(gap, lang)), confirm: t(keyFor(gap, 'export.partialConfirm'), values(gap, lang)) };
}
