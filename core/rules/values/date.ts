/**
 * R-V6 dates and R-V7 date-times: the one reader of date and date-time cells, used by standard
 * (`birthday`, `consent_at`) and custom Date/DateTime fields alike (R-V10).
 *
 * A reading is `exact` (already in MAAC's form), `fix` (an unambiguous other form, with the value
 * in MAAC's form) or `invalid`. Forms whose day/month order is a guess get no fix.
 */
import type { MessageParams } from '../../model.ts';
import type { IssueCode } from '../codes.ts';
import type { ValueCheck, ValueFinding } from './types.ts';

export type DateReading =
  | { readonly kind: 'exact'; readonly value: string }
  | { readonly kind: 'fix'; readonly value: string }
  | { readonly kind: 'invalid' };

export interface DateTimeReading {
  readonly kind: 'exact' | 'fix' | 'invalid';
  /** `YYYY-MM-DD HH:mm:ss`; converted to UTC when the text carried `Z` or an offset. */
  readonly value?: string;
  /** The text stated its own offset (`Z`, `+08:00`): a file time zone does not apply to it. */
  readonly zoned: boolean;
}

const INVALID_DATE: DateReading = { kind: 'invalid' };
/** No date or date-time form is longer; longer text is not parsed at all (keeps regexes linear). */
const MAX_TEXT_LENGTH = 64;
const INVALID_DATETIME: DateTimeReading = { kind: 'invalid', zoned: false };
const NON_ASCII = /[\u0080-\uffff]/;

