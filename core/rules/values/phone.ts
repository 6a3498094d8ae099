/**
 * R-V2 phone numbers: one reading of a phone cell (`readPhone`), shared by the value check and by
 * identity normalization (`normalizePhone`), so import checks, matching and unification agree.
 *
 * Validity comes from libphonenumber-js with its **max** metadata. A full reading costs 10–20 µs, and big
 * files carry 1M+ numbers, so the dominant Taiwanese mobile shapes take a fast path
 * (`fastReadPhone`, proven equal to the library by a property test) and everything else goes
 * through a small cache of recent readings.
 */
import { getCountryCallingCode, getExampleNumber, isSupportedCountry, parsePhoneNumberFromString, type CountryCode, type PhoneNumber, type PhoneNumberType } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import type { MessageParams } from '../../model.ts';
import type { ValueCheck, ValueFinding } from './types.ts';

export type PhoneReadingKind =
  /** Valid for the import's country code and written as E.164 or as the region's national form. */
  | 'accepted'
  /** Valid for the import's country code but written otherwise (separators, `.0`, no `+`, full-width digits…). */
  | 'reformat'
  /** A national number whose trunk prefix 0 a spreadsheet dropped (`912345678` in TW). */
  | 'leading_zero_lost'
  /** Valid, but for another country calling code than the region's. */
  | 'other_region'
  /** Spreadsheet scientific notation: the last digits are gone. */
  | 'scientific'
  | 'invalid';

export interface PhoneReading {
  readonly kind: PhoneReadingKind;
  /** E.164 form, for every kind but `scientific` and `invalid`. */
  readonly e164?: string;
  /** ISO 3166 code of the number's country, or `+<code>` for a non-geographic number. */
  readonly country?: string;
  /** libphonenumber's number type; `UNKNOWN` when a valid number has none. */
  readonly type?: PhoneNumberType | 'UNKNOWN';
  /** For `invalid`: the one other common region whose mobile these digits are (a hint, not a fix). */
  readonly otherRegionMobile?: { readonly country: string; readonly e164: string };
}

const INVALID: PhoneReading = Object.freeze({ kind: 'invalid' });
const SCIENTIFIC: PhoneReading = Object.freeze({ kind: 'scientific' });

/** `8.86912E+11`, `8,86912E+11` (comma-decimal locales), `8.9E11`. */
const SCIENTIFIC_NOTATION = /^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$/;
/** A number a spreadsheet wrote as a float: `912345678.0`. */
const TRAILING_POINT_ZERO = /^(\+?\d+)\.0+$/;
/** Separators R-V2 tolerates (as `phone.format`): spaces, dashes (incl. Unicode dashes), dots, brackets. */
const SEPARATORS = /[\s\-.()[\]\u2010-\u2015\u2212]/g;
const COMPACT = /^\+?\d{1,17}$/;
const NON_ASCII = /[\u0080-\uffff]/;

// --- fast path --------------------------------------------------------------------------------

/**
 * Taiwan mobiles are `9[0-8]` + 7 digits nationally (max metadata: MOBILE `9[0-8]\d{7}`, matched by
 * no other type of TW); `99` + 7 digits is PERSONAL_NUMBER (`99\d{7}`, likewise matched by no other
 * type). Both are formatted alike (`0912 345 678`), so they share the shapes below.
 */
const TW_MOBILE_NATIONAL = /^09\d{8}$/;
const TW_MOBILE_E164 = /^\+8869\d{8}$/;
/** Without its trunk 0 only a mobile is repaired (R-V2); `99…` is a personal number, not a mobile. */
const TW_MOBILE_NO_TRUNK = /^9[0-8]\d{7}$/;
/**
 * A personal number without its trunk 0: not repaired, and its 9 digits are no other common region's
 * 8-digit mobile (notRepairable), so it is `invalid` with no hint. One in ten mobiles a spreadsheet
 * damages looks like this, and the library takes three parses to say so.
 */
const TW_PERSONAL_NO_TRUNK = /^99\d{7}$/;
const TW_MOBILE_NO_PLUS = /^8869\d{8}$/;

