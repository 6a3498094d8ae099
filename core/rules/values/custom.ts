/** R-V10 custom field values (`cl_custom_<key>`), checked by the field definition's type. */
import type { CustomFieldDefinition, CustomFieldType } from '../../model.ts';
import { CUSTOM_PREFIX, CUSTOM_TEXT_MAX_LENGTH } from '../templates.ts';
import { checkDate, checkDateTime } from './date.ts';
import { codePointLength } from './tags.ts';
import type { ValueCheck } from './types.ts';

export interface CustomCheckOptions {
  key: string;
  /** The field's type; Text when no definitions are loaded (R-H6 `custom.undefined`). */
  type: CustomFieldType;
  /** The file's stated IANA time zone (R-V7), for DateTime fields. */
  timeZone?: string;
}

/** Digits with an optional sign and decimals. */
const NUMBER = /^[+-]?\d+(?:\.\d+)?$/;
/** The same written with thousands separators (`1,234,567.5`): the fix drops them. */
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

export function checkCustom(raw: string, options: CustomCheckOptions): ValueCheck {
  const text = raw.trim();
  const { key } = options;
  // The literal `null` (any case) clears a custom field.
  if (text.toLowerCase() === 'null') return { findings: [], value: null };
  switch (options.type) {
    case 'text': {
      const length = codePointLength(text);
      return length > CUSTOM_TEXT_MAX_LENGTH
        ? { findings: [{ code: 'custom.text.too_long', params: { key, length } }] }
        : { findings: [], value: text };
    }
    case 'number':
      return checkNumber(text, key);
    case 'date':
      return checkDate(text, { invalidCode: 'custom.date.invalid', params: { key } });
    case 'datetime':
      return checkDateTime(text, { timeZone: options.timeZone, invalidCode: 'custom.datetime.invalid', params: { key } });
  }
}

function checkNumber(text: string, key: string): ValueCheck {
  // Full-width digits (IME input) are the same number: NFKC maps them to ASCII.
  const ascii = /[\u0080-\uffff]/.test(text) ? text.normalize('NFKC') : text;
  if (ascii === text && NUMBER.test(text)) return { findings: [], value: text };
  const fix = NUMBER.test(ascii) ? ascii : GROUPED_NUMBER.test(ascii) ? ascii.replace(/,/g, '') : undefined;
  return { findings: [{ code: 'custom.number.invalid', params: { key }, ...(fix !== undefined ? { fix } : {}) }] };
}

/** The options for a column from its definition (Text with the header's key when none is loaded). */
export function customOptions(fieldName: string, definition: CustomFieldDefinition | undefined, timeZone?: string): CustomCheckOptions {
  const key = definition?.key ?? (fieldName.startsWith(CUSTOM_PREFIX) ? fieldName.slice(CUSTOM_PREFIX.length) : fieldName);
  return { key, type: definition?.type ?? 'text', timeZone };
}
