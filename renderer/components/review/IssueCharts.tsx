/**
 * Issues by code and by column as bars (plain SVG). A bar is a button: it filters the grid. Codes
 * with proposed fixes offer "Fix all N" (accepts every fix of that code, undoable).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Counts, RowFilter } from '../../../core/contract/api.ts';
import { useLang } from '../../i18n/index.ts';
import { formatCount } from '../../lib/format.ts';
import { useCase } from '../../state/case.tsx';
import { issueLabel } from '../../../core/rules/messages.ts';
import { IssueName, SeverityBadge } from '../IssueBits.tsx';
import { VisibleText } from '../VisibleText.tsx';

function Bar({ value, max, className }: { value: number; max: number; className: string }) {
  return (
    <svg className="bar-svg" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect className="bar-track" x={0} y={0} width={100} height={10} />
      <rect className={className} x={0} y={0} width={max > 0 ? Math.max(1, (value / max) * 100) : 0} height={10} />
    </svg>
  );
}

export function IssueCharts({ counts, filter, onFilter }: { counts: Counts; filter: RowFilter; onFilter(change: Partial<RowFilter>): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { applyFix, busy } = useCase();
  const [view, setView] = useState<'code' | 'column'>('code');
  const maxCode = Math.max(0, ...counts.byCode.map((c) => c.count));
  const maxColumn = Math.max(0, ...counts.byColumn.map((c) => c.count));

  return (
    <section className="card charts" aria-labelledby="charts-title" data-focus-group="" tabIndex={-1}>
      <div className="card-head">
        <h2 id="charts-title" className="card-title">
          {t('charts.title')}
        </h2>
        <span className="card-count">
          {view === 'code' ? t('charts.codeCount', { count: counts.byCode.length }) : t('charts.columnCount', { count: counts.byColumn.length })}
        </span>
        <div className="segmented" role="group" aria-label={t('charts.groupBy')}>
          <button type="button" className="seg" aria-pressed={view === 'code'} onClick={() => setView('code')}>
            {t('charts.byCode')}
          </button>
          <button type="button" className="seg" aria-pressed={view === 'column'} onClick={() => setView('column')}>
            {t('charts.byColumn')}
          </button>
        </div>
      </div>
      {view === 'code' ? (
        counts.byCode.length === 0 ? (
          <p className="muted">{t('charts.noIssues')}</p>
        ) : (
          <ul className="bars">
            {counts.byCode.map((c) => {
              const active = filter.code === c.code;
              return (
                <li key={c.code} className="bar-item" data-code={c.code}>
                  <button
                    type="button"
                    className="bar-button"
                    aria-pressed={active}
                    onClick={() => onFilter({ code: active ? undefined : c.code })}
                  >
                    {/* The name is the visible text (label in name, WCAG 2.5.3) plus a hidden hint. */}
                    <SeverityBadge severity={c.severity} />{' '}
                    <IssueName code={c.code} />{' '}
                    <Bar value={c.count} max={maxCode} className={`fill-sev-${c.severity}`} />
                    <span className="bar-count">{formatCount(c.count, lang)}</span>{' '}
                    <span className="visually-hidden">{t('charts.showRows')}</span>
                  </button>
                  {c.fixable > 0 && (
                    <button
                      type="button"
                      className="btn btn-fix btn-small"
                      disabled={busy}
                      data-code={c.code}
                      aria-label={t('fixes.fixAllLabel', { count: c.fixable, label: issueLabel(c.code, lang), code: c.code })}
                      onClick={() => void applyFix({ kind: 'code', code: c.code })}>
                      {t('fixes.fixAll', { count: c.fixable })}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )
      ) : counts.byColumn.length === 0 ? (
        <p className="muted">{t('charts.noIssues')}</p>
      ) : (
        <ul className="bars">
          {counts.byColumn.map((c) => {
            const active = filter.columnIndex === c.columnIndex;
            return (
              <li key={c.columnIndex} className="bar-item" data-column={c.columnIndex}>
                <button
                  type="button"
                  className="bar-button"
                  aria-pressed={active}
                  onClick={() => onFilter({ columnIndex: active ? undefined : c.columnIndex })}
                >
                  <span className="bar-label">
                    <VisibleText value={c.column} />
                  </span>{' '}
                  <Bar value={c.count} max={maxColumn} className="fill-column" />
                  <span className="bar-count">{formatCount(c.count, lang)}</span>{' '}
                  <span className="visually-hidden">{t('charts.showRows')}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