/**
 * The reading of the dominant shapes without libphonenumber, or undefined when the text is not one
 * of them (also once separators are removed: `0912-345-678`). Exported so a property test can prove
 * it equals `libraryReadPhone` (and the library's own verdict, type and E.164 form).
 */
export function fastReadPhone(text: string, region: string): PhoneReading | undefined {
  if (region !== 'TW') return undefined;
  const direct = twShape(text);
  if (direct) return direct;
  const compact = cleanPhoneText(text);
  if (typeof compact !== 'string' || compact === text) return undefined;
  const shaped = twShape(compact);
  // Written with separators (or `.0`, full-width digits): valid, but not in an accepted form.
  return shaped && shaped.kind === 'accepted' ? { ...shaped, kind: 'reformat' } : shaped;
}

function twShape(text: string): PhoneReading | undefined {
  switch (text.length) {
    case 10:
      return TW_MOBILE_NATIONAL.test(text) ? twMobile('accepted', text.slice(1)) : undefined;
    case 13:
      return TW_MOBILE_E164.test(text) ? twMobile('accepted', text.slice(4)) : undefined;
    case 9:
      if (TW_MOBILE_NO_TRUNK.test(text)) return twMobile('leading_zero_lost', text);
      return TW_PERSONAL_NO_TRUNK.test(text) ? INVALID : undefined;
    case 12:
      return TW_MOBILE_NO_PLUS.test(text) ? twMobile('reformat', text.slice(3)) : undefined;
    default:
      return undefined;
  }
}

function twMobile(kind: PhoneReadingKind, nationalNumber: string): PhoneReading {
  // nationalNumber is `9` + 8 digits: `99…` is a personal number, `9[0-8]…` a mobile.
  return { kind, e164: '+886' + nationalNumber, country: 'TW', type: nationalNumber.charCodeAt(1) === 0x39 ? 'PERSONAL_NUMBER' : 'MOBILE' };
}

// --- full path --------------------------------------------------------------------------------

const callingCodes = new Map<string, string | undefined>();

/** The region's country calling code (`886` for TW), undefined for an unknown region. */
export function regionCallingCode(region: string): string | undefined {
  if (!callingCodes.has(region)) {
    callingCodes.set(region, isSupportedCountry(region) ? getCountryCallingCode(region) : undefined);
  }
  return callingCodes.get(region);
}

function validReading(kind: PhoneReadingKind, parsed: PhoneNumber): PhoneReading {
  return {
    kind,
    e164: parsed.number,
    country: parsed.country ?? `+${parsed.countryCallingCode}`,
    type: parsed.getType() ?? 'UNKNOWN',
  };
}

function parseValid(text: string, region?: string): PhoneNumber | undefined {
  const parsed = region === undefined
    ? parsePhoneNumberFromString(text, { extract: false })
    : parsePhoneNumberFromString(text, { defaultCountry: isSupportedCountry(region) ? region : undefined, extract: false });
  return parsed && parsed.isValid() ? parsed : undefined;
}

/** The digits of the number's national format: `0912345678` for +886912345678. */
function nationalDigits(parsed: PhoneNumber): string {
  return parsed.format('NATIONAL').replace(/\D/g, '');
}

const MOBILE_TYPES: ReadonlySet<string> = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

function isMobile(parsed: PhoneNumber): boolean {
  return MOBILE_TYPES.has(parsed.getType() ?? 'UNKNOWN');
}

/**
 * R-V2 spreadsheet damage, generalized: digits that become the region's national form once the
 * trunk prefix 0 is put back, the 0 being read as a trunk prefix (not part of the number).
 */
function withLostLeadingZero(digits: string, region: string, callingCode: string): PhoneNumber | undefined {
  if (digits.startsWith('0')) return undefined;
  const restored = parseValid('0' + digits, region);
  return restored && restored.countryCallingCode === callingCode && restored.nationalNumber === digits && nationalDigits(restored) === '0' + digits
    ? restored
    : undefined;
}

/**
 * Regions whose numbers turn up in our users' lists: a number that is not the import region's is
 * tried against these for the hint in `phone.invalid`.
 */
