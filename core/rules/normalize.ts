/**
 * Identity normalization shared by matching (R-M1) and unification (R-P1): phones compare as E.164,
 * emails case-insensitively, other identifiers exactly after trimming.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** E.164 form of a valid phone number read with `region` for national forms; undefined when not valid. */
export function normalizePhone(raw: string, region: string): string | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const parsed = parsePhoneNumberFromString(text, region as CountryCode);
  return parsed && parsed.isValid() ? parsed.number : undefined;
}

export function normalizeEmail(raw: string): string | undefined {
  const text = raw.trim().toLowerCase();
  return text === '' ? undefined : text;
}

export function normalizeIdentifier(raw: string): string | undefined {
  const text = raw.trim();
  return text === '' ? undefined : text;
}
