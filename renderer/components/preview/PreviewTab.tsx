/**
 * Import preview: what MAAC would do with each row, and, in plain words, what it would ignore or
 * refuse to change. The explanations are chosen by the issue codes present in this case.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Api, ApiIssue, RowFilter } from '../../../core/contract/api.ts';
import { useApi } from '../../api/context.tsx';
import { useLang } from '../../i18n/index.ts';
import { useIssueMessage } from '../../i18n/issue-text.ts';
import { codeKey, formatCount } from '../../lib/format.ts';
import { useCase } from '../../state/case.tsx';
import { IssueCode, IssueName, SeverityBadge } from '../IssueBits.tsx';
import { OUTCOMES, OutcomeSummary, type OutcomeName } from '../review/OutcomeSummary.tsx';
import { VisibleText } from '../VisibleText.tsx';
import { ContactName } from '../unify/ContactName.tsx';

/** Codes that mean "MAAC ignores or keeps something", in the order they are explained. */
export const EXPLAINED_CODES = [
  'header.unknown',
  'header.alias',
  'header.not_importable',
  'custom.unknown',
  'custom.archived',
  'header.missing_required',
  'key.column_missing',
  'update.primary_key_ignored',
  'update.status_irreversible',
  'update.wa_reoptin',
  'match.multiple',
  'match.not_found',
  'key.duplicate_in_file',
  'status.missing',
  'key.missing',
  'email.offline_check',
] as const;

const PAGE = 20;
type RowDetail = Awaited<ReturnType<Api['getRow']>>;
type FieldChanges = RowDetail['changes'];

