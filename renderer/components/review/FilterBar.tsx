/** Filters (severity, code, column, outcome), text search and sort for the grid. */
import { useEffect, useEffectEvent, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnView, Counts, RowFilter } from '../../../core/contract/api.ts';
import { useIssueLabel } from '../../i18n/issue-text.ts';
import type { RowSort } from '../../state/use-row-pages.ts';
import { revealInvisible } from '../../lib/visible-text.ts';
import { OUTCOMES, SEVERITIES } from '../../../core/model.ts';
import { FILTER_SHORTCUT_ARIA, filterShortcutLabel, isFilterShortcut } from '../../lib/keyboard.ts';

export const SORTS: Array<{ id: string; sort: RowSort | undefined }> = [
  { id: 'row', sort: undefined },
  { id: 'worstFirst', sort: { by: 'severity', dir: 'desc' } },
  { id: 'outcome', sort: { by: 'outcome', dir: 'asc' } },
  { id: 'rowDesc', sort: { by: 'row', dir: 'desc' } },
];

export const SEARCH_DELAY_MS = 250;

export function FilterBar({ filter, onFilter, sort, onSort, columns, counts, shown, children }: {
  filter: RowFilter;
  onFilter(change: Partial<RowFilter>): void;
  sort: RowSort | undefined;
  onSort(sort: RowSort | undefined): void;
  columns: ColumnView[];
  counts: Counts | null;
  shown: number | null;
  /** Controls of the review placed at the bar's end (the edit buttons, the summary toggle): no row of their own, so the grid keeps its height. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const label = useIssueLabel();
  const id = useId();
  const [text, setText] = useState(filter.text ?? '');
  const search = useRef<HTMLInputElement>(null);
  // Ctrl/Cmd+F from anywhere on the review goes to the search field (shown in its placeholder).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isFilterShortcut(e) || document.querySelector('[role="dialog"]')) return;
      e.preventDefault();
      search.current?.focus();
      search.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  // The field follows the filter when it changes from outside (cleared, or set by a link).
  const [textOf, setTextOf] = useState(filter.text);
  if (textOf !== filter.text) {
    setTextOf(filter.text);
    setText(filter.text ?? '');
  }
  // Typing searches once it pauses. Effect events: only the typed text restarts the pause.
  const isNewSearch = useEffectEvent((next: string | undefined) => next !== filter.text);
  const searchFor = useEffectEvent((next: string | undefined) => onFilter({ text: next }));
  useEffect(() => {
    const next = text.trim() === '' ? undefined : text;
    if (!isNewSearch(next)) return;
    const timer = setTimeout(() => searchFor(next), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const sortId = SORTS.find((s) => JSON.stringify(s.sort) === JSON.stringify(sort))?.id ?? 'row';
  const active = Object.values(filter).some((v) => v !== undefined);
  const codes = counts?.byCode.map((c) => c.code) ?? [];
  if (filter.code && !codes.includes(filter.code)) codes.unshift(filter.code);

  return (
    <div className="filter-bar" role="search" aria-label={t('filters.label')}>
      <div className="field field-search">
        <label htmlFor={`${id}-text`} className="visually-hidden">
          {t('filters.search')}
        </label>
        <input
          ref={search}
          id={`${id}-text`}
          type="search"
          value={text}
          placeholder={t('filters.searchPlaceholder')}
          title={t('filters.searchHint', { keys: filterShortcutLabel() })}
          aria-keyshortcuts={FILTER_SHORTCUT_ARIA}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-sev`} className="visually-hidden">
          {t('filters.severity')}
        </label>
        <select id={`${id}-sev`} value={filter.severity ?? ''} onChange={(e) => onFilter({ severity: (e.target.value || undefined) as RowFilter['severity'] })}>
          <option value="">{t('filters.allSeverities')}</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {t(`severity.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-code`} className="visually-hidden">
          {t('filters.code')}
        </label>
        <select id={`${id}-code`} className="filter-code" value={filter.code ?? ''} onChange={(e) => onFilter({ code: e.target.value || undefined })}>
          <option value="">{t('filters.allCodes')}</option>
          {codes.map((c) => (
            <option key={c} value={c}>
              {label(c) === c ? c : t('filters.codeOption', { label: label(c), code: c })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-col`} className="visually-hidden">
          {t('filters.column')}
        </label>
        <select
          id={`${id}-col`}
          value={filter.columnIndex === undefined ? '' : String(filter.columnIndex)}
          onChange={(e) => onFilter({ columnIndex: e.target.value === '' ? undefined : Number(e.target.value) })}
        >
          <option value="">{t('filters.allColumns')}</option>
          {columns.map((c) => (
            <option key={c.index} value={c.index}>
              {revealInvisible(c.header)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-outcome`} className="visually-hidden">
          {t('filters.outcome')}
        </label>
        <select id={`${id}-outcome`} value={filter.outcome ?? ''} onChange={(e) => onFilter({ outcome: (e.target.value || undefined) as RowFilter['outcome'] })}>
          <option value="">{t('filters.allOutcomes')}</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`outcome.${o}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-sort`} className="visually-hidden">
          {t('filters.sort')}
        </label>
        <select id={`${id}-sort`} value={sortId} onChange={(e) => onSort(SORTS.find((s) => s.id === e.target.value)?.sort)}>
          {SORTS.map((s) => (
            <option key={s.id} value={s.id}>
              {t(`filters.sorts.${s.id}`)}
            </option>
          ))}
        </select>
      </div>
      {(counts?.excluded !== undefined || filter.excluded) && (
        <button type="button" className="btn btn-small" aria-pressed={filter.excluded === true} onClick={() => onFilter({ excluded: filter.excluded ? undefined : true })}>
          {t('filters.excludedOnly')}
        </button>
      )}
      <button type="button" className="btn" disabled={!active} onClick={() => onFilter({ severity: undefined, code: undefined, columnIndex: undefined, outcome: undefined, text: undefined, excluded: undefined })}>
        {t('filters.clear')}
      </button>
      <span className="filter-count" role="status">
        {shown === null ? t('filters.loading') : active ? t('filters.shownOf', { shown, count: counts?.rows ?? shown }) : t('filters.shownAll', { count: shown })}
      </span>
      {children}
    </div>
  );
}
