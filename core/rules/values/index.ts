/**
 * RULES.md §4: the value check of one cell, dispatched on the template's field kind. Blank cells
 * and `required.missing` are the row checker's; severity, message and location come later from
 * `makeIssue`.
 */
import type { CustomFieldDefinition } from '../../model.ts';
import { EDM_STATUSES, WHATSAPP_STATUSES, type ValueKind } from '../templates.ts';
import { cellFindings, trimCell } from './cell.ts';
import { checkCustom, customOptions, type CustomCheckOptions } from './custom.ts';
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
export function checkValue(kind: ValueKind, raw: string, context: ValueContext): ValueCheck {
  return valueChecker(kind, context)(raw);
}

/**
 * `checkValue` for one column: the kind and its options are settled once, so a million cells of a
 * column pay only for their own checks.
 */
export function valueChecker(kind: ValueKind, context: ValueContext): (raw: string) => ValueCheck {
  const checkKind = kindChecker(kind, context);
  const standardField = kind !== 'custom';
  const region = context.region;
  return (raw) => {
    const text = trimCell(raw);
    if (text === '') return { findings: [], value: undefined };
    const cell = cellFindings(raw, text, standardField, region);
    const check = checkKind(text);
    return cell === undefined ? check : { findings: [...cell, ...check.findings], value: check.value };
  };
}

function kindChecker(kind: ValueKind, context: ValueContext): (text: string) => ValueCheck {
  switch (kind) {
    case 'phone': {
      const options = { region: context.region, whatsapp: context.whatsapp };
      return (text) => checkPhone(text, options);
    }
    case 'email':
      return checkEmail; // R-V3's ≤255 is part of email.invalid
    case 'status': {
      const allowed = context.allowed && context.allowed.length > 0 ? context.allowed : ALL_STATUSES;
      return (text) => checkStatus(text, allowed);
    }
    case 'gender':
      return checkGender;
    case 'date': {
      const options = { today: context.today };
      return (text) => checkDate(text, options);
    }
    case 'datetime': {
      const options = { timeZone: context.timeZone };
      return (text) => checkDateTime(text, options);
    }
    case 'tags':
      return checkTags;
    case 'line_uid':
      return checkLineUid;
    case 'note': {
      const field = context.fieldName;
      return (text) => checkNote(text, field);
    }
    case 'text': {
      const options = { maxLength: context.maxLength, field: context.fieldName };
      return (text) => checkText(text, options);
    }
    case 'custom': {
      const options: CustomCheckOptions = customOptions(context.fieldName, context.custom, context.timeZone);
      return (text) => checkCustom(text, options);
    }
  }
}
