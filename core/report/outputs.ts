/**
 * The shapes of RULES.md §8's files: which columns and cells each output row has. Writing them
 * (streaming, atomic) is the writers' job; deciding what goes in is here, once, for CLI and app alike.
 */
import type { Issue, Outcome } from '../model.ts';
import type { HeaderAnalysis } from '../rules/headers.ts';
import { TEMPLATES } from '../rules/templates.ts';
import { readPhone } from '../rules/values/phone.ts';

export const ERROR_REPORT_HEADER = ['row', 'column', 'field', 'value', 'code', 'severity', 'message', 'fix'] as const;
export const REJECTED_ISSUES_COLUMN = 'listprep_issues';

export interface UploadLayout {
  header: string[];
  /** For each output column, the source column index it copies, or -1 for a template field the file lacks. */
  sources: number[];
}

/** Template headers in template order, then the custom columns MAAC reads, in file order (§8). */
export function uploadLayout(analysis: HeaderAnalysis): UploadLayout {
  const header: string[] = [];
  const sources: number[] = [];
  for (const field of TEMPLATES[analysis.channel].fields) {
    header.push(field.name);
    sources.push(analysis.columnOf.get(field.name) ?? -1);
  }
  for (const column of analysis.columns) {
    if (column.status === 'custom' && column.field) {
      header.push(column.field);
      sources.push(column.index);
    }
  }
  return { header, sources };
}

export function uploadCells(layout: UploadLayout, cells: readonly string[]): string[] {
  return layout.sources.map((index) => (index < 0 ? '' : (cells[index] ?? '')));
}

/** Whether a row belongs in the upload-ready file: MAAC would import it (or the user wants every row). */
export function isUploadable(outcome: Outcome, allRows: boolean): boolean {
  return allRows || (outcome !== 'fail' && outcome !== 'skip');
}

export function errorReportCells(issue: Issue): string[] {
  return [
    issue.row === undefined ? '' : String(issue.row),
    issue.column ?? '',
    issue.field ?? '',
    issue.value ?? '',
    issue.code,
    issue.severity,
    issue.message,
    issue.fix ?? '',
  ];
}

/** A compact summary of a rejected row's problems, for the `listprep_issues` column. */
export function rejectedIssuesCell(issues: readonly Issue[]): string {
  return issues
    .filter((i) => i.severity === 'error')
    .map((i) => `${i.code}${i.column ? ` [${i.column}]` : ''}${i.fix !== undefined ? ` → ${i.fix}` : ''}`)
    .join(' | ');
}

/**
 * The country a row's phone belongs to, for splitting an export per country (R-V2: MAAC's import
 * takes one country code). Reads the key phone column first, then any other phone column.
 */
export function phoneCountryOf(analysis: HeaderAnalysis, cells: readonly string[], region: string): string | undefined {
  const phoneFields = ['WhatsApp_mobile', 'phone', 'mobile'];
  const ordered = analysis.keyField && phoneFields.includes(analysis.keyField)
    ? [analysis.keyField, ...phoneFields.filter((f) => f !== analysis.keyField)]
    : phoneFields;
  for (const field of ordered) {
    const index = analysis.columnOf.get(field);
    if (index === undefined) continue;
    const raw = (cells[index] ?? '').trim();
    if (raw === '') continue;
    const reading = readPhone(raw, region);
    if (reading.e164 !== undefined && reading.country !== undefined) return reading.country;
  }
  return undefined;
}

/** When splitting per country, a row failing only because its phone is of another country goes to that country's file. */
export function onlyOtherRegionErrors(issues: readonly Issue[]): boolean {
  const errors = issues.filter((i) => i.severity === 'error');
  return errors.length > 0 && errors.every((i) => i.code === 'phone.other_region');
}
