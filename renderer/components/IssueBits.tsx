/** The small pieces every issue is shown with: severity (icon + word, not colour alone) and its code. */
import { useTranslation } from 'react-i18next';
import type { ApiIssue } from '../../core/api/contract.ts';

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

/** An issue code as users quote it in tickets: plain text, also as data-code. */
export function IssueCode({ code }: { code: string }) {
  return (
    <code className="issue-code" data-code={code}>
      {code}
    </code>
  );
}
