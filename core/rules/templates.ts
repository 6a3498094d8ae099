/**
 * The channel templates of RULES.md §3, in template order (the upload-ready export writes this order),
 * and the key → column mapping of R-M1.
 */
import type { Channel, ContactChannel, KeyName } from '../model.ts';

/** How a field's values are checked (RULES.md §4). */
export type FieldKind = 'line_uid' | 'phone' | 'email' | 'status' | 'gender' | 'date' | 'datetime' | 'tags' | 'text' | 'note';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required: boolean;
  /** Hard limit in code points (R-V9 `text.too_long`). */
  maxLength?: number;
}

export interface ChannelTemplate {
  channel: Channel;
  label: string;
  fields: readonly FieldSpec[];
  /** Accepted `messaging_status` values (R-V4), when the channel has a status. */
  statuses?: readonly string[];
}

const text = (name: string, maxLength?: number): FieldSpec => ({ name, kind: 'text', required: false, maxLength });

/** `note` warns past 300 characters (text.long) and fails past 2048, the larger limit the sources give. */
export const NOTE_SOFT_LIMIT = 300;
export const NOTE_HARD_LIMIT = 2048;
export const TAG_MAX_LENGTH = 50;
export const CUSTOM_TEXT_MAX_LENGTH = 255;

export const EDM_STATUSES = ['subscribed', 'unsubscribed', 'hard_bounce', 'spam_report'] as const;
export const WHATSAPP_STATUSES = ['opted_in', 'opted_out', 'not_subscribed'] as const;
export const GENDERS = ['female', 'male', 'unknown'] as const;

export const TEMPLATES: Record<Channel, ChannelTemplate> = {
  line: {
    channel: 'line',
    label: 'LINE',
    fields: [
      { name: 'line_uid', kind: 'line_uid', required: false },
      { name: 'phone', kind: 'phone', required: false },
      text('customer_id', 1024),
      text('name', 255),
      { name: 'email', kind: 'email', required: false, maxLength: 255 },
      { name: 'note', kind: 'note', required: false, maxLength: NOTE_HARD_LIMIT },
      { name: 'tags', kind: 'tags', required: false },
      text('fb_id'),
      text('ig_id'),
    ],
  },
  email: {
    channel: 'email',
    label: 'Email (EDM)',
    statuses: EDM_STATUSES,
    fields: [
      { name: 'email', kind: 'email', required: true, maxLength: 255 },
      { name: 'messaging_status', kind: 'status', required: true },
      text('display_name', 255),
      { name: 'gender', kind: 'gender', required: false },
      text('customer_id', 1024),
      { name: 'mobile', kind: 'phone', required: false },
      { name: 'birthday', kind: 'date', required: false },
      { name: 'tag', kind: 'tags', required: false },
      text('consent_source'),
      { name: 'consent_at', kind: 'datetime', required: false },
    ],
  },
  whatsapp: {
    channel: 'whatsapp',
    label: 'WhatsApp',
    statuses: WHATSAPP_STATUSES,
    fields: [
      { name: 'WhatsApp_mobile', kind: 'phone', required: true },
      { name: 'messaging_status', kind: 'status', required: true },
      text('display_name', 255),
      { name: 'gender', kind: 'gender', required: false },
      text('customer_id', 1024),
      { name: 'mobile', kind: 'phone', required: false },
      // [decision] The current article's table has an unnamed phone row; an older copy lists `email`. Accept both.
      { name: 'email', kind: 'email', required: false, maxLength: 255 },
      { name: 'birthday', kind: 'date', required: false },
      { name: 'tag', kind: 'tags', required: false },
    ],
  },
};

export function fieldSpec(channel: Channel, name: string): FieldSpec | undefined {
  return TEMPLATES[channel].fields.find((f) => f.name === name);
}

/** R-M1: the column a key reads in each channel's template (undefined: the template has no such column). */
export function keyField(channel: Channel, key: KeyName): string | undefined {
  switch (key) {
    case 'line_uid':
      return channel === 'line' ? 'line_uid' : undefined;
    case 'email':
      return 'email';
    case 'customer_id':
      return 'customer_id';
    case 'phone':
      return channel === 'whatsapp' ? 'WhatsApp_mobile' : channel === 'email' ? 'mobile' : 'phone';
  }
}

/** The channel contacts a key matches (R-M3 [decision]: LINE imports match `line` and `sms` contacts). */
export function matchableChannels(channel: Channel): readonly ContactChannel[] {
  return channel === 'line' ? ['line', 'sms'] : [channel];
}

/** R-U3: the field that is a contact's channel primary key, never updated by import. */
export const PRIMARY_KEY_FIELD: Record<ContactChannel, string> = {
  line: 'line_uid',
  email: 'email',
  whatsapp: 'WhatsApp_mobile',
  sms: 'phone',
};

/** Tag columns are named `tags` (LINE) or `tag` (EDM, WhatsApp); contacts keep them as one tag list. */
export function isTagField(name: string): boolean {
  return name === 'tags' || name === 'tag';
}

/** Headers that only exports carry (R-H7). `external_member_id` gets its own code; the rest are unknown. */
export const NOT_IMPORTABLE_HEADERS: readonly string[] = ['external_member_id'];
export const EXPORT_ONLY_HEADERS: readonly string[] = ['created_at', 'updated_at', 'unified_contact_id', 'contact_id', 'channel'];

export const CUSTOM_PREFIX = 'cl_custom_';

/** Known aliases (R-H2) from a normalized header to a canonical field name, before channel filtering. */
export const HEADER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  tags: ['tag'],
  tag: ['tags'],
  name: ['display_name'],
  displayname: ['name'],
  phone: ['mobile', 'WhatsApp_mobile'],
  mobile: ['phone'],
  status: ['messaging_status'],
  email: ['email'],
  emailaddress: ['email'],
  mail: ['email'],
  whatsappmobile: ['WhatsApp_mobile'],
  whatsapp: ['WhatsApp_mobile'],
  whatsappnumber: ['WhatsApp_mobile'],
  lineuid: ['line_uid'],
  uid: ['line_uid'],
  customerid: ['customer_id'],
};