/** The length of national mobile numbers `phone.invalid` looks up in other regions (see notRepairable). */
const HINT_DIGITS = 8;

const COMMON_REGIONS = ['TW', 'HK', 'MO', 'CN', 'SG', 'MY', 'TH', 'JP', 'KR', 'VN', 'ID', 'PH', 'US', 'GB', 'AU'] as const;

/**
 * R-V2: digits that would only be a landline of the region with a 0 put back are not repaired. They
 * are `invalid`, with the one other common region (if exactly one) whose mobile they are as written:
 * `6781 1373` in TW is a Hong Kong mobile, not the Tainan landline 06-781-1373.
 */
function notRepairable(digits: string, region: string): PhoneReading {
  // Trying 14 regions costs about half a millisecond a number: only the 8-digit mobiles (Hong Kong,
  // Macau, Singapore), the foreign numbers that turn up without their country code, are looked for.
  if (digits.length !== HINT_DIGITS) return INVALID;
  const matches: PhoneNumber[] = [];
  for (const other of COMMON_REGIONS) {
    if (other === region) continue;
    const parsed = parseValid(digits, other);
    if (parsed && nationalDigits(parsed) === digits && isMobile(parsed)) matches.push(parsed);
  }
  if (matches.length !== 1) return INVALID;
  const [match] = matches;
  return { kind: 'invalid', otherRegionMobile: { country: match.country ?? `+${match.countryCallingCode}`, e164: match.number } };
}

/**
 * The text reduced to `+` and digits, or the reading when that already decides: scientific
 * notation, or characters no phone cell has (letters, extensions, a `+` inside).
 */
function cleanPhoneText(text: string): string | PhoneReading {
  if (SCIENTIFIC_NOTATION.test(text)) return SCIENTIFIC;
  // Full-width digits, ＋, （）and ideographic spaces are what IMEs produce; NFKC maps them to ASCII.
  let cleaned = NON_ASCII.test(text) ? text.normalize('NFKC') : text;
  const float = TRAILING_POINT_ZERO.exec(cleaned);
  if (float) cleaned = float[1];
  const compact = cleaned.replace(SEPARATORS, '');
  return COMPACT.test(compact) ? compact : INVALID;
}

/** The reading through libphonenumber only (no fast path, no cache). `text` is the trimmed cell. */
export function libraryReadPhone(text: string, region: string): PhoneReading {
  const compact = cleanPhoneText(text);
  if (typeof compact !== 'string') return compact;
  const callingCode = regionCallingCode(region);

  if (compact.startsWith('+')) {
    const parsed = parseValid(compact);
    if (!parsed) return INVALID;
    if (parsed.countryCallingCode !== callingCode) return validReading('other_region', parsed);
    return validReading(parsed.number === text ? 'accepted' : 'reformat', parsed);
  }

  const digits = compact;
  const parsed = parseValid(digits, region);
  if (parsed && parsed.countryCallingCode === callingCode) {
    if (nationalDigits(parsed) === digits) return validReading(digits === text ? 'accepted' : 'reformat', parsed);
    const restored = withLostLeadingZero(digits, region, parsed.countryCallingCode);
    if (restored) return isMobile(restored) ? validReading('leading_zero_lost', restored) : notRepairable(digits, region);
    // Valid once read as the library reads it: the region's country calling code without `+`
    // (`886912345678`: Excel drops the `+` of `+886…`), an international dialling prefix, a US `1`.
    return validReading('reformat', parsed);
  }
  // A number dialled from the region to abroad (`00852…`) reads as another country's number.
  if (parsed) return validReading('other_region', parsed);
  if (!callingCode) return INVALID;
  const restored = withLostLeadingZero(digits, region, callingCode);
  if (restored) return isMobile(restored) ? validReading('leading_zero_lost', restored) : notRepairable(digits, region);
  // [decision] Digits that start with the region's own calling code and are valid once `+` is put
  // back are the region's number with its `+` lost (phone.format, fix E.164). Another country's code
  // without `+` stays phone.invalid: reading arbitrary digits as foreign numbers would turn typos
  // into confident "other country" errors.
  // The same with the ITU international prefix `00` written instead of `+` (`00886912345678`).
  const international = digits.startsWith(callingCode) ? digits : digits.startsWith('00' + callingCode) ? digits.slice(2) : undefined;
  if (international !== undefined) {
    const parsedInternational = parseValid('+' + international);
    if (parsedInternational && parsedInternational.countryCallingCode === callingCode) return validReading('reformat', parsedInternational);
  }
  return INVALID;
}

