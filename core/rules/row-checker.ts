/**
 * Validates one data row against the header analysis: R-V checks per read column, blanks in
 * required fields (R-V4, R-W1), the key's presence (R-M2). Produces what the simulator consumes.
 */
import type { CheckedRow, CheckOptions, FieldValue, Issue, Severity } from '../model.ts';
import type { HeaderAnalysis } from './headers.ts';
import { displayHeader } from './headers.ts';
import { makeIssue, makeUnwordedIssue, unwordedCellIssue } from './issue.ts';
import type { IssueCode } from './codes.ts';
import { CODES } from './codes.ts';
import { valueChecker, type ValueCheck } from './values/index.ts';
import { normalizeEmail, normalizeIdentifier } from './normalize.ts';
import { TEMPLATES } from './templates.ts';
import { CheckedColumns } from './checked-columns.ts';

export interface RowInput {
  row: number;
  cells: readonly string[];
  /** Structure issues from the reader (row.ragged, file.unterminated_quote). */
  issues?: readonly Issue[];
}

export interface RowCheckerOptions extends CheckOptions {
  /** `YYYY-MM-DD`: birthdays after it are implausible (R-V6). */
  today: string;
  /** False: issues come with an empty message, for a caller that words those it shows (OutputProfile.messages). */
  messages?: boolean;
}

export type RowChecker = (input: RowInput) => CheckedRow;

/** The key's comparable form (R-M1): phones are already E.164 as values; emails compare lower-cased. */
function keyOf(field: string, value: FieldValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  return field === 'email' ? normalizeEmail(value) : normalizeIdentifier(value);
}

/** What the checker knows of a read column before the first row: settled once, used a million times. */
interface PreparedColumn {
  index: number;
  field: string;
  /** The header as messages show it. */
  column: string;
  check: (raw: string) => ValueCheck;
  isKey: boolean;
  /** What a blank cell of this column reports, if anything. */
  blankCode?: IssueCode;
  /**
   * Checks of values seen before (a check is a pure function of the cell): statuses, genders, tags
   * and names repeat all over a list. Dropped for a column whose values rarely repeat (phones, emails).
   */
  memo?: Map<string, ValueCheck>;
  lookups: number;
  misses: number;
}

/** A column's memo is judged after this many cells, and kept if at least half of them repeated a value. */
const MEMO_TRIAL = 4096;
const MEMO_MAX_ENTRIES = 8192;

function checkCell(column: PreparedColumn, raw: string): ValueCheck {
  const memo = column.memo;
  if (memo === undefined) return column.check(raw);
  let check = memo.get(raw);
  if (check === undefined) {
    check = column.check(raw);
    if (memo.size < MEMO_MAX_ENTRIES) memo.set(raw, check);
    column.misses++;
  }
  if (++column.lookups === MEMO_TRIAL && column.misses * 2 > MEMO_TRIAL) column.memo = undefined;
  return check;
}

/** Issues every row carries because a column is missing (R-H4, R-M2): one template each, copied per row. */
interface RowlessIssue {
  code: IssueCode;
  field: string;
  params: Record<string, string | number>;
}

export function createRowChecker(analysis: HeaderAnalysis, options: RowCheckerOptions): RowChecker {
  const readColumns = analysis.columns.filter((c) => c.status !== 'skipped');
  const whatsapp = analysis.channel === 'whatsapp';
  const keyFieldName = analysis.keyColumnPresent ? analysis.keyField : undefined;
  // Required fields without a column are blank in every row (R-H4): each row says what that does.
  const missingRequired = analysis.missingRequired.filter((f) => !(whatsapp && f === 'messaging_status'));
  const statusColumnMissing = whatsapp && analysis.missingRequired.includes('messaging_status');
  const statuses = TEMPLATES[analysis.channel].statuses ?? [];

  const rowless: RowlessIssue[] = [];
  if (!analysis.keyColumnPresent) rowless.push({ code: 'key.column_missing', field: analysis.keyField ?? analysis.key, params: { key: analysis.key } });
  for (const field of missingRequired) if (field !== keyFieldName && field !== analysis.keyField) rowless.push({ code: 'required.missing', field, params: {} });
  if (statusColumnMissing) rowless.push({ code: 'status.missing', field: 'messaging_status', params: {} });

  const columns: PreparedColumn[] = readColumns.map((column) => {
    const field = column.field!;
    const isCustom = column.status === 'custom';
    const check = valueChecker(isCustom ? 'custom' : column.spec!.kind, {
      region: options.region,
      whatsapp: whatsapp && field === 'WhatsApp_mobile',
      today: options.today,
      timeZone: options.timeZone,
      maxLength: column.spec?.maxLength,
      fieldName: field,
      custom: isCustom ? (column.custom ?? { key: field.slice('cl_custom_'.length), type: 'text', status: 'active' }) : undefined,
      allowed: statuses,
    });
    const blankCode: IssueCode | undefined = field === keyFieldName ? 'key.missing'
      : whatsapp && field === 'messaging_status' ? 'status.missing'
        : column.spec?.required ? 'required.missing' : undefined;
    return {
      index: column.index, field, column: displayHeader(column.header, column.index), check, isKey: field === keyFieldName, blankCode,
      memo: new Map(), lookups: 0, misses: 0,
    };
  });

  const worded = options.messages !== false;
  const issueOf = worded ? makeIssue : makeUnwordedIssue;
  const isError = (code: IssueCode, severity: Severity | undefined) => (severity ?? CODES[code].severity) === 'error';
  const fields = columns.map((column) => column.field);

  return ({ row, cells, issues: structureIssues }) => {
    const issues: Issue[] = structureIssues === undefined || structureIssues.length === 0 ? [] : structureIssues.slice();
    // One value per column (undefined: blank or invalid), pushed in order.
    const values: (FieldValue | undefined)[] = [];
    let key: string | undefined;

    for (const r of rowless) issues.push(issueOf(r.code, { row, field: r.field }, { ...r.params }));

    for (let c = 0; c < columns.length; c++) {
      const column = columns[c];
      const raw = cells[column.index] ?? '';
      if (isBlankText(raw)) {
        if (column.blankCode !== undefined) issues.push(issueOf(column.blankCode, { row, column: column.column, columnIndex: column.index, field: column.field }));
        values.push(undefined);
        continue;
      }
      const check = checkCell(column, raw);
      let hasError = false;
      for (const finding of check.findings) {
        // The finding may be a remembered one: each issue gets params of its own.
        const params = finding.params ? { ...finding.params } : undefined;
        issues.push(worded
          ? makeIssue(finding.code, { row, column: column.column, columnIndex: column.index, field: column.field, value: raw, fix: finding.fix }, params, finding.severity)
          : unwordedCellIssue(finding.code, finding.severity, row, column.column, column.index, column.field, raw, finding.fix, params));
        if (!hasError && isError(finding.code, finding.severity)) hasError = true;
      }
      if (!hasError && check.value !== undefined) {
        values.push(check.value);
        if (column.isKey) key = keyOf(column.field, check.value);
      } else {
        values.push(undefined);
      }
    }
    const result = new CheckedColumns(row, cells, issues, fields, values);
    if (key !== undefined) result.key = key;
    return result;
  };
}

/** `raw.trim() === ''` without making a string for the (usual) cell that starts with a visible character. */
function isBlankText(raw: string): boolean {
  if (raw.length === 0) return true;
  const first = raw.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false;
  return raw.trim() === '';
}
