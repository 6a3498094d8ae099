/** Issues as the case file's `issues` table holds them: file issues, and the row issues of cases before format 4. */
import type { Issue, MessageParams } from '../model.ts';
import { issueMessage } from '../i18n/messages.ts';
import { SEVERITY_OF } from './row-blocks.ts';

/** A record of the issues table. */
export interface IssueRow {
  row: number | null; col: number | null; code: string; severity: number; field: string | null;
  column_name: string | null; value: string | null; fix: string | null; params: string | null; origin: string;
}

/** The issue a record holds, with its message in English. */
export function issueFromRow(r: IssueRow): Issue {
  const issue: Issue = { code: r.code, severity: SEVERITY_OF[r.severity], message: '' };
  if (r.row !== null) issue.row = r.row;
  if (r.column_name !== null) issue.column = r.column_name;
  if (r.col !== null) issue.columnIndex = r.col;
  if (r.field !== null) issue.field = r.field;
  if (r.value !== null) issue.value = r.value;
  if (r.fix !== null) issue.fix = r.fix;
  if (r.params !== null) issue.params = JSON.parse(r.params) as MessageParams;
  issue.message = issueMessage(issue, 'en');
  return issue;
}
