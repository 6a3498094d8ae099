/**
 * Review: file facts and issues, outcome counts, issue charts, filters, the grid and the selected row.
 * The review fills the window: the summary strip has a capped height (its cards scroll) and can be
 * hidden, and the grid takes the rest (styles.css, "Case screen layout").
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RowFilter } from '../../../core/contract/api.ts';
import { useCase } from '../../state/case.tsx';
import type { RowSort } from '../../state/use-row-pages.ts';
import { CellDetail, type InspectedCell } from './CellDetail.tsx';
import { EditTools } from './EditTools.tsx';
import { FileCard } from './FileCard.tsx';
import { FileIssues } from './FileIssues.tsx';
import { FilterBar } from './FilterBar.tsx';
import { FixLog } from './FixLog.tsx';
import { IssueCharts } from './IssueCharts.tsx';
import { OutcomeSummary } from './OutcomeSummary.tsx';
import { RowGrid } from './RowGrid.tsx';
import { RowPanel } from './RowPanel.tsx';

const SUMMARY_KEY = 'listprep.summaryHidden';

function readSummaryHidden(): boolean {
  try {
    return globalThis.localStorage?.getItem(SUMMARY_KEY) === '1';
  } catch {
    return false;
  }
}

export interface ReviewState {
  filter: RowFilter;
  sort: RowSort | undefined;
}

export function ReviewTab({ state, onChange }: { state: ReviewState; onChange(next: ReviewState): void }) {
  const { t } = useTranslation();
  const { caseId, summary, counts, version, applyFix } = useCase();
  const [selectedRow, setSelectedRow] = useState<number | null>(null);
  const [shown, setShown] = useState<number | null>(null);
  const [pointed, setPointed] = useState<InspectedCell | null>(null);
  const [focused, setFocused] = useState<InspectedCell | null>(null);
  // The summary cards fold away to give the grid the window's height; the choice is remembered.
  const [summaryHidden, setSummaryHidden] = useState(readSummaryHidden);
  const toggleSummary = () => {
    setSummaryHidden(!summaryHidden);
    try {
      globalThis.localStorage?.setItem(SUMMARY_KEY, summaryHidden ? '0' : '1');
    } catch {
      // Storage may be unavailable; the choice then lasts for this session.
    }
  };
  const onInspect = useCallback((cell: InspectedCell | null, via: 'pointer' | 'focus') => (via === 'pointer' ? setPointed(cell) : setFocused(cell)), []);
  const onFilter = useCallback((change: Partial<RowFilter>) => {
    const filter = { ...state.filter, ...change };
    for (const k of Object.keys(filter) as Array<keyof RowFilter>) if (filter[k] === undefined) delete filter[k];
    onChange({ ...state, filter });
  }, [state, onChange]);
  const onEditCell = useCallback(async (row: number, columnIndex: number, value: string) => {
    await applyFix({ kind: 'cell', row, columnIndex, value });
  }, [applyFix]);

  if (!summary) return <p className="muted">{t('app.loading')}</p>;
  return (
    <div className="review">
      <div className="review-top" id="review-summary" hidden={summaryHidden}>
        <FileCard />
        <section className="card" aria-labelledby="outcomes-title">
          <h2 id="outcomes-title" className="card-title">
            {t('summary.title')}
          </h2>
          {counts && (
            <OutcomeSummary
              counts={counts}
              titleId="outcomes-title"
              selected={state.filter.outcome}
              onSelect={(outcome) => onFilter({ outcome })}
              excluded={counts.excluded && counts.excluded.rows > 0 ? { ...counts.excluded, selected: state.filter.excluded === true, onToggle: () => onFilter({ excluded: state.filter.excluded ? undefined : true }) } : undefined}
            />
          )}
        </section>
        {counts && <IssueCharts counts={counts} filter={state.filter} onFilter={onFilter} />}
      </div>
      <FileIssues />
      <FilterBar
        filter={state.filter}
        onFilter={onFilter}
        sort={state.sort}
        onSort={(sort) => onChange({ ...state, sort })}
        columns={summary.columns}
        counts={counts}
        shown={shown}
      >
        <EditTools columns={summary.columns} filter={state.filter} shown={shown} />
        <button type="button" className="btn btn-small summary-toggle" aria-expanded={!summaryHidden} aria-controls="review-summary" onClick={toggleSummary}>
          {summaryHidden ? t('a11y.summaryShow') : t('a11y.summaryHide')}
        </button>
      </FilterBar>
      <div className="review-main">
        <div className="grid-area">
          <CellDetail cell={pointed ?? focused} />
          <RowGrid
            caseId={caseId}
            columns={summary.columns}
            filter={state.filter}
            sort={state.sort}
            version={version}
            onSelectRow={setSelectedRow}
            onEditCell={onEditCell}
            onTotal={setShown}
            onInspect={onInspect}
            hasExcluded={counts?.excluded !== undefined && counts.excluded.rows > 0}
          />
        </div>
        <aside className="review-side" aria-label={t('rowPanel.aside')}>
          <RowPanel row={selectedRow} />
          <FixLog />
        </aside>
      </div>
    </div>
  );
}