// --- cached reading ---------------------------------------------------------------------------

/**
 * Recent readings in two generations: when the newer one is full it becomes the older one and the
 * oldest is dropped whole. O(1) per call, unlike evicting a Map's first key one at a time.
 */
const GENERATION_SIZE = 10_000;
let recent = new Map<string, PhoneReading>();
let older = new Map<string, PhoneReading>();

function remember(key: string, reading: PhoneReading): void {
  if (recent.size >= GENERATION_SIZE) {
    older = recent;
    recent = new Map();
  }
  recent.set(key, reading);
}

/** The reading of a phone cell for an import whose national numbers belong to `region` (ISO 3166). */
export function readPhone(raw: string, region: string): PhoneReading {
  const text = raw.trim();
  const upperRegion = region.toUpperCase();
  const fast = fastReadPhone(text, upperRegion);
  if (fast) return fast;
  const key = upperRegion + '\u0001' + text;
  let reading = recent.get(key);
  if (reading !== undefined) return reading;
  reading = older.get(key) ?? Object.freeze(libraryReadPhone(text, upperRegion));
  remember(key, reading);
  return reading;
}

/** A valid number of any country (R-V11: a `+…` cell that is a phone number is not a formula). */
export function isValidPhoneText(text: string, region: string): boolean {
  const kind = readPhone(text, region).kind;
  return kind === 'accepted' || kind === 'reformat' || kind === 'other_region';
}

// --- the value check --------------------------------------------------------------------------

export interface PhoneCheckOptions {
  region: string;
  /** The cell is a WhatsApp number (`WhatsApp_mobile`): it must be a mobile number. */
  whatsapp: boolean;
}

/** R-V2: findings for one phone cell and the E.164 number MAAC would store. */
export function checkPhone(raw: string, options: PhoneCheckOptions): ValueCheck {
  const region = options.region.toUpperCase();
  const reading = readPhone(raw, region);
  switch (reading.kind) {
    case 'accepted':
    case 'reformat': {
      const findings: ValueFinding[] = reading.kind === 'reformat' ? [{ code: 'phone.format', fix: reading.e164 }] : [];
      if (options.whatsapp && !MOBILE_TYPES.has(reading.type ?? 'UNKNOWN')) {
        findings.push({ code: 'phone.not_mobile', params: { type: reading.type ?? 'UNKNOWN' } });
      }
      return { findings, value: reading.e164 };
    }
    case 'leading_zero_lost':
      return { findings: [{ code: 'phone.leading_zero_lost', fix: reading.e164 }] };
    case 'other_region':
      return { findings: [{ code: 'phone.other_region', params: { country: reading.country ?? '', region } }] };
    case 'scientific':
      return { findings: [{ code: 'phone.scientific' }] };
    case 'invalid': {
      const other = reading.otherRegionMobile;
      const params: MessageParams = other ? { region, otherCountry: other.country, otherE164: other.e164 } : { region, ...regionExample(region) };
      return { findings: [{ code: 'phone.invalid', params }] };
    }
  }
}

const examples = new Map<string, { example: string; exampleE164: string } | Record<string, never>>();

/** A mobile number of the region in its national digits and E.164, for messages (R-V2: examples use the chosen region). */
export function regionExample(region: string): { example: string; exampleE164: string } | Record<string, never> {
  let found = examples.get(region);
  if (found === undefined) {
    const number = isSupportedCountry(region) ? getExampleNumber(region as CountryCode, mobileExamples) : undefined;
    found = number ? { example: nationalDigits(number), exampleE164: number.number } : {};
    examples.set(region, found);
  }
  return found;
}
