/**
 * A check that was cancelled or failed (RULES.md §8): says how far it got, offers Check again, and
 * the way to an explicitly partial export. It stays until a check finishes (not a passing toast).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context.tsx';
import { useLang } from '../../i18n/index.ts';
import { gapTitle } from '../../lib/check-gap.ts';
import { useCase } from '../../state/case.tsx';

export function IncompleteBanner({ onExportPartial }: { onExportPartial(): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useApi();
  const id = useId();
  const { caseId, summary, busy, perform, refresh } = useCase();
  const gap = summary?.incomplete;
  if (!summary || !gap || summary.state === 'checking') return null;
  return (
    <section className="banner banner-warning incomplete-banner" aria-labelledby={`${id}-title`} data-reason={gap.reason}>
      <div className="banner-text">
        <h2 id={`${id}-title`} className="incomplete-title">
          <span aria-hidden="true">⚠ </span>
          {gapTitle(gap, t, lang)}
        </h2>
        <p className="incomplete-body">{t('incomplete.body')}</p>
        {gap.reason === 'failed' && gap.failure && (
          <p className="incomplete-body muted small">
            {t('incomplete.why')} {gap.failure}
          </p>
        )}
      </div>
      <div className="banner-actions">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void perform(async () => {
            const started = await api.recheckCase({ caseId });
            // The case is checking now: refreshed at once, rows show as they are checked and this banner goes.
            void refresh();
            return started;
          })}>
          {t('incomplete.checkAgain')}
        </button>
        <button type="button" className="btn" disabled={busy} onClick={onExportPartial}>
          {t('incomplete.exportPartial')}
        </button>
      </div>
    </section>
  );
}
