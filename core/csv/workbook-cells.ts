/**
 * A workbook cell's stored value as the text a CSV of it should hold (RULES.md R-F7): what the
 * workbook stores, not what it displays. Numbers keep their digits (never `E+`), date cells become
 * `YYYY-MM-DD`, date-time cells `YYYY-MM-DD HH:mm:ss`, booleans TRUE/FALSE, errors their text.
 */

/** Excel's display precision: a computed 0.30000000000000004 is the 0.3 the user typed or sees. */
const SIGNIFICANT_DIGITS = 15;

/** A stored number as plain decimal digits: integers exactly, others to 15 significant digits. */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  return plainDecimal(Number(value.toPrecision(SIGNIFICANT_DIGITS)));
}

/** String(n) without exponent notation (1e-7 → 0.0000001). */
function plainDecimal(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign, first, rest = '', exponentText] = match;
  const digits = first + rest;
  const exponent = Number(exponentText);
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const point = exponent + 1;
  return point >= digits.length ? sign + digits + '0'.repeat(point - digits.length) : `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Built-in number formats (ECMA-376 §18.8.30) that show dates or times, the same in every locale. */
const BUILTIN_DATES = new Set([14, 15, 16, 17]);
const BUILTIN_TIMES = new Set([18, 19, 20, 21, 45, 46, 47]);
const BUILTIN_DATE_TIMES = new Set([22]);
/**
 * The East Asian built-ins (27–36, 50–58) are dates in one locale and times in another (zh-TW 32–35
 * and 52–56 are times, ja-JP's are dates): the value decides (under a day: a time; a fraction: a time too).
 */
const BUILTIN_EAST_ASIAN = new Set([27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** What a number format makes of a number: a date, a date-time, a time of day, one of those by the value, or just a number. */
export type DateKind = 'date' | 'date-time' | 'time' | 'by-value' | undefined;

export function dateKind(numFmtId: number | undefined, formatCode: string | undefined): DateKind {
  if (formatCode === undefined) {
    if (numFmtId === undefined) return undefined;
    if (BUILTIN_DATES.has(numFmtId)) return 'date';
    if (BUILTIN_TIMES.has(numFmtId)) return 'time';
    if (BUILTIN_DATE_TIMES.has(numFmtId)) return 'date-time';
    return BUILTIN_EAST_ASIAN.has(numFmtId) ? 'by-value' : undefined;
  }
  // Only the first section (positive numbers) decides; quoted text, [colour]/[$-404] parts and
  // escaped characters are not format letters.
  const section = formatCode.split(';')[0]
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(h+|m+|s+)\]/gi, 'h') // elapsed time ([h]:mm) is a time
    .replace(/\[[^\]]*\]/g, '')
    .replace(/_.|\*./g, '')
    .replace(/E[+-]/gi, '');
  if (/general/i.test(section) || section.trim() === '@') return undefined;
  const hasDate = /[ydeg]/i.test(section);
  const hasTime = /[hs]/i.test(section);
  if (hasDate) return hasTime ? 'date-time' : 'date';
  if (hasTime) return 'time';
  // "mmm" alone is a month name: a date. A lone "m"/"mm" next to nothing else is too.
  return /m/i.test(section) ? 'date' : undefined;
}

const DAY_MS = 86_400_000;
/** 1899-12-30: day 0 of the 1900 system from day 61 on (Excel counts a 29 February 1900 that never was). */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * A date serial as text. Day 60 of the 1900 system is Excel's 1900-02-29, which does not exist:
 * it is written as Excel shows it, so the date rules report it instead of a silent shift.
 */
export function serialDateText(serial: number, format: Exclude<DateKind, undefined>, date1904: boolean): string | undefined {
  if (!Number.isFinite(serial) || serial < 0 || serial >= 2_958_466) return undefined; // Excel's range ends 9999-12-31
  const kind = format !== 'by-value' ? format : serial < 1 ? 'time' : Number.isInteger(serial) ? 'date' : 'date-time';
  let days = Math.floor(serial);
  let seconds = Math.round((serial - days) * 86_400);
  if (seconds === 86_400) {
    days++;
    seconds = 0;
  }
  const time = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
  if (kind === 'time' && days === 0) return time;
  let date: string;
  if (date1904) date = isoDate(EPOCH_1904 + days * DAY_MS);
  else if (days === 60) date = '1900-02-29';
  else if (days === 0) date = '1900-01-00'; // Excel's own rendering of serial 0
  else date = isoDate(EPOCH_1900 + (days < 60 ? days + 1 : days) * DAY_MS);
  return kind === 'date' ? date : `${date} ${time}`;
}

function isoDate(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A cell of type `d` (an ISO 8601 date stored as text, rare): the same forms as a serial date. */
export function isoCellText(text: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2}))?/.exec(text);
  if (match === null) return text;
  return match[2] === undefined || match[2] === '00:00:00' && !text.includes('T') ? match[1] : `${match[1]} ${match[2]}`;
}

/** OOXML escapes characters XML cannot hold as `_xHHHH_` (a carriage return is `_x000D_`). */
export function unescapeOoxml(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}
