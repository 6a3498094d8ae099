/**
 * R-H8: the user's column mapping. Each column can be read as a field of the channel's template, or
 * left out of the import; applying it checks the list again (the mapping is part of the case).
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../core/api/contract.ts';
import { TEMPLATES } from '../../../core/rules/templates.ts';
import { useCase } from '../../state/case.tsx';
import { VisibleText } from '../VisibleText.tsx';

/** A column's choice in the form: '' reads it as it is, '-' leaves it out, else the field. */
type Choice = string;
const AS_IT_IS = '';
const LEAVE_OUT = '-';

const choiceOf = (mapping: CaseSummary['mapping'], header: string): Choice =>
  !Object.prototype.hasOwnProperty.call(mapping, header) ? AS_IT_IS : mapping[header] ?? LEAVE_OUT;

export function ColumnMapping({ summary, disabled }: { summary: CaseSummary; disabled: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const { setOptions } = useCase();
  const [draft, setDraft] = useState<Record<string, Choice>>({});
  useEffect(() => {
    setDraft(Object.fromEntries(summary.columns.map((c) => [c.header, choiceOf(summary.mapping, c.header)])));
  }, [summary.mapping, summary.columns]);

  const fields = TEMPLATES[summary.channel].fields.map((f) => f.name);
  const changed = summary.columns.some((c) => (draft[c.header] ?? AS_IT_IS) !== choiceOf(summary.mapping, c.header));
  const apply = () => {
    const mapping: Record<string, string | null> = {};
    for (const [header, choice] of Object.entries(draft)) if (choice !== AS_IT_IS) mapping[header] = choice === LEAVE_OUT ? null : choice;
    void setOptions({ mapping });
  };
  const asItIs = (column: CaseSummary['columns'][number]) =>
    column.field !== undefined && !Object.prototype.hasOwnProperty.call(summary.mapping, column.header) ? t('mapping.asItIsField', { field: column.field })
      : column.rename ? t('mapping.asItIsSkippedLooksLike', { field: column.rename }) : t('mapping.asItIsSkipped');

  return (
    <details className="mapping-details">
      <summary>{t('mapping.title', { count: Object.keys(summary.mapping).length })}</summary>
      <p className="muted small">{t('mapping.help')}</p>
      <table className="mapping-table">
        <thead>
          <tr>
            <th scope="col">{t('mapping.column')}</th>
            <th scope="col">{t('mapping.readAs')}</th>
          </tr>
        </thead>
        <tbody>
          {summary.columns.map((column) => (
            <tr key={column.index}>
              <th scope="row" id={`${id}-${column.index}`}><VisibleText value={column.header} /></th>
              <td>
                <select
                  aria-labelledby={`${id}-${column.index}`}
                  value={draft[column.header] ?? AS_IT_IS}
                  disabled={disabled}
                  onChange={(e) => setDraft({ ...draft, [column.header]: e.target.value })}
                >
                  <option value={AS_IT_IS}>{asItIs(column)}</option>
                  <option value={LEAVE_OUT}>{t('mapping.leaveOut')}</option>
                  {fields.map((field) => (
                    <option key={field} value={field}>{field}</option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-row">
        <button type="button" className="btn btn-primary" disabled={!changed || disabled} onClick={apply}>
          {t('mapping.apply')}
        </button>
      </div>
    </details>
  );
}
