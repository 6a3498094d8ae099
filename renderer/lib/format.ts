/** Small display helpers: numbers, dates and region names in the user's language. */
import type { Lang } from '../../core/rules/messages.ts';

export function formatCount(n: number, lang: Lang | string): string {
  return new Intl.NumberFormat(lang).format(n);
}

/** Interpolation keys that name a place (spreadsheet row, column number), written without grouping as the sheet shows them. */
const PLACE_KEYS = new Set(['row', 'column']);

/**
 * i18next's format step for every interpolated value (createI18n sets `alwaysFormat`): a number is
 * grouped the language's way ("79,879"), so no string shows a bare "200000". Plural forms stay
 * i18next's (`_one`/`_other` from Intl.PluralRules), chosen from the raw `count`.
 */
export function formatInterpolated(value: unknown, _format?: string, lng?: string, options?: object): string {
  // Anything else passes through as it is (undefined too, so i18next still sees a missing value).
  if (typeof value !== 'number' || !Number.isFinite(value)) return value as string;
  const key = (options as { interpolationkey?: unknown } | undefined)?.interpolationkey;
  if (typeof key === 'string' && PLACE_KEYS.has(key)) return String(value);
  return formatCount(value, lng ?? 'en');
}

/**
 * A job's progress in words without bare bytes: the percent done, and the rows so far when the
 * phase names them (a first check counts bytes read, so its done/total are never shown as numbers).
 */
export function jobPercent(done: number, total: number): number | null {
  if (!(total > 0)) return null;
  return Math.min(100, Math.max(0, Math.floor((done / total) * 100)));
}

export function formatDateTime(iso: string, lang: Lang, withSeconds = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: withSeconds ? 'medium' : 'short' }).format(date);
}

/** "Taiwan" / "台灣" for TW; the code itself when the runtime has no name for it. */
export function regionName(code: string, lang: Lang): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The i18n key naming a delimiter ("comma", "tab" …). */
export function delimiterKey(delimiter: string): string {
  switch (delimiter) {
    case ',':
      return 'facts.delimiterComma';
    case ';':
      return 'facts.delimiterSemicolon';
    case '\t':
      return 'facts.delimiterTab';
    case '|':
      return 'facts.delimiterPipe';
    default:
      return 'facts.delimiterOther';
  }
}

/** i18n keys may not contain dots, codes do: `header.unknown` → `header_unknown`. */
export function codeKey(code: string): string {
  return code.replace(/\./g, '_');
}
