/**
 * The channel templates of RULES.md §3, in template order (the upload-ready export writes this order),
 * and the key → column mapping of R-M1.
 */
import type { Channel, ContactChannel, KeyName } from '../model.ts';

/** How a field's values are checked (RULES.md §4). */
export const FIELD_KINDS = ['line_uid', 'phone', 'email', 'status', 'gender', 'date', 'datetime', 'tags', 'text', 'note'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];
/** The kinds a value checker takes: a template field's, or a custom field's (checked by its definition). */
export const VALUE_KINDS = [...FIELD_KINDS, 'custom'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

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
  ...commonNames(['WhatsApp_mobile', 'phone', 'mobile'], [
    // R-H8: the names people give phone columns (zh-TW, zh-CN, English, Thai, Japanese).
    '手機', '手機號碼', '手機號', '行動電話', '電話', '電話號碼', '聯絡電話', '手机', '手机号', '手机号码', '电话', '电话号码', '联系电话',
    'Phone Number', 'Mobile Number', 'Mobile Phone', 'Cell Phone', 'Cell', 'Tel', 'Telephone', 'Contact Number',
    'เบอร์โทร', 'เบอร์โทรศัพท์', 'โทรศัพท์', 'เบอร์มือถือ', 'มือถือ', '電話番号', '携帯電話', '携帯番号', '携帯',
  ]),
  ...commonNames(['name', 'display_name'], [
    '姓名', '名字', '名稱', '名称', '客戶名稱', '客户名称', '會員姓名', '会员姓名',
    'Full Name', 'Customer Name', 'Contact Name', 'ชื่อ', 'ชื่อลูกค้า', 'ชื่อ-นามสกุล', '氏名', '名前', 'お名前',
  ]),
  ...commonNames(['email'], [
    '電子郵件', '電子信箱', '信箱', '郵件', '電郵', '电子邮件', '邮箱', '电子邮箱', 'E-mail Address', 'Email Addr', 'อีเมล', 'อีเมล์', 'メールアドレス', 'メール',
  ]),
  ...commonNames(['birthday'], ['生日', '出生日期', '出生年月日', 'Date of Birth', 'Birth Date', 'Birthdate', 'DOB', 'วันเกิด', '生年月日', '誕生日']),
  ...commonNames(['gender'], ['性別', '性别', 'Sex', 'เพศ']),
  ...commonNames(['tags', 'tag'], ['標籤', '标签', 'Labels', 'แท็ก', 'タグ']),
  ...commonNames(['messaging_status'], ['狀態', '状态', '訂閱狀態', '订阅状态', 'Subscription Status', 'สถานะ', 'ステータス']),
  ...commonNames(['customer_id'], [
    '會員編號', '會員ID', '會員代號', '客戶編號', '客戶ID', '会员编号', '会员ID', '客户编号', '客户ID',
    'Member ID', 'Member Number', 'Customer Number', 'Customer No', 'รหัสลูกค้า', 'รหัสสมาชิก', '会員番号', '顧客番号', '顧客ID',
  ]),
  ...commonNames(['note'], ['備註', '备注', '附註', 'Remark', 'Remarks', 'Notes', 'Memo', 'หมายเหตุ', '備考', 'メモ']),
};

/** Each name, normalized as R-H2 compares headers, suggesting `fields` (the first the channel has and the file lacks). */
function commonNames(fields: readonly string[], names: readonly string[]): Record<string, readonly string[]> {
  return Object.fromEntries(names.map((name) => [normalizeHeaderName(name), fields]));
}

/** R-H2 normalization: case, surrounding/inner spaces, `_`/`-`, full-width letters. */
export function normalizeHeaderName(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[\s_\-\u3000]+/g, '');
}
