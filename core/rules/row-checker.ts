/**
 * Validates one data row against the header analysis: R-V checks per read column, blanks in
 * required fields (R-V4, R-W1), the key's presence (R-M2). Produces what the simulator consumes.
 */
import type { CheckedRow, CheckOptions, FieldValue, Issue } from '../model.ts';
import type { HeaderAnalysis, AnalyzedColumn } from './headers.ts';
import { displayHeader } from './headers.ts';
import { makeIssue } from './issue.ts';
import type { IssueCode } from './codes.ts';
import { checkValue } from './values/index.ts';
import { normalizeEmail, normalizeIdentifier } from './normalize.ts';
import { TEMPLATES } from './templates.ts';

export interface RowInput {
  row: number;
  cells: readonly string[];
  /** Structure issues from the reader (row.ragged, file.unterminated_quote). */
  issues?: readonly Issue[];
}

export interface RowCheckerOptions extends CheckOptions {
  /** `YYYY-MM-DD`: birthdays after it are implausible (R-V6). */
  today: string;
}

export type RowChecker = (input: RowInput) => CheckedRow;

/** The key's comparable form (R-M1): phones are already E.164 as values; emails compare lower-cased. */
function keyOf(field: string, value: FieldValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  return field === 'email' ? normalizeEmail(value) : normalizeIdentifier(value);
}

export function createRowChecker(analysis: HeaderAnalysis, options: RowCheckerOptions): RowChecker {
  const readColumns = analysis.columns.filter((c) => c.status !== 'skipped');
  const whatsapp = analysis.channel === 'whatsapp';
  const keyFieldName = analysis.keyColumnPresent ? analysis.keyField : undefined;
  // Required fields without a column are blank in every row (R-H4): each row says what that does.
  const missingRequired = analysis.missingRequired.filter((f) => !(whatsapp && f === 'messaging_status'));
  const statusColumnMissing = whatsapp && analysis.missingRequired.includes('messaging_status');
  const statuses = TEMPLATES[analysis.channel].statuses ?? [];

  return ({ row, cells, issues: structureIssues = [] }) => {
    const issues: Issue[] = [...structureIssues];
    const values = new Map<string, FieldValue>();
    let key: string | undefined;
    const add = (code: IssueCode, column: AnalyzedColumn | undefined, field: string, extra: { value?: string; fix?: string; params?: Record<string, string | number>; severity?: Issue['severity'] } = {}) =>
      issues.push(makeIssue(code, {
        row,
        column: column ? displayHeader(column.header, column.index) : undefined,
        columnIndex: column?.index,
        field,
        value: extra.value,
        fix: extra.fix,
      }, extra.params ?? {}, extra.severity));

    if (!analysis.keyColumnPresent) add('key.column_missing', undefined, analysis.keyField ?? analysis.key, { params: { key: analysis.key } });
    for (const field of missingRequired) if (field !== keyFieldName && field !== analysis.keyField) add('required.missing', undefined, field);
    if (statusColumnMissing) add('status.missing', undefined, 'messaging_status');

    for (const column of readColumns) {
      const field = column.field!;
      const raw = cells[column.index] ?? '';
      if (raw.trim() === '') {
        if (field === keyFieldName) add('key.missing', column, field);
        else if (whatsapp && field === 'messaging_status') add('status.missing', column, field);
        else if (column.spec?.required) add('required.missing', column, field);
        continue;
      }
      const check = checkValue(column.status === 'custom' ? 'custom' : column.spec!.kind, raw, {
        region: options.region,
        whatsapp: whatsapp && field === 'WhatsApp_mobile',
        today: options.today,
        timeZone: options.timeZone,
        maxLength: column.spec?.maxLength,
        fieldName: field,
        custom: column.status === 'custom' ? (column.custom ?? { key: field.slice('cl_custom_'.length), type: 'text', status: 'active' }) : undefined,
        allowed: statuses,
      });
      const before = issues.length;
      for (const finding of check.findings) {
        add(finding.code, column, field, { value: raw, fix: finding.fix, params: finding.params, severity: finding.severity });
      }
      const hasError = issues.slice(before).some((i) => i.severity === 'error');
      if (!hasError && check.value !== undefined) {
        values.set(field, check.value);
        if (field === keyFieldName) key = keyOf(field, check.value);
      }
    }
    const result: CheckedRow = { row, cells, issues, values };
    if (key !== undefined) result.key = key;
    return result;
  };
}
