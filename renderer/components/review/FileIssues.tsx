/** File-level issues (encoding, headers, list health …) by label and code; header renames as one-click fixes. */
import { useTranslation } from 'react-i18next';
import type { ApiIssue } from '../../../core/contract/api.ts';
import { SEVERITIES } from '../../../core/model.ts';
import { useIssueMessage } from '../../i18n/issue-text.ts';
import { useCase } from '../../state/case.tsx';
import { IssueName, SeverityBadge } from '../IssueBits.tsx';

export function FileIssues() {
  const { t } = useTranslation();
  const message = useIssueMessage();
  const { summary, applyFix, busy } = useCase();
  if (!summary) return null;
  const issues: Array<{ issue: ApiIssue; source: 'file' | 'snapshot' | 'definitions' }> = [
    ...summary.fileIssues.map((issue) => ({ issue, source: 'file' as const })),
    ...(summary.snapshot?.issues ?? []).map((issue) => ({ issue, source: 'snapshot' as const })),
    ...(summary.definitions?.issues ?? []).map((issue) => ({ issue, source: 'definitions' as const })),
  ];
  const renames = summary.columns.filter((c) => c.rename !== undefined);
  if (issues.length === 0 && renames.length === 0) return null;
  const errors = issues.filter((i) => i.issue.severity === 'error').length;

  const bySeverity = SEVERITIES.map((s) => [s, issues.filter((i) => i.issue.severity === s).length] as const).filter(([, n]) => n > 0);
  return (
    <section className="card file-issues" aria-label={t('fileIssues.title', { count: issues.length })}>
      {renames.length > 0 && (
        <div className="renames" role="group" aria-label={t('fileIssues.renames')} data-focus-group="">
          <span className="renames-label">{t('fileIssues.renames')}</span>
          {renames.map((c) => (
            <button
              key={c.index}
              type="button"
              className="btn btn-fix"
              data-code="header.alias"
              disabled={busy}
              onClick={() => void applyFix({ kind: 'header', columnIndex: c.index, to: c.rename ?? c.header })}
            >
              {t('fileIssues.rename', { from: c.header, to: c.rename })}
            </button>
          ))}
        </div>
      )}
      {issues.length > 0 && (
      <details open={errors > 0}>
        <summary>
          <span className="file-issues-title">{t('fileIssues.title', { count: issues.length })}</span>
          {bySeverity.map(([severity, n]) => (
            <span key={severity} className="summary-count">
              <SeverityBadge severity={severity} /> {n}
            </span>
          ))}
          <span className="summary-codes">
            {[...new Set(issues.map((i) => i.issue.code))].map((code) => (
              <IssueName key={code} code={code} />
            ))}
          </span>
        </summary>
      {/* Scrolls when the notes are many: focusable, so a keyboard can scroll it too (axe scrollable-region-focusable). */}
      <ul className="issue-list" tabIndex={0} aria-label={t('fileIssues.listLabel')}>
        {issues.map(({ issue, source }, i) => (
          <li key={i} className={`issue-item sev-line-${issue.severity}`} data-code={issue.code}>
            <SeverityBadge severity={issue.severity} withText />
            <IssueName code={issue.code} />
            {source !== 'file' && <span className="issue-source">{t(`fileIssues.from.${source}`)}</span>}
            <p className="issue-message">{message(issue, { withLocation: true })}</p>
          </li>
        ))}
      </ul>
      </details>
      )}
    </section>
  );
}
