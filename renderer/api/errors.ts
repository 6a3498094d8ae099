/** What the UI shows for a rejected call: the Api's code (quotable in tickets) and its message. */
import type { i18n as I18n } from 'i18next';
import { issueLabel, type Lang } from '../../core/rules/messages.ts';
import { isIssueCode } from '../../core/rules/codes.ts';
import { codeKey } from '../lib/format.ts';

export interface ShownError {
  code: string;
  message: string;
  /** The message is already in the user's language and words (written by the renderer, not the core). */
  worded?: boolean;
}

export function toShownError(error: unknown): ShownError {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown };
    const code = typeof e.code === 'string' ? e.code : 'operation.failed';
    const message = typeof e.message === 'string' ? e.message : String(error);
    return { code, message };
  }
  return { code: 'operation.failed', message: String(error) };
}

/**
 * Codes whose core message is written for a developer (a schema path, an exception's text): the
 * user gets ListPrep's sentence in every language, the core's text only as a detail.
 */
const TECHNICAL_CODES: ReadonlySet<string> = new Set(['input.invalid', 'method.unknown', 'operation.failed', 'job.failed']);

export interface ErrorWords {
  /** A few words saying what went wrong ("Disk full"). */
  title: string;
  /** What happened and what to do, in the user's language. */
  sentence: string;
  /** The core's own text, when it says more than the sentence (often English). */
  detail?: string;
}

/** An error in words: never a bare code. The code itself is shown beside these, smaller. */
export function errorWords(error: ShownError, lang: Lang, i18n: Pick<I18n, 't' | 'exists'>): ErrorWords {
  const key = codeKey(error.code);
  const title = isIssueCode(error.code)
    ? issueLabel(error.code, lang)
    : i18n.exists(`apiErrorTitles.${key}`)
      ? i18n.t(`apiErrorTitles.${key}`)
      : i18n.t('apiErrorTitles.operation_failed');
  // In English the core's message is the more specific sentence, unless it was written for developers.
  if (error.worded || (lang === 'en' && !TECHNICAL_CODES.has(error.code) && error.message !== '')) return { title, sentence: error.message };
  const sentence = i18n.t(i18n.exists(`apiErrors.${key}`) ? `apiErrors.${key}` : 'apiErrors.operation_failed');
  // The core's text stays as a detail, so nothing it says is lost.
  return { title, sentence, detail: error.message && error.message !== sentence ? error.message : undefined };
}
