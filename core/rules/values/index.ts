/**
 * RULES.md §4: the value check of one cell, dispatched on the template's field kind. Blank cells
 * and `required.missing` are the row checker's; severity, message and location come later from
 * `makeIssue`.
 */
import type { CustomFieldDefinition } from '../../model.ts';
import { EDM_STATUSES, WHATSAPP_STATUSES, type FieldKind } from '../templates.ts';
import { checkCellText, trimCell } from './cell.ts';
import { checkCustom, customOptions } from './custom.ts';
import { checkDate, checkDateTime } from './date.ts';
import { checkEmail } from './email.ts';
import { checkGender } from './gender.ts';
import { checkPhone } from './phone.ts';
import { checkStatus } from './status.ts';
import { checkTags } from './tags.ts';
import { checkLineUid, checkNote, checkText } from './text.ts';
import type { ValueCheck } from './types.ts';

export type { ValueCheck, ValueFinding } from './types.ts';
export { checkCellText, isBlankCell, trimCell } from './cell.ts';
export { checkCustom } from './custom.ts';
export { checkDate, checkDateTime, readDate, readDateTime, isValidTimeZone, zonedToUtc } from './date.ts';
export { checkEmail, suggestDomain } from './email.ts';
export { checkGender } from './gender.ts';
export { checkPhone, readPhone } from './phone.ts';
export { checkStatus } from './status.ts';
export { checkTags, codePointLength } from './tags.ts';
export { checkLineUid, checkNote, checkText } from './text.ts';

export interface ValueContext {
  /** ISO 3166 region national phone numbers belong to (R-V2). */
  region: string;
  /** The cell is the WhatsApp number (`WhatsApp_mobile`): it must be a mobile (R-V2 phone.not_mobile). */
  whatsapp: boolean;
  /** `YYYY-MM-DD`: birthdays after it are implausible (R-V6). */
  today: string;
  /** IANA zone the file's date-times are written in, when the user states it (R-V7). */
  timeZone?: string;
  /** The template's hard limit for a text field (R-V9). */
  maxLength?: number;
  /** Canonical field name (or `cl_custom_<key>` header), shown in messages. */
  fieldName: string;
  /** The custom field's definition; undefined when none are loaded (checked as Text). */
  custom?: CustomFieldDefinition;
  /** Accepted `messaging_status` values (the template's `statuses`); defaults to the EDM and WhatsApp values together. */
  allowed?: readonly string[];
}

const ALL_STATUSES: readonly string[] = [...EDM_STATUSES, ...WHATSAPP_STATUSES];

/** The findings and stored value of one cell: the cell checks (R-V1, R-V10 null, R-V11) plus its kind's. */
export function checkValue(kind: FieldKind | 'custom', raw: string, context: ValueContext): ValueCheck {
  const text = trimCell(raw);
  if (text === '') return { findings: [], value: undefined };
  const cell = checkCellText(raw, { standardField: kind !== 'custom', region: context.region });
  const check = checkKind(kind, text, context);
  return { findings: cell.length === 0 ? check.findings : [...cell, ...check.findings], value: check.value };
}

function checkKind(kind: FieldKind | 'custom', text: string, context: ValueContext): ValueCheck {
  switch (kind) {
    case 'phone':
      return checkPhone(text, { region: context.region, whatsapp: context.whatsapp });
    case 'email':
      return checkEmail(text); // R-V3's ≤255 is part of email.invalid
    case 'status':
      return checkStatus(text, context.allowed && context.allowed.length > 0 ? context.allowed : ALL_STATUSES);
    case 'gender':
      return checkGender(text);
    case 'date':
      return checkDate(text, { today: context.today });
    case 'datetime':
      return checkDateTime(text, { timeZone: context.timeZone });
    case 'tags':
      return checkTags(text);
    case 'line_uid':
      return checkLineUid(text);
    case 'note':
      return checkNote(text, context.fieldName);
    case 'text':
      return checkText(text, { maxLength: context.maxLength, field: context.fieldName });
    case 'custom':
      return checkCustom(text, customOptions(context.fieldName, context.custom, context.timeZone));
  }
}
