/** What has been changed in this case, newest first; undone entries stay visible, struck through. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Api } from '../../../core/contract/api.ts';
import { useApi } from '../../api/context.tsx';
import { useLang } from '../../i18n/index.ts';
import { fixLogText } from '../../lib/core-text.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useCase } from '../../state/case.tsx';

type Entry = Awaited<ReturnType<Api['fixLog']>>[number];

export function FixLog() {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useApi();
  const { caseId, version, summary } = useCase();
  const [entries, setEntries] = useState<Entry[]>([]);
  useEffect(() => {
    let current = true;
    api.fixLog({ caseId }).then((e) => current && setEntries(e), () => undefined);
    return () => {
      current = false;
    };
  }, [api, caseId, version]);

  return (
    <details className="card fix-log">
      <summary>
        <h2 className="card-title inline">{t('fixLog.title', { count: entries.length })}</h2>
      </summary>
      {entries.length === 0 ? (
        <p className="muted">{t('fixLog.empty')}</p>
      ) : (
        <ol className="log-list" reversed>
          {entries
            .slice()
            .reverse()
            .map((e) => (
              <li key={e.id} className={e.undone ? 'log-undone' : undefined}>
                <span className="log-description">{fixLogText(e, t, summary?.columns ?? [], lang)}</span>
                <span className="muted small">
                  {formatDateTime(e.at, lang)} · {t('fixLog.rows', { count: e.changedRows })}
                  {e.undone && ` · ${t('fixLog.undone')}`}
                </span>
              </li>
            ))}
        </ol>
      )}
    </details>
  );
}