// --- calendar helpers ---------------------------------------------------------------------------

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Days of each month in a leap year (2000), January first. */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `month` is 1–12 (callers check it first). */
function daysInMonth(year: number, month: number): number {
  return MONTH_DAYS[month - 1] - (month === 2 && !isLeapYear(year) ? 1 : 0);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** `YYYY-MM-DD` when the parts make a real calendar date (years 1–9999), else undefined. */
function calendarDate(year: number, month: number, day: number): string | undefined {
  if (!isCalendarDate(year, month, day)) return undefined;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

function utcEpoch(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // setUTCFullYear, unlike Date.UTC, keeps years 1–99
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** `YYYY-MM-DD HH:mm:ss` of an instant in UTC, undefined outside years 1–9999. */
function formatUtc(epoch: number): string | undefined {
  const d = new Date(epoch);
  const year = d.getUTCFullYear();
  if (!(year >= 1 && year <= 9999)) return undefined;
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

// --- spreadsheet serial numbers -----------------------------------------------------------------

/** Day 0 of spreadsheet serials from 1900-03-01 on (Excel's fictitious 1900-02-29 shifts earlier ones). */
const SERIAL_EPOCH = Date.UTC(1899, 11, 30);
/**
 * [decision] Serials read as dates only in 10000–73050 (1927-05-18 … 2099-12-31): five digits, so a
 * year (`1990`) or a compact date (`19900102`, `0790102`) is never mistaken for one.
 */
export const SERIAL_MIN = 10_000;
export const SERIAL_MAX = 73_050;

function serialEpoch(serial: number): number | undefined {
  return serial >= SERIAL_MIN && serial < SERIAL_MAX + 1 ? SERIAL_EPOCH + Math.round(serial * 86_400) * 1000 : undefined;
}

// --- dates --------------------------------------------------------------------------------------

const EXACT_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_FIRST = /^(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const ROC_PREFIX = '(?:(民國|民国|中華民國|中华民国)\\s*)?';
const ROC_SEPARATED = new RegExp(`^${ROC_PREFIX}(\\d{1,3})\\s*([-/.])\\s*(\\d{1,2})\\s*\\3\\s*(\\d{1,2})$`);
const ROC_COMPACT = new RegExp(`^${ROC_PREFIX}(\\d{3})(\\d{2})(\\d{2})$`);
const CJK_DATE = new RegExp(`^${ROC_PREFIX}(\\d{1,4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*[日號号]?$`);
const YEAR_LAST = /^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4})$/;
const DAY_MONTH_NAME_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([a-z]{3,9})\.?[\s\-/.,]*(\d{4})$/i;
const MONTH_NAME_DAY_YEAR = /^([a-z]{3,9})\.?[\s\-/.]*(\d{1,2})(?:st|nd|rd|th)?\s*,?[\s\-/.]*(\d{4})$/i;
const YEAR_MONTH_NAME_DAY = /^(\d{4})[\s\-/.]*([a-z]{3,9})\.?[\s\-/.]*(\d{1,2})$/i;
const SERIAL_DATE = /^(\d{5})(?:\.0+)?$/;
const MIDNIGHT_SUFFIX = /^(.+?)(?:\s+|T)0?0:00(?::00(?:\.0+)?)?$/;

const ROC_OFFSET = 1911;
const MONTHS: ReadonlyMap<string, number> = new Map(
  ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
    .flatMap((name, i): [string, number][] => [[name, i + 1], [name.slice(0, 3), i + 1]])
    .concat([['sept', 9]]),
);

/** A year-first date; a middle part > 12 with a last part ≤ 12 is read day-then-month (13 cannot be a month). */
function yearFirst(year: number, middle: number, last: number): string | undefined {
  return calendarDate(year, middle, last) ?? (middle > 12 && last <= 12 ? calendarDate(year, last, middle) : undefined);
}

/** `d/m/yyyy` or `m/d/yyyy`: only when one part cannot be a month (or both are equal). */
function yearLast(a: number, b: number, year: number): string | undefined {
  if (a === b || (b > 12 && a <= 12)) return calendarDate(year, a, b);
  if (a > 12 && b <= 12) return calendarDate(year, b, a);
  return undefined;
}

/** The value an unambiguous non-MAAC date form stands for, or undefined. `text` is trimmed and NFKC-normalized. */
function dateFix(text: string, allowSerial: boolean): string | undefined {
  let m: RegExpExecArray | null;
  if ((m = YEAR_FIRST.exec(text))) return yearFirst(+m[1], +m[3], +m[4]);
  if ((m = COMPACT_DATE.exec(text))) return +m[1] >= 1800 && +m[1] < 2200 ? calendarDate(+m[1], +m[2], +m[3]) : undefined;
  if ((m = ROC_SEPARATED.exec(text))) {
    // [decision] ROC (Minguo) years: 民國, or three digits (`079`), or two digits above 31 with `/`
    // or `.` (`79/01/02`). `25/12/09` and `79-01-02` could as well be day-first or a two-digit
    // Gregorian year, so they get no fix.
    const [, prefix, yearText, separator] = m;
    const year = +yearText;
    const roc = prefix !== undefined || yearText.length === 3 || (yearText.length === 2 && year > 31 && separator !== '-');
    return roc && year >= 1 ? calendarDate(year + ROC_OFFSET, +m[4], +m[5]) : undefined;
  }
  if ((m = ROC_COMPACT.exec(text))) return +m[2] >= 1 ? calendarDate(+m[2] + ROC_OFFSET, +m[3], +m[4]) : undefined;
  if ((m = CJK_DATE.exec(text))) {
    // `79年1月2日` is a ROC year in Taiwan; a four-digit year is Gregorian (`1990年1月2日`).
    const [, prefix, yearText] = m;
    if (yearText.length === 4) return prefix === undefined ? calendarDate(+yearText, +m[3], +m[4]) : undefined;
    return +yearText >= 1 ? calendarDate(+yearText + ROC_OFFSET, +m[3], +m[4]) : undefined;
  }
  if ((m = YEAR_LAST.exec(text))) return yearLast(+m[1], +m[3], +m[4]);
  if ((m = DAY_MONTH_NAME_YEAR.exec(text))) return monthNamed(+m[3], m[2], +m[1]);
  if ((m = MONTH_NAME_DAY_YEAR.exec(text))) return monthNamed(+m[3], m[1], +m[2]);
  if ((m = YEAR_MONTH_NAME_DAY.exec(text))) return monthNamed(+m[1], m[2], +m[3]);
  if (allowSerial && (m = SERIAL_DATE.exec(text))) {
    const epoch = serialEpoch(+m[1]);
    return epoch === undefined ? undefined : formatUtc(epoch)?.slice(0, 10);
  }
  if ((m = MIDNIGHT_SUFFIX.exec(text))) {
    // Spreadsheets export dates as `1990/1/2 00:00`: the midnight carries no information.
    const date = readDateText(m[1], false);
    return date.kind === 'invalid' ? undefined : date.value;
  }
  return undefined;
}

function monthNamed(year: number, name: string, day: number): string | undefined {
  const month = MONTHS.get(name.toLowerCase());
  return month === undefined ? undefined : calendarDate(year, month, day);
}

/** Digit value of a character code, or -1. */
function digit(code: number): number {
  return code >= 0x30 && code <= 0x39 ? code - 0x30 : -1;
}

/**
 * True for `YYYY-MM-DD` that is a real date, read from character codes: the shape nearly every
 * cell of a date column has, decided without a regular expression or a string (the same verdict
 * as EXACT_DATE plus isCalendarDate, which a property test checks).
 */
export function isExactDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d) return false;
  const y1 = digit(text.charCodeAt(0)), y2 = digit(text.charCodeAt(1)), y3 = digit(text.charCodeAt(2)), y4 = digit(text.charCodeAt(3));
  const m1 = digit(text.charCodeAt(5)), m2 = digit(text.charCodeAt(6)), d1 = digit(text.charCodeAt(8)), d2 = digit(text.charCodeAt(9));
  if ((y1 | y2 | y3 | y4 | m1 | m2 | d1 | d2) < 0) return false;
  return isCalendarDate(y1 * 1000 + y2 * 100 + y3 * 10 + y4, m1 * 10 + m2, d1 * 10 + d2);
}

function readDateText(original: string, allowSerial: boolean): DateReading {
  if (original.length > MAX_TEXT_LENGTH) return INVALID_DATE;
  if (isExactDate(original)) return { kind: 'exact', value: original };
  const text = NON_ASCII.test(original) ? original.normalize('NFKC') : original;
  const exact = EXACT_DATE.exec(text);
  if (exact && text === original && isCalendarDate(+exact[1], +exact[2], +exact[3])) return { kind: 'exact', value: text };
  const fix = dateFix(text, allowSerial);
  return fix === undefined ? INVALID_DATE : { kind: 'fix', value: fix };
}

/** R-V6: how a date cell reads (`YYYY-MM-DD`, or the fix for an unambiguous other form). */
export function readDate(raw: string): DateReading {
  return readDateText(raw.trim(), true);
}

// --- date-times ---------------------------------------------------------------------------------

const EXACT_DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const SERIAL_DATETIME = /^(\d{5}(?:\.\d+)?)$/;
/** A date, then `T` or spaces, then a time with optional seconds, fraction, AM/PM (or 上午/下午) and zone. */
const DATETIME =
  /^(.+?)(?:\s*T\s*|\s+)(?:(上午|下午|am|pm)\s*)?(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(am|pm|a\.m\.|p\.m\.)?\s*(z|utc|gmt|(?:utc|gmt)?[+-]\d{1,2}(?::?\d{2})?)?$/i;
const OFFSET = /^(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/** Minutes east of UTC of a zone designator, undefined when out of range. */
function offsetMinutes(zone: string): number | undefined {
  if (/^(?:z|utc|gmt)$/i.test(zone)) return 0;
  const m = OFFSET.exec(zone);
  if (!m) return undefined;
  const hours = +m[2];
  const minutes = m[3] === undefined ? 0 : +m[3];
  if (hours > 14 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** Hours on a 24-hour clock, undefined when the hour does not fit the clock it is written on. */
function hour24(hour: number, meridiem: string | undefined): number | undefined {
  if (meridiem === undefined) return hour <= 23 ? hour : undefined;
  if (hour < 1 || hour > 12) return undefined;
  const pm = /^(?:pm|p\.m\.|下午)$/i.test(meridiem);
  return (hour % 12) + (pm ? 12 : 0);
}

function readDateTimeText(original: string): DateTimeReading {
  if (original.length > MAX_TEXT_LENGTH) return INVALID_DATETIME;
  const text = NON_ASCII.test(original) ? original.normalize('NFKC') : original;
  const exact = EXACT_DATETIME.exec(text);
  if (exact && text === original) {
    const [, y, mo, d, h, mi, s] = exact.map(Number);
    if (calendarDate(y, mo, d) !== undefined && h <= 23 && mi <= 59 && s <= 59) return { kind: 'exact', value: text, zoned: false };
  }
  const serial = SERIAL_DATETIME.exec(text);
  if (serial) {
    const epoch = serialEpoch(+serial[1]);
    const value = epoch === undefined ? undefined : formatUtc(epoch);
    return value === undefined ? INVALID_DATETIME : { kind: 'fix', value, zoned: false };
  }
  const m = DATETIME.exec(text);
  if (!m) return INVALID_DATETIME;
  const [, datePart, meridiemBefore, hourText, minuteText, secondText, meridiemAfter, zone] = m;
  if (meridiemBefore !== undefined && meridiemAfter !== undefined) return INVALID_DATETIME;
  const date = readDateText(datePart, false);
  const hour = hour24(+hourText, meridiemBefore ?? meridiemAfter);
  const minute = +minuteText;
  const second = secondText === undefined ? 0 : +secondText; // [decision] fractions of a second are dropped
  if (date.kind === 'invalid' || hour === undefined || minute > 59 || second > 59) return INVALID_DATETIME;
  const [year, month, day] = date.value.split('-').map(Number);
  let epoch = utcEpoch(year, month, day, hour, minute, second);
  if (zone !== undefined) {
    const offset = offsetMinutes(zone);
    if (offset === undefined) return INVALID_DATETIME;
    epoch -= offset * 60_000;
  }
  const value = formatUtc(epoch);
  return value === undefined ? INVALID_DATETIME : { kind: 'fix', value, zoned: zone !== undefined };
}

/** R-V7: how a date-time cell reads (`YYYY-MM-DD HH:mm:ss`, or the fix for an unambiguous other form). */
export function readDateTime(raw: string): DateTimeReading {
  return readDateTimeText(raw.trim());
}

// --- time zones ---------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat | undefined {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', era: 'short',
        year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      formatter = null; // not an IANA zone this runtime knows
    }
    formatters.set(timeZone, formatter);
  }
  return formatter ?? undefined;
}

export function isValidTimeZone(timeZone: string): boolean {
  return zoneFormatter(timeZone) !== undefined;
}

/** The wall-clock time of `epoch` in the formatter's zone, expressed as if it were UTC. */
function wallClock(formatter: Intl.DateTimeFormat, epoch: number): number {
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(epoch))) parts[part.type] = part.value;
  const year = parts.era === 'BC' || parts.era === 'B' ? 1 - +parts.year : +parts.year;
  return utcEpoch(year, +parts.month, +parts.day, +parts.hour % 24, +parts.minute, +parts.second);
}

