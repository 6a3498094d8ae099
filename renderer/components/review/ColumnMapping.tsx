/**
 * R-H8: the user's column mapping. Each column shows a few of its values and can be read as a field
 * of the channel's template, or left out of the import. A suggested field (from the column's name or
 * its values) is pre-selected and marked; applying checks the list again, and Undo puts the previous
 * mapping back (it is in the fix log, and part of the case).
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../core/contract/api.ts';
import { TEMPLATES } from '../../../core/rules/templates.ts';
import { useApi } from '../../api/context.tsx';
import { useCase } from '../../state/case.tsx';
import { VisibleText } from '../VisibleText.tsx';

/** A column's choice in the form: '' reads it as it is, '-' leaves it out, else the field. */
type Choice = string;
const AS_IT_IS = '';
const LEAVE_OUT = '-';

type Column = CaseSummary['columns'][number];
/** A field proposed for a column, and whether its name or its values gave it away. */
interface Suggestion {
  field: string;
  from: 'name' | 'values';
}

const isMapped = (mapping: CaseSummary['mapping'], header: string) => Object.prototype.hasOwnProperty.call(mapping, header);
const choiceOf = (mapping: CaseSummary['mapping'], header: string): Choice =>
  !isMapped(mapping, header) ? AS_IT_IS : mapping[header] ?? LEAVE_OUT;

/** Column index → the `header.alias` suggestion the check made for it (by name or by values). */
function suggestionsOf(summary: CaseSummary): Map<number, Suggestion> {
  const found = new Map<number, Suggestion>();
  for (const issue of summary.fileIssues) {
    if (issue.code !== 'header.alias' || issue.columnIndex === undefined || issue.fix === undefined) continue;
    found.set(issue.columnIndex, { field: issue.fix, from: issue.params?.guessed === 'values' ? 'values' : 'name' });
  }
  for (const column of summary.columns) if (column.rename && !found.has(column.index)) found.set(column.index, { field: column.rename, from: 'name' });
  return found;
}

/** The choice a column starts with: the case's mapping, else the suggestion when the template has that field. */
function initialChoice(summary: CaseSummary, column: Column, suggestion: Suggestion | undefined, fields: readonly string[]): Choice {
  if (isMapped(summary.mapping, column.header)) return choiceOf(summary.mapping, column.header);
  return suggestion && fields.includes(suggestion.field) ? suggestion.field : AS_IT_IS;
}

export function ColumnMapping({ summary, disabled }: { summary: CaseSummary; disabled: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const api = useApi();
  const { setOptions } = useCase();
  const fields = useMemo(() => TEMPLATES[summary.channel].fields.map((f) => f.name), [summary.channel]);
  const suggestions = useMemo(() => suggestionsOf(summary), [summary]);
  // The form starts again from the case's mapping whenever the summary changes: the user's choices
  // are kept with the starting point they were made from.
  const initial = useMemo(
    () => Object.fromEntries(summary.columns.map((c) => [c.header, initialChoice(summary, c, suggestions.get(c.index), fields)])),
    [summary, suggestions, fields],
  );
  const [edited, setEdited] = useState<{ from: Record<string, Choice>; draft: Record<string, Choice> } | null>(null);
  const draft = edited?.from === initial ? edited.draft : initial;
  const [samples, setSamples] = useState<string[][]>([]);
  useEffect(() => {
    let current = true;
    // Samples follow the stored cells: asked again after each check (state back to ready).
    if (summary.state !== 'checking') api.columnSamples({ caseId: summary.caseId }).then((s) => current && setSamples(s.columns), () => undefined);
    return () => {
      current = false;
    };
  }, [api, summary.caseId, summary.state, summary.rows]);

  const changed = summary.columns.some((c) => (draft[c.header] ?? AS_IT_IS) !== choiceOf(summary.mapping, c.header));
  const apply = () => {
    const mapping: Record<string, string | null> = {};
    for (const [header, choice] of Object.entries(draft)) if (choice !== AS_IT_IS) mapping[header] = choice === LEAVE_OUT ? null : choice;
    void setOptions({ mapping });
  };
  const asItIs = (column: Column) =>
    column.field !== undefined && !isMapped(summary.mapping, column.header) ? t('mapping.asItIsField', { field: column.field })
      : column.rename ? t('mapping.asItIsSkippedLooksLike', { field: column.rename }) : t('mapping.asItIsSkipped');
  const pending = [...suggestions.entries()].filter(([index]) => !isMapped(summary.mapping, summary.columns[index]?.header ?? '')).length;
  // Open at first when there is something to accept, and again when suggestions come; else as the user leaves it.
  const hasPending = pending > 0;
  const [open, setOpen] = useState(hasPending);
  const [hadPending, setHadPending] = useState(hasPending);
  if (hasPending !== hadPending) {
    setHadPending(hasPending);
    if (hasPending) setOpen(true);
  }

  return (
    <details className="mapping-details" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {t('mapping.title', { count: Object.keys(summary.mapping).length })}
        {pending > 0 && <span className="mapping-pending"> · {t('mapping.suggestedCount', { count: pending })}</span>}
      </summary>
      <p className="muted small">{t('mapping.help')}</p>
      <table className="mapping-table">
        <thead>
          <tr>
            <th scope="col">{t('mapping.column')}</th>
            <th scope="col">{t('mapping.readAs')}</th>
          </tr>
        </thead>
        <tbody>
          {summary.columns.map((column) => {
            const suggestion = suggestions.get(column.index);
            const choice = draft[column.header] ?? AS_IT_IS;
            const values = samples[column.index] ?? [];
            return (
              <tr key={column.index} data-column={column.index}>
                <th scope="row">
                  <span className="mapping-column-name" id={`${id}-${column.index}`}><VisibleText value={column.header} /></span>
                  <span className="mapping-samples" aria-label={t('mapping.samples')}>
                    {values.length === 0 ? <span className="muted">{t('mapping.noValues')}</span> : values.map((value, i) => (
                      <span key={i} className="mapping-sample"><VisibleText value={value} /></span>
                    ))}
                  </span>
                </th>
                <td className="mapping-choice">
                  <select
                    aria-labelledby={`${id}-${column.index}`}
                    aria-describedby={suggestion ? `${id}-${column.index}-suggested` : undefined}
                    value={choice}
                    disabled={disabled}
                    onChange={(e) => setEdited({ from: initial, draft: { ...draft, [column.header]: e.target.value } })}
                  >
                    <option value={AS_IT_IS}>{asItIs(column)}</option>
                    <option value={LEAVE_OUT}>{t('mapping.leaveOut')}</option>
                    {fields.map((field) => (
                      <option key={field} value={field}>{suggestion?.field === field ? t('mapping.optionSuggested', { field }) : field}</option>
                    ))}
                  </select>
                  {suggestion && (
                    <span id={`${id}-${column.index}-suggested`} className="mapping-suggested" data-suggested={suggestion.field}>
                      <span aria-hidden="true">★ </span>
                      {t(suggestion.from === 'values' ? 'mapping.suggestedFromValues' : 'mapping.suggestedFromName', { field: suggestion.field })}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="button-row">
        <button type="button" className="btn btn-primary" disabled={!changed || disabled} onClick={apply}>
          {t('mapping.apply')}
        </button>
        <span className="muted small">{t('mapping.undoHint')}</span>
      </div>
    </details>
  );
}
