/** Small display helpers: numbers, dates and region names in the user's language. */
import type { Lang } from '../../core/i18n/messages.ts';

export function formatCount(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang).format(n);
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