export function PreviewTab({ onShowRows }: { onShowRows(filter: RowFilter): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const message = useIssueMessage();
  const { summary, counts } = useCase();
  if (!summary || !counts) return <p className="muted">{t('app.loading')}</p>;

  const fileIssues = summary.fileIssues;
  const rowCounts = new Map(counts.byCode.map((c) => [c.code, c.count]));
  const explained = EXPLAINED_CODES.flatMap((code) => {
    const fileLevel = fileIssues.filter((i) => i.code === code);
    const rows = rowCounts.get(code) ?? 0;
    if (fileLevel.length === 0 && rows === 0) return [];
    const columns = [...new Set(fileLevel.map((i) => i.column ?? (i.params?.column as string | undefined) ?? i.field).filter((c): c is string => !!c))];
    return [{ code, rows, columns, severity: (fileLevel[0]?.severity ?? counts.byCode.find((c) => c.code === code)?.severity ?? 'info') as ApiIssue['severity'] }];
  });
  const health = fileIssues.filter((i) => i.code.startsWith('risk.'));

  return (
    <div className="preview">
      <section className="card" aria-labelledby="preview-outcomes">
        <h2 id="preview-outcomes" className="card-title">
          {t('preview.outcomesTitle')}
        </h2>
        <OutcomeSummary counts={counts} titleId="preview-outcomes" />
        {!summary.snapshot && <p className="note">{t('preview.noSnapshot')}</p>}
      </section>

      <section className="card" aria-labelledby="preview-ignored">
        <h2 id="preview-ignored" className="card-title">
          {t('preview.ignoredTitle')}
        </h2>
        {explained.length === 0 ? (
          <p className="muted">{t('preview.nothingIgnored')}</p>
        ) : (
          <ul className="explanations">
            {explained.map((e) => (
              <li key={e.code} className={`explanation sev-line-${e.severity}`} data-code={e.code}>
                <h3 className="explanation-title">
                  <SeverityBadge severity={e.severity} /> {t(`explain.${codeKey(e.code)}.title`)}
                </h3>
                <p>{t(`explain.${codeKey(e.code)}.body`)}</p>
                <p className="explanation-meta">
                  <IssueCode code={e.code} />
                  {e.rows > 0 && <span> · {t('preview.rowsAffected', { count: e.rows, formatted: formatCount(e.rows, lang) })}</span>}
                  {e.columns.length > 0 && (
                    <span>
                      {' '}
                      · {t('preview.columns')}{' '}
                      {e.columns.map((c, i) => (
                        <span key={c} className="column-name">
                          {i > 0 && ', '}
                          <VisibleText value={c} />
                        </span>
                      ))}
                    </span>
                  )}
                  {e.rows > 0 && (
                    <button type="button" className="btn btn-link" onClick={() => onShowRows({ code: e.code })}>
                      {t('preview.showRows')}
                    </button>
                  )}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      {health.length > 0 && (
        <section className="card" aria-labelledby="preview-health">
          <h2 id="preview-health" className="card-title">
            {t('preview.healthTitle')}
          </h2>
          <ul className="issue-list">
            {health.map((issue, i) => (
              <li key={i} className={`issue-item sev-line-${issue.severity}`} data-code={issue.code}>
                <SeverityBadge severity={issue.severity} withText />
                <IssueName code={issue.code} />
                <p className="issue-message">{message(issue)}</p>
              </li>
            ))}
          </ul>
        </section>
      )}

      <PreviewRows />
    </div>
  );
}

/** Row by row: the outcome and, for updates, each field's before → after. */
function PreviewRows() {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const { caseId, version, counts } = useCase();
  const [outcome, setOutcome] = useState<OutcomeName | ''>('');
  const [offset, setOffset] = useState(0);
  const [total, setTotal] = useState(0);
  const [rows, setRows] = useState<RowDetail[] | null>(null);

  // Another outcome starts at its first page.
  const showOutcome = (next: OutcomeName | '') => {
    setOutcome(next);
    setOffset(0);
  };
  useEffect(() => {
    let current = true;
    (async () => {
      const page = await api.queryRows({ caseId, offset, limit: PAGE, filter: outcome ? { outcome } : {} });
      const details = await Promise.all(page.rows.map((r) => api.getRow({ caseId, row: r.row })));
      if (!current) return;
      setTotal(page.total);
      setRows(details);
    })().catch(() => current && setRows([]));
    return () => {
      current = false;
    };
  }, [api, caseId, outcome, offset, version]);

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <h2 id={`${id}-title`} className="card-title">
          {t('preview.rowsTitle')}
        </h2>
        <div className="field field-inline">
          <label htmlFor={`${id}-outcome`}>{t('filters.outcome')}</label>
          <select id={`${id}-outcome`} value={outcome} onChange={(e) => showOutcome(e.target.value as OutcomeName | '')}>
            <option value="">{t('filters.any')}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o} disabled={counts ? counts.byOutcome[o] === 0 : false}>
                {t(`outcome.${o}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {rows === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{t('grid.noRows')}</p>
      ) : (
        <table className="preview-rows">
          <thead>
            <tr>
              <th scope="col">{t('grid.row')}</th>
              <th scope="col">{t('grid.outcome')}</th>
              <th scope="col">{t('preview.contact')}</th>
              <th scope="col">{t('preview.differences')}</th>
              <th scope="col">{t('preview.codes')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.row} data-row={r.row}>
                <th scope="row">{r.row}</th>
                <td>
                  <span className={`outcome outcome-${r.outcome}`} data-outcome={r.outcome}>
                    {t(`outcome.${r.outcome}`)}
                  </span>
                </td>
                <td>{r.contactId === undefined ? '—' : <ContactName name={r.contactName ?? ''} id={r.contactId} />}</td>
                <td>
                  {r.outcome === 'create' ? (
                    <NewContactFields changes={r.changes} />
                  ) : r.changes.length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    <ul className="diff-list">
                      {r.changes.map((c) => (
                        <li key={c.field}>
                          <span className="diff-field">{c.field}</span>{' '}
                          {c.from === '' ? (
                            <span className="muted blank">{t('preview.blank')}</span>
                          ) : (
                            <span className="before">
                              <VisibleText value={c.from} />
                            </span>
                          )}{' '}
                          <span aria-hidden="true">→</span>
                          <span className="visually-hidden">{t('rowPanel.becomes')}</span>{' '}
                          <span className="after">
                            <VisibleText value={c.to} />
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <ul className="code-list">
                    {[...new Set(r.issues.map((i) => i.code))].map((code) => (
                      <li key={code}>
                        <IssueName code={code} />
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {total > PAGE && (
        <div className="pager">
          <button type="button" className="btn" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            {t('pager.previous')}
          </button>
          <span>{t('pager.range', { from: offset + 1, to: Math.min(total, offset + PAGE), total })}</span>
          <button type="button" className="btn" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            {t('pager.next')}
          </button>
        </div>
      )}
    </section>
  );
}

/** A row that creates a contact: every field is new, so the values are listed on demand, without "(blank) →". */
function NewContactFields({ changes }: { changes: FieldChanges }) {
  const { t } = useTranslation();
  if (changes.length === 0) return <span className="muted">{t('preview.newContact')}</span>;
  return (
    <details className="new-contact">
      <summary>
        {t('preview.newContact')} <span className="muted">· {t('preview.fieldCount', { count: changes.length })}</span>
      </summary>
      <ul className="diff-list">
        {changes.map((c) => (
          <li key={c.field}>
            <span className="diff-field">{c.field}</span>{' '}
            <span className="after">
              <VisibleText value={c.to} />
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}
