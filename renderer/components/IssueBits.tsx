/** The small pieces every issue is shown with: severity (icon + word, not colour alone), its label and its code. */
import { useTranslation } from 'react-i18next';
import type { ApiIssue } from '../../core/contract/api.ts';
import { issueLabel } from '../../core/rules/messages.ts';
import { useLang } from '../i18n/index.ts';

type Severity = ApiIssue['severity'];
const GLYPH: Record<Severity, string> = { error: '✕', warning: '!', info: 'i' };

export function SeverityBadge({ severity, withText = false }: { severity: Severity; withText?: boolean }) {
  const { t } = useTranslation();
  const label = t(`severity.${severity}`);
  return (
    <span className={`sev-badge sev-${severity}`} data-severity={severity}>
      <span className="sev-glyph" aria-hidden="true">
        {GLYPH[severity]}
      </span>
      {withText ? <span className="sev-text">{label}</span> : <span className="visually-hidden">{label}</span>}
    </span>
  );
}

export function severityGlyph(severity: Severity): string {
  return GLYPH[severity];
}

/** An issue code as users quote it in tickets: plain text, selected whole with one click, also as data-code. */
export function IssueCode({ code }: { code: string }) {
  return (
    <code className="issue-code" data-code={code}>
      {code}
    </code>
  );
}

/**
 * How an issue is named on screen: its label in the user's words first, the code beside it, smaller
 * (a CSM quotes the code). A code this build has no label for is shown as the code alone.
 */
export function IssueName({ code }: { code: string }) {
  const label = issueLabel(code, useLang());
  return (
    <span className="issue-name">
      {label !== code && (
        <>
          <span className="issue-label">{label}</span>{' '}
        </>
      )}
      <IssueCode code={code} />
    </span>
  );
}
