/** R-V9 text lengths (in code points), the LINE UID format and the `note` limits (RULES.md §3). */
import { NOTE_HARD_LIMIT, NOTE_SOFT_LIMIT } from '../templates.ts';
import { codePointLength } from './tags.ts';
import type { ValueCheck } from './types.ts';

export interface TextCheckOptions {
  /** Hard limit in code points; none when undefined. */
  maxLength?: number;
  /** The field's name, shown in the message. */
  field: string;
}

/** R-V9: a free-text field; the value is the trimmed text. */
export function checkText(raw: string, options: TextCheckOptions): ValueCheck {
  const text = raw.trim();
  if (options.maxLength !== undefined) {
    const length = codePointLength(text);
    if (length > options.maxLength) {
      return { findings: [{ code: 'text.too_long', params: { length, limit: options.maxLength, field: options.field } }] };
    }
  }
  return { findings: [], value: text };
}

/** `note`: sources give 300 or 2048 characters; warn past 300 (text.long), fail past 2048. */
export function checkNote(raw: string, field = 'note'): ValueCheck {
  const text = raw.trim();
  const length = codePointLength(text);
  if (length > NOTE_HARD_LIMIT) return { findings: [{ code: 'text.too_long', params: { length, limit: NOTE_HARD_LIMIT, field } }] };
  if (length > NOTE_SOFT_LIMIT) return { findings: [{ code: 'text.long', params: { length } }], value: text };
  return { findings: [], value: text };
}

const LINE_UID = /^U[0-9a-f]{32}$/;
const LINE_UID_ANY_CASE = /^U[0-9a-f]{32}$/i;

/**
 * `line_uid`: `U` + 32 lowercase hex digits, as LINE issues them. [decision] The same with
 * upper-case hex digits (or `u`) is invalid, since UIDs compare exactly, with the lower-cased UID as
 * the fix.
 */
export function checkLineUid(raw: string): ValueCheck {
  const text = raw.trim();
  if (LINE_UID.test(text)) return { findings: [], value: text };
  if (LINE_UID_ANY_CASE.test(text)) return { findings: [{ code: 'line_uid.invalid', fix: 'U' + text.slice(1).toLowerCase() }] };
  return { findings: [{ code: 'line_uid.invalid' }] };
}
