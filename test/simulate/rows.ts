/** Test-only: hand-built CheckedRows, as the row checker would hand them to the simulator. */
import type { CheckedRow, FieldValue } from '../../core/model.ts';
import type { IssueCode } from '../../core/rules/codes.ts';
import { makeIssue } from '../../core/rules/issue.ts';

export interface RowSpec {
  /** The normalized key value; omit when the key is blank or invalid. */
  key?: string;
  /** Validation issues the row checker would have attached (registry severity). */
  issues?: IssueCode[];
}

export function checkedRow(row: number, values: Record<string, FieldValue>, spec: RowSpec = {}): CheckedRow {
  const result: CheckedRow = {
    row,
    cells: [],
    issues: (spec.issues ?? []).map((code) => makeIssue(code, { row })),
    values: new Map(Object.entries(values)),
  };
  if (spec.key !== undefined) result.key = spec.key;
  return result;
}
