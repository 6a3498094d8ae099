/**
 * Identity normalization shared by matching (R-M1) and unification (R-P1): phones compare as E.164,
 * emails case-insensitively, other identifiers exactly after trimming.
 */
import { readPhone } from './values/phone.ts';

/**
 * E.164 form of the phone number a cell identifies, national forms read with `region`; undefined
 * when it identifies none. The same reading as the R-V2 check (one implementation), but lenient as
 * identity needs: another country's number, and a number whose leading 0 or `+` a spreadsheet
 * dropped, still identify that number.
 */
export function normalizePhone(raw: string, region: string): string | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  return readPhone(text, region).e164;
}

export function normalizeEmail(raw: string): string | undefined {
  const text = raw.trim().toLowerCase();
  return text === '' ? undefined : text;
}

export function normalizeIdentifier(raw: string): string | undefined {
  const text = raw.trim();
  return text === '' ? undefined : text;
}
