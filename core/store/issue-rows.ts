/** Issues as the case file's `issues` table holds them: file issues, and the row issues of cases before format 4. */
import type { Issue, MessageParams } from '../model.ts';
import { issueOf } from '../codec/block-decoding.ts';

/** A record of the issues table. */
export interface IssueRow {
  row: number | null; col: number | null; code: string; severity: number; field: string | null;
  column_name: string | null; value: string | null; fix: string | null; params: string | null; origin: string;
}

/** The issue a record holds, with its message in English (as a block's issue tuple reads: issueOf). */
export function issueFromRow(r: IssueRow): Issue {
  const params = r.params === null ? null : (JSON.parse(r.params) as MessageParams);
  return issueOf([r.code, r.severity, r.col, r.field, r.column_name, r.value, r.fix, params], r.row ?? undefined);
}
