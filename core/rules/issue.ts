/** Builds Issue records from a code and its location, so severity and message always come from the registry. */
import type { Issue, MessageParams, Severity } from '../model.ts';
import { CODES, type IssueCode } from './codes.ts';
import { formatIssueMessage, type Lang } from './messages.ts';

export interface IssueLocation {
  row?: number;
  column?: string;
  columnIndex?: number;
  field?: string;
  value?: string;
  fix?: string;
}

/**
 * `value`, `fix`, `column` and `field` are always available to the message template;
 * `severity` overrides the registry's default only where a rule says so (e.g. R-H2).
 */
export function makeIssue(code: IssueCode, location: IssueLocation = {}, params: MessageParams = {}, severity?: Severity, lang: Lang = 'en'): Issue {
  const allParams: MessageParams = { ...params };
  for (const name of ['value', 'fix', 'column', 'field'] as const) {
    const v = location[name];
    if (v !== undefined && !(name in allParams)) allParams[name] = v;
  }
  return locatedIssue(code, location, params, severity, formatIssueMessage(code, allParams, lang, { row: location.row, column: location.column }));
}

/** The params of an issue that has none (never kept: an issue gets `params` only when it has some). */
const NO_PARAMS: MessageParams = Object.freeze({});

/**
 * `makeIssue` with an empty message, for a caller that words the issues it shows itself
 * (OutputProfile.messages false): wording every issue of a damaged list is a tenth of its check.
 */
export function makeUnwordedIssue(code: IssueCode, location: IssueLocation = {}, params: MessageParams = NO_PARAMS, severity?: Severity): Issue {
  return locatedIssue(code, location, params, severity, '');
}

/**
 * `makeUnwordedIssue` for a finding in a cell, made in one step (no location object between): the
 * row checker makes one for every finding, several a row on a damaged list. The same issue, key for key.
 */
export function unwordedCellIssue(code: IssueCode, severity: Severity | undefined, row: number, column: string, columnIndex: number, field: string, value: string, fix: string | undefined, params: MessageParams | undefined): Issue {
  const issue: Issue = { code, severity: severity ?? CODES[code].severity, message: '', row, column, columnIndex, field, value };
  if (fix !== undefined) issue.fix = fix;
  if (params !== undefined && hasParams(params)) issue.params = params;
  return issue;
}

function locatedIssue(code: IssueCode, location: IssueLocation, params: MessageParams, severity: Severity | undefined, message: string): Issue {
  const issue: Issue = { code, severity: severity ?? CODES[code].severity, message };
  if (location.row !== undefined) issue.row = location.row;
  if (location.column !== undefined) issue.column = location.column;
  if (location.columnIndex !== undefined) issue.columnIndex = location.columnIndex;
  if (location.field !== undefined) issue.field = location.field;
  if (location.value !== undefined) issue.value = location.value;
  if (location.fix !== undefined) issue.fix = location.fix;
  if (hasParams(params)) issue.params = params;
  return issue;
}

/** `Object.keys(params).length > 0` without making the array (two issues a row on a damaged list). */
function hasParams(params: MessageParams): boolean {
  for (const name in params) if (Object.prototype.hasOwnProperty.call(params, name)) return true;
  return false;
}

/** The error that stopped a file from being read at all (file.not_found, file.empty, file.binary…), if any. */
export function fatalFileIssue(issues: readonly Issue[]): Issue | undefined {
  return issues.find((i) => i.row === undefined && i.severity === 'error' && i.code.startsWith('file.'));
}
