/**
 * Counts by outcome (what MAAC would do with each row), as tiles that filter the grid, and one stacked
 * bar. Rows the user excluded keep their outcome; a button under the bar counts them and shows them.
 */
import { useTranslation } from 'react-i18next';
import type { Counts } from '../../../core/contract/api.ts';
import { OUTCOMES, type Outcome } from '../../../core/model.ts';
import { useLang } from '../../i18n/index.ts';
import { formatCount } from '../../lib/format.ts';

export { OUTCOMES };
export type OutcomeName = Outcome;

interface ExcludedTile {
  rows: number;
  uploadable: number;
  selected: boolean;
  onToggle(): void;
}

export function OutcomeSummary({ counts, selected, onSelect, titleId, excluded }: { counts: Counts; selected?: OutcomeName; onSelect?(outcome: OutcomeName | undefined): void; titleId: string; excluded?: ExcludedTile }) {
  const { t } = useTranslation();
  const lang = useLang();
  const total = OUTCOMES.reduce((n, o) => n + counts.byOutcome[o], 0);
  // The bar's segments, one per outcome, side by side across a 1000-unit width.
  const widths = OUTCOMES.map((o) => (total > 0 ? (counts.byOutcome[o] / total) * 1000 : 0));
  const starts = widths.map((_, i) => widths.slice(0, i).reduce((sum, w) => sum + w, 0));
  const excludedSentence = excluded && t('edits.excludedSummary', { count: excluded.rows, uploadable: excluded.uploadable });
  return (
    <div className="outcomes">
      <ul className="outcome-tiles" aria-labelledby={titleId}>
        {OUTCOMES.map((o) => {
          const content = (
            <>
              <span className="tile-count">{formatCount(counts.byOutcome[o], lang)}</span>{' '}
              <span className="tile-label">
                <span className={`outcome-dot outcome-${o}`} aria-hidden="true" />
                {t(`outcome.${o}`)}
              </span>
            </>
          );
          return (
            <li key={o} data-outcome={o}>
              {onSelect ? (
                <button
                  type="button"
                  className="tile"
                  aria-pressed={selected === o}
                  onClick={() => onSelect(selected === o ? undefined : o)}
                >
                  {/* The name is the visible count and outcome (label in name, WCAG 2.5.3) plus a hidden hint. */}
                  {content}{' '}
                  <span className="visually-hidden">{t('summary.tileHint', { count: counts.byOutcome[o] })}</span>
                </button>
              ) : (
                <div className="tile">{content}</div>
              )}
            </li>
          );
        })}
      </ul>
      {total > 0 && (
        <svg className="outcome-bar" viewBox="0 0 1000 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
          {OUTCOMES.map((o, i) => (
            <rect key={o} className={`fill-${o}`} x={starts[i]} y={0} width={widths[i]} height={10} />
          ))}
        </svg>
      )}
      {excluded && (
        // Not an outcome: excluded rows keep theirs (counted above) and are left out of the upload.
        <button type="button" className="btn btn-small excluded-chip" aria-pressed={excluded.selected} onClick={excluded.onToggle} title={excludedSentence}>
          <span className="outcome-dot" aria-hidden="true" /> {t('edits.excludedChip', { count: excluded.rows, formatted: formatCount(excluded.rows, lang) })}
          <span className="visually-hidden"> {excludedSentence}</span>
        </button>
      )}
      {onSelect && <p className="muted small">{t('summary.outcomeHelp')}</p>}
    </div>
  );
}
