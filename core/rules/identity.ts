/**
 * How a contact's identifying values are read for matching (R-M1) and unification (R-P1):
 * which field holds a contact's phone, and phone identities compared as E.164.
 */
import type { Contact, ContactChannel } from '../model.ts';
import { normalizePhone } from './normalize.ts';

/** The phone fields of the templates; R-P1 treats them as one identity. */
export const PHONE_FIELDS: readonly string[] = ['phone', 'mobile', 'WhatsApp_mobile'];

export function isPhoneField(name: string): boolean {
  return name === 'phone' || name === 'mobile' || name === 'WhatsApp_mobile';
}

/** The field a contact keeps the number a `phone` key matches (R-M1): its channel template's phone column. */
export function contactPhoneField(channel: ContactChannel): string {
  switch (channel) {
    case 'whatsapp':
      return 'WhatsApp_mobile';
    case 'email':
      return 'mobile';
    case 'line':
    case 'sms':
      return 'phone';
  }
}

/** A field's value, read as an own property so user-chosen names never reach Object.prototype. */
export function fieldOf(contact: Contact, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(contact.fields, name) ? contact.fields[name] : undefined;
}

/** Already E.164-shaped: `+`, a non-zero digit, 6–14 more digits. */
const E164_SHAPE = /^\+[1-9]\d{6,14}$/;

/**
 * A stored phone's identity as E.164, or undefined when it is blank or not a valid number.
 * Values already written as E.164 are taken as they are: they are what MAAC stores after its own
 * validation, and parsing a million of them with full metadata costs seconds. Other forms are parsed
 * with `region`; `cache` (one per run) spares re-parsing the same text.
 */
export function phoneIdentity(raw: string | undefined, region: string, cache?: Map<string, string | null>): string | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (E164_SHAPE.test(text)) return text;
  if (cache) {
    const hit = cache.get(text);
    if (hit !== undefined) return hit ?? undefined;
    const parsed = normalizePhone(text, region);
    cache.set(text, parsed ?? null);
    return parsed;
  }
  return normalizePhone(text, region);
}

/** Email identity: trimmed, lower-cased (R-V3 [decision]: case-insensitive). */
export function emailIdentity(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  return text === '' ? undefined : text.toLowerCase();
}

/** Other identifiers: exact after trimming. */
export function textIdentity(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  return text === '' ? undefined : text;
}
