/**
 * Issue messages in the current language. Issues carry their code and params; the message is
 * rendered again here with the core's formatIssueMessage, so a language switch re-renders stored
 * issues too. The core's makeIssue keeps value/fix/column/field on the issue rather than in params,
 * so they are merged back before rendering.
 */
import { useCallback } from 'react';
import type { ApiIssue } from '../../core/contract/api.ts';
import { formatIssueMessage, issueLabel, type Lang } from '../../core/rules/messages.ts';
import { isIssueCode } from '../../core/rules/codes.ts';
import { useLang } from './index.ts';

type Params = Record<string, string | number>;

export function issueParams(issue: ApiIssue): Params {
  const params: Params = {};
  if (issue.value !== undefined) params.value = issue.value;
  if (issue.fix !== undefined) params.fix = issue.fix;
  if (issue.column !== undefined) params.column = issue.column;
  if (issue.field !== undefined) params.field = issue.field;
  return { ...params, ...(issue.params ?? {}) };
}

export interface MessageOptions {
  /** Prefix "Row 5, column …" (off where the screen already shows where the issue is). */
  withLocation?: boolean;
}

export function issueMessage(issue: ApiIssue, lang: Lang, options: MessageOptions = {}): string {
  // A code this build does not know (a newer core): the core's own message is the best we have.
  if (!isIssueCode(issue.code)) return issue.message;
  const location = options.withLocation ? { row: issue.row, column: issue.column } : {};
  return formatIssueMessage(issue.code, issueParams(issue), lang, location);
}

export function useIssueMessage(): (issue: ApiIssue, options?: MessageOptions) => string {
  const lang = useLang();
  return useCallback((issue: ApiIssue, options?: MessageOptions) => issueMessage(issue, lang, options), [lang]);
}

/** A code's short label in the current language (for text-only places: options, accessible names). */
export function useIssueLabel(): (code: string) => string {
  const lang = useLang();
  return useCallback((code: string) => issueLabel(code, lang), [lang]);
}
