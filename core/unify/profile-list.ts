/**
 * The profile list (RULES.md §8): which contacts become one person, one line per contact, and the
 * pieces the app shows and searches it by (a contact's best human name, its identity values).
 *
 * | column             | value                                                             |
 * |--------------------|-------------------------------------------------------------------|
 * | unified_contact_id | the profile's id (R-P5)                                           |
 * | contact_id         | the channel contact's id                                          |
 * | platform_type      | its channel (`line`, `email`, `whatsapp`, `sms`)                  |
 * | customer_id        | its customer ID, trimmed; blank when it has none                  |
 * | linked_by          | the values it shares with another member of its profile, `; `-joined |
 * | row                | the import row that created or last updated it; blank when none   |
 */
import type { Contact, ContactChannel } from '../model.ts';
import { emailIdentity, fieldOf, phoneIdentity, PHONE_FIELDS, textIdentity } from '../rules/identity.ts';
import { regionCallingCode } from '../rules/values/phone.ts';
import type { UnifyResult } from './unify.ts';

export const PROFILE_LIST_HEADER: readonly string[] = ['unified_contact_id', 'contact_id', 'platform_type', 'customer_id', 'linked_by', 'row'];

/** One contact of a unified profile, as the list, the store and the app hold it. */
export interface ProfileMember {
  profileId: string;
  /** The profile was cut out of a larger group because of different customer IDs (R-P3). */
  conflict: boolean;
  contactId: string;
  channel: ContactChannel;
  customerId: string;
  /** The values linking it to the other members of its profile, sorted (none for a profile of one). */
  linkedBy: string[];
  row?: number;
  /** Its best human value (contactName); '' when it has none. */
  name: string;
}

/** Fields a person is recognised by, best first: what the app names a contact by instead of its id. */
const NAME_FIELDS = ['display_name', 'name', 'email', 'phone', 'mobile', 'WhatsApp_mobile'] as const;

/** A contact's best human value (name, then email, then phone), trimmed; '' when it has none of them. */
export function contactName(contact: Pick<Contact, 'fields'>): string {
  const fields = contact.fields;
  for (const field of NAME_FIELDS) {
    const value = Object.prototype.hasOwnProperty.call(fields, field) ? fields[field]?.trim() : undefined;
    if (value) return value;
  }
  return '';
}

/**
 * The identity values of a contact, normalized the way unification compares them (R-P1): every
 * phone field as one `phone=<E.164>` identity, emails lower-cased, the rest trimmed.
 */
export function identityValues(contact: Contact, region: string): string[] {
  const out = new Set<string>();
  for (const field of PHONE_FIELDS) {
    const phone = phoneIdentity(fieldOf(contact, field), region);
    if (phone !== undefined) out.add(`phone=${phone}`);
  }
  const email = emailIdentity(fieldOf(contact, 'email'));
  if (email !== undefined) out.add(`email=${email}`);
  for (const field of ['line_uid', 'fb_id', 'ig_id', 'customer_id']) {
    const value = textIdentity(fieldOf(contact, field));
    if (value !== undefined) out.add(`${field}=${value}`);
  }
  return [...out];
}

/** Contacts by id (the first of an id wins, as unification reads them). */
export function contactsById(contacts: readonly Contact[]): Map<string, Contact> {
  const byId = new Map<string, Contact>();
  for (const contact of contacts) if (!byId.has(contact.id)) byId.set(contact.id, contact);
  return byId;
}

/** Every contact of every profile: profiles in id order, each one's members in contact id order. */
export function* profileMembers(result: UnifyResult, contacts: readonly Contact[], byId = contactsById(contacts)): Generator<ProfileMember> {
  for (const profile of result.profiles) {
    for (const id of profile.contactIds) {
      const contact = byId.get(id);
      if (contact === undefined) continue;
      const member: ProfileMember = {
        profileId: profile.id,
        conflict: profile.conflict,
        contactId: id,
        channel: contact.channel,
        customerId: fieldOf(contact, 'customer_id')?.trim() ?? '',
        linkedBy: result.linkedInProfileOf.get(id) ?? [],
        name: contactName(contact),
      };
      if (contact.row !== undefined) member.row = contact.row;
      yield member;
    }
  }
}

/** The profile list's data lines (PROFILE_LIST_HEADER first is the writer's job). */
export function* profileListRows(result: UnifyResult, contacts: readonly Contact[]): Generator<string[]> {
  for (const m of profileMembers(result, contacts)) {
    yield [m.profileId, m.contactId, m.channel, m.customerId, m.linkedBy.join('; '), m.row === undefined ? '' : String(m.row)];
  }
}

/**
 * What a search finds this contact by, lower-cased: its id, customer ID, names and identity values,
 * and every phone as digits: as written, with its country code and as dialled at home, so `0912…`,
 * `886912…` and `+886 912…` all find it. `phones` caches phone readings across contacts.
 */
export function searchTerms(contact: Contact, region: string, phones?: Map<string, string | null>): string[] {
  const terms = new Set<string>();
  const add = (value: string | undefined) => {
    const term = value?.trim().toLowerCase();
    if (term) terms.add(term);
  };
  add(contact.id);
  for (const field of ['customer_id', 'display_name', 'name', 'email', 'line_uid', 'fb_id', 'ig_id']) add(fieldOf(contact, field));
  const home = regionCallingCode(region);
  for (const field of PHONE_FIELDS) {
    const raw = fieldOf(contact, field);
    if (raw === undefined) continue;
    add(raw.replace(/\D/g, ''));
    const e164 = phoneIdentity(raw, region, phones);
    if (e164 === undefined) continue;
    add(e164.slice(1));
    if (home !== undefined && e164.startsWith(`+${home}`)) add(`0${e164.slice(home.length + 1)}`);
  }
  return [...terms];
}

/** A search as the terms are stored: lower-cased, and a phone-like query as its digits. */
export function normalizeSearch(query: string): string {
  const text = query.trim().toLowerCase();
  return /^[+\d\s().-]+$/.test(text) && /\d/.test(text) ? text.replace(/\D/g, '') : text;
}