/**
 * The UTC value of a `YYYY-MM-DD HH:mm:ss` wall-clock time in an IANA zone, DST-correct. Like
 * Temporal's `compatible` disambiguation: a time that occurs twice (clocks set back) is the earlier
 * instant; a time skipped by clocks set forward is read with the offset before the change (so
 * 02:30 on a spring-forward night becomes 03:30 local). Undefined for an unknown zone.
 */
export function zonedToUtc(local: string, timeZone: string): string | undefined {
  const formatter = zoneFormatter(timeZone);
  const m = EXACT_DATETIME.exec(local);
  if (!formatter || !m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const asUtc = utcEpoch(y, mo, d, h, mi, s);
  const DAY = 86_400_000;
  const offsetBefore = wallClock(formatter, asUtc - DAY) - (asUtc - DAY);
  const offsetAfter = wallClock(formatter, asUtc + DAY) - (asUtc + DAY);
  const candidates = [asUtc - offsetBefore, asUtc - offsetAfter].filter((epoch) => wallClock(formatter, epoch) === asUtc);
  const epoch = candidates.length > 0 ? Math.min(...candidates) : asUtc - offsetBefore;
  return formatUtc(epoch);
}

// --- the value checks ---------------------------------------------------------------------------

export interface DateCheckOptions {
  /** `YYYY-MM-DD`: a birthday after it is implausible (R-V6). Omit for non-birthday dates (custom Date). */
  today?: string;
  /** The code for an invalid value: `date.invalid`, or `custom.date.invalid` for a custom Date field. */
  invalidCode?: Extract<IssueCode, 'date.invalid' | 'custom.date.invalid'>;
  /** Extra params for every finding (a custom field's `key`). */
  params?: MessageParams;
}

const EARLIEST_PLAUSIBLE_BIRTHDAY = '1900-01-01';

function withParams(finding: ValueFinding, params: MessageParams | undefined): ValueFinding {
  return params === undefined ? finding : { ...finding, params: { ...params, ...finding.params } };
}

/** R-V6: findings for one date cell and the `YYYY-MM-DD` value MAAC would store. */
export function checkDate(raw: string, options: DateCheckOptions = {}): ValueCheck {
  const code = options.invalidCode ?? 'date.invalid';
  const reading = readDate(raw);
  if (reading.kind === 'invalid') return { findings: [withParams({ code }, options.params)] };
  if (reading.kind === 'fix') return { findings: [withParams({ code, fix: reading.value }, options.params)] };
  const findings: ValueFinding[] = [];
  if (options.today !== undefined && (reading.value < EARLIEST_PLAUSIBLE_BIRTHDAY || reading.value > options.today)) {
    findings.push(withParams({ code: 'date.implausible' }, options.params));
  }
  return { findings, value: reading.value };
}

export interface DateTimeCheckOptions {
  /** The IANA zone the file's date-times are written in, when the user states it. Unknown zones are ignored. */
  timeZone?: string;
  invalidCode?: Extract<IssueCode, 'datetime.invalid' | 'custom.datetime.invalid'>;
  params?: MessageParams;
}

/**
 * R-V7: findings for one date-time cell. `value` is what MAAC stores if the cell is uploaded as it
 * is (MAAC reads it as UTC); with a stated time zone, `datetime.timezone` proposes the UTC value.
 */
export function checkDateTime(raw: string, options: DateTimeCheckOptions = {}): ValueCheck {
  const code = options.invalidCode ?? 'datetime.invalid';
  const reading = readDateTime(raw);
  if (reading.kind === 'invalid' || reading.value === undefined) return { findings: [withParams({ code }, options.params)] };
  const findings: ValueFinding[] = [];
  if (reading.kind === 'fix') findings.push(withParams({ code, fix: reading.value }, options.params));
  const { timeZone } = options;
  if (!reading.zoned && timeZone !== undefined && isValidTimeZone(timeZone)) {
    const utc = zonedToUtc(reading.value, timeZone);
    if (utc !== undefined && utc !== reading.value) {
      findings.push(withParams({ code: 'datetime.timezone', fix: utc, params: { timeZone } }, options.params));
    }
  }
  return { findings, value: reading.kind === 'exact' ? reading.value : undefined };
}
