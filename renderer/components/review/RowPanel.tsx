/**
 * The selected row: its outcome, its issues (label and code, message, proposed fix with Accept), and, with a
 * contact snapshot, the matched contact's fields before → after.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Api } from '../../../core/contract/api.ts';
import { useApi } from '../../api/context.tsx';
import { useIssueLabel, useIssueMessage } from '../../i18n/issue-text.ts';
import { useCase } from '../../state/case.tsx';
import { IssueName, SeverityBadge } from '../IssueBits.tsx';
import { VisibleText } from '../VisibleText.tsx';

type RowDetail = Awaited<ReturnType<Api['getRow']>>;

export function RowPanel({ row }: { row: number | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const message = useIssueMessage();
  const label = useIssueLabel();
  const { caseId, version, summary, applyFix, busy } = useCase();
  // The last row read stays on show while the same row is read again after a change.
  const [detail, setDetail] = useState<RowDetail | null>(null);
  if (row === null && detail !== null) setDetail(null);
  // A failed read, for the row and case version it was: another row or version asks again.
  const request = `${caseId}:${row}:${version}`;
  const [failedRequest, setFailedRequest] = useState<string | null>(null);
  const failed = failedRequest === request;

  useEffect(() => {
    if (row === null) return;
    let current = true;
    api.getRow({ caseId, row }).then(
      (d) => current && setDetail(d),
      () => current && (setDetail(null), setFailedRequest(request)),
    );
    return () => {
      current = false;
    };
  }, [api, caseId, row, version, request]);

  return (
    <section className="card row-panel" aria-labelledby="row-panel-title" data-focus-group="" tabIndex={-1}>
      <h2 id="row-panel-title" className="card-title">
        {row === null ? t('rowPanel.title') : t('rowPanel.titleRow', { row })}
      </h2>
      {row === null && <p className="muted">{t('rowPanel.none')}</p>}
      {failed && <p className="muted">{t('rowPanel.unavailable')}</p>}
      {detail && detail.row === row && (
        <>
          <p className="row-outcome">
            {t('rowPanel.outcome')}{' '}
            <span className={`outcome outcome-${detail.outcome}`} data-outcome={detail.outcome}>
              {t(`outcome.${detail.outcome}`)}
            </span>
            {detail.excluded && (
              <>
                {' '}
                <span className="excluded-badge">{t('edits.excluded')}</span>
              </>
            )}
            {detail.contactId && (
              <span className="muted">
                {' · '}
                {detail.contactName ? t('rowPanel.contactNamed', { name: detail.contactName, id: detail.contactId }) : t('rowPanel.contact', { id: detail.contactId })}
              </span>
            )}
          </p>
          <p className="row-exclude">
            <button
              type="button"
              className="btn btn-small"
              disabled={busy}
              onClick={() => void applyFix({ kind: 'exclude', rows: [detail.row], excluded: !detail.excluded })}
            >
              {detail.excluded ? t('edits.includeRow') : t('edits.excludeRow')}
            </button>
            {detail.excluded && <span className="muted small"> {t('edits.excludedNote')}</span>}
          </p>
          <h3 className="sub-title">{t('rowPanel.issues', { count: detail.issues.length })}</h3>
          {detail.issues.length === 0 ? (
            <p className="muted">{t('rowPanel.noIssues')}</p>
          ) : (
            <ul className="issue-list">
              {detail.issues.map((issue, i) => (
                <li key={i} className={`issue-item sev-line-${issue.severity}`} data-code={issue.code}>
                  <SeverityBadge severity={issue.severity} withText />
                  <IssueName code={issue.code} />
                  {issue.column !== undefined && (
                    <span className="issue-column">
                      <VisibleText value={issue.column} />
                    </span>
                  )}
                  <p className="issue-message">{message(issue)}</p>
                  {issue.fix !== undefined && (
                    <div className="fix-line">
                      <span className="fix-values">
                        <span className="fix-from">
                          <VisibleText value={issue.value ?? ''} />
                        </span>
                        <span aria-hidden="true"> → </span>
                        <span className="visually-hidden">{t('rowPanel.becomes')}</span>
                        <span className="fix-to">
                          <VisibleText value={issue.fix} />
                        </span>
                      </span>
                      {issue.columnIndex !== undefined && (
                        <button
                          type="button"
                          className="btn btn-fix btn-small"
                          disabled={busy}
                          aria-label={t('fixes.acceptLabel', { label: label(issue.code), code: issue.code, fix: issue.fix })}
                          onClick={() => void applyFix({ kind: 'issue', row: detail.row, columnIndex: issue.columnIndex ?? 0, code: issue.code })}
                        >
                          {t('fixes.accept')}
                        </button>
                      )}
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h3 className="sub-title">{t('rowPanel.changes')}</h3>
          {!summary?.snapshot ? (
            <p className="muted">{t('rowPanel.noSnapshot')}</p>
          ) : detail.contactBefore === null ? (
            <p className="muted">{detail.outcome === 'create' ? t('rowPanel.newContact') : t('rowPanel.noMatch')}</p>
          ) : detail.changes.length === 0 ? (
            <p className="muted">{t('rowPanel.noChanges')}</p>
          ) : (
            <table className="changes">
              <thead>
                <tr>
                  <th scope="col">{t('rowPanel.field')}</th>
                  <th scope="col">{t('rowPanel.before')}</th>
                  <th scope="col">{t('rowPanel.after')}</th>
                </tr>
              </thead>
              <tbody>
                {detail.changes.map((c) => (
                  <tr key={c.field}>
                    <th scope="row">{c.field}</th>
                    <td className="before">
                      <VisibleText value={c.from} />
                    </td>
                    <td className="after">
                      <VisibleText value={c.to} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {detail.contactBefore && (
            <details className="contact-before">
              <summary>{t('rowPanel.contactBefore')}</summary>
              <dl className="facts">
                {Object.entries(detail.contactBefore).map(([field, value]) => (
                  <div key={field}>
                    <dt>{field}</dt>
                    <dd>
                      <VisibleText value={value} />
                    </dd>
                  </div>
                ))}
              </dl>
            </details>
          )}
        </>
      )}
    </section>
  );
}
