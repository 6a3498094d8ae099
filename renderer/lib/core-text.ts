/**
 * Texts the core writes in English, shown in the user's language: a running job's phase (its known
 * forms, core/jobs/tasks.ts; an unknown one is shown as it is in English and left out in Chinese) and
 * the fix log's entries (from their structured fix).
 */
import type { TFunction } from 'i18next';
import type { ColumnView, LoggedFix } from '../../core/contract/api.ts';
import { issueLabel, type Lang } from '../../core/rules/messages.ts';
import { formatCount } from './format.ts';
import { revealInvisible } from './visible-text.ts';

const PHASES: Array<[RegExp, string]> = [
  [/^Starting…$/, 'starting'],
  [/^Checking rows…\s*([\d,]*)$/, 'checking'],
  [/^Re-checking rows…\s*([\d,]*)$/, 'rechecking'],
  [/^Replaying the import…$/, 'replaying'],
  [/^Unifying profiles…$/, 'unifying'],
  [/^Writing files…\s*([\d,]*)(?: rows)?$/, 'writing'],
  [/^Done$/, 'done'],
  [/^Cancelled$/, 'cancelled'],
  [/^Failed$/, 'failed'],
];

/** A job's phase in the user's language; null when it is unknown and the language is not English. */
export function phaseText(phase: string, lang: Lang, t: TFunction): string | null {
  // A job waiting for a free slot (core/jobs/job-manager.ts, waitingPhase).
  const waiting = /^Waiting to start…\s*(\d+) in line$/.exec(phase);
  if (waiting) return t('jobs.phase.waiting', { place: formatCount(Number(waiting[1]), lang) });
  for (const [pattern, key] of PHASES) {
    const match = pattern.exec(phase);
    if (!match) continue;
    const rows = match[1]?.replace(/,/g, '');
    return rows ? t(`jobs.phase.${key}Rows`, { rows: formatCount(Number(rows), lang) }) : t(`jobs.phase.${key}`);
  }
  return lang === 'en' ? phase : null;
}

/** A fix-log entry in the user's language, from its structured fix; columns named by their header, codes by their label. */
export function fixLogText(entry: { fix: LoggedFix; changedRows: number; description: string }, t: TFunction, columns: readonly ColumnView[], lang: Lang): string {
  const column = (index: number) => {
    const header = columns.find((c) => c.index === index)?.header;
    return header === undefined ? String(index + 1) : revealInvisible(header);
  };
  const { fix } = entry;
  switch (fix.kind) {
    // After a rename the column's header is the new name, so the entry keeps the column's number.
    case 'header':
      return t('fixLog.entry.header', { column: fix.columnIndex + 1, to: revealInvisible(fix.to) });
    case 'cell':
      return t('fixLog.entry.cell', { row: fix.row, column: column(fix.columnIndex) });
    case 'issue':
      return t('fixLog.entry.issue', { label: issueLabel(fix.code, lang), code: fix.code, row: fix.row });
    case 'code':
      return t('fixLog.entry.code', { label: issueLabel(fix.code, lang), code: fix.code, count: entry.changedRows });
    case 'mapping':
      return t('fixLog.entry.mapping', { count: entry.changedRows });
    case 'replace': {
      const where = fix.columnIndex === undefined ? t('fixLog.entry.everyColumn') : t('fixLog.entry.inColumn', { column: column(fix.columnIndex) });
      return t('fixLog.entry.replace', { find: revealInvisible(fix.find), replace: revealInvisible(fix.replace), where, count: entry.changedRows });
    }
    case 'set':
      return t('fixLog.entry.set', { column: column(fix.columnIndex), value: revealInvisible(fix.value), count: entry.changedRows });
    case 'exclude':
      return t(fix.excluded ? 'fixLog.entry.exclude' : 'fixLog.entry.include', { count: entry.changedRows });
    default:
      return entry.description;
  }
}
