/**
 * R-P6: the conflict list, with the columns of MAAC's conflict export and then ListPrep's own
 * `linked_by` and `row`.
 */
import type { Contact, ContactChannel } from '../model.ts';
import { PRIMARY_KEY_FIELD } from '../rules/templates.ts';
import { fieldOf } from '../rules/identity.ts';
import { CONFLICT_REASON_CUSTOMER_ID, compareText, type UnifyResult } from './unify.ts';

export const CONFLICT_LIST_HEADER: readonly string[] = [
  'unified_contact_id',
  'platform_type',
  'platform_name',
  'external_member_id',
  'customer_id',
  'conflict_reason',
  'linked_by',
  'row',
];

/** [decision] ListPrep does not know the brand's channel account names, so `platform_name` is the channel's name. */
const PLATFORM_NAME: Record<ContactChannel, string> = { line: 'LINE', email: 'Email', whatsapp: 'WhatsApp', sms: 'SMS' };

/**
 * One line per contact of every split component (header first), grouped by component, then by
 * profile, then by contact id. `external_member_id` is the snapshot's value, else the contact's
 * channel primary key; `linked_by` the contact's own cut values (else its component's), `; `-joined;
 * `row` the import row that created or last updated the contact, blank for untouched snapshot contacts.
 */
export function conflictListRows(result: UnifyResult, contacts: readonly Contact[]): string[][] {
  const byId = new Map<string, Contact>();
  for (const contact of contacts) if (!byId.has(contact.id)) byId.set(contact.id, contact);
  const rows: string[][] = [CONFLICT_LIST_HEADER.slice()];
  for (const conflict of result.conflicts) {
    const ordered = conflict.contactIds
      .map((id) => ({ id, profile: result.profileOf.get(id) ?? '' }))
      .sort((a, b) => compareText(a.profile, b.profile) || compareText(a.id, b.id));
    for (const { id, profile } of ordered) {
      const contact = byId.get(id);
      if (contact === undefined) continue;
      rows.push([
        profile,
        contact.channel,
        PLATFORM_NAME[contact.channel],
        fieldOf(contact, 'external_member_id') ?? fieldOf(contact, PRIMARY_KEY_FIELD[contact.channel]) ?? '',
        fieldOf(contact, 'customer_id')?.trim() ?? '',
        CONFLICT_REASON_CUSTOMER_ID,
        (result.linkedByOf.get(id) ?? conflict.linkedBy).join('; '),
        contact.row === undefined ? '' : String(contact.row),
      ]);
    }
  }
  return rows;
}
