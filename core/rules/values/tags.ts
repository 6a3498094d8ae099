/** R-V8 tag lists: MAAC splits on `,` only, trims, drops blanks; tags are at most 50 characters. */
import { TAG_MAX_LENGTH } from '../templates.ts';
import type { ValueCheck, ValueFinding } from './types.ts';

/** Full-width comma and ideographic enumeration comma: look like separators, are not to MAAC. */
const WIDE_SEPARATORS = /[，、]/;
const ANY_SEPARATOR = /[,，、]/;

/** Split, trim, drop blanks, keep the first of duplicates (exact comparison, as tags are names). */
function splitTags(text: string, separator: string | RegExp): { tags: string[]; duplicates: string[] } {
  const tags: string[] = [];
  const duplicates: string[] = [];
  const seen = new Set<string>();
  for (const part of text.split(separator)) {
    const tag = part.trim();
    if (tag === '') continue;
    if (seen.has(tag)) {
      if (!duplicates.includes(tag)) duplicates.push(tag);
      continue;
    }
    seen.add(tag);
    tags.push(tag);
  }
  return { tags, duplicates };
}

/** Length in code points: a full-width character counts as one, like a half-width one (R-V9). */
export function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xd800 || code > 0xdbff || i + 1 === text.length) length++;
    else {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      length++;
    }
  }
  return length;
}

/** R-V8: findings for one tag cell; the value is the tag list as MAAC splits it (on `,`), de-duplicated. */
export function checkTags(raw: string): ValueCheck {
  const { tags, duplicates } = splitTags(raw.trim(), ',');
  const findings: ValueFinding[] = duplicates.map((tag) => ({ code: 'tag.duplicate', params: { tag } }));
  const joined = tags.find((tag) => WIDE_SEPARATORS.test(tag));
  if (joined !== undefined) {
    findings.push({ code: 'tag.separator', fix: splitTags(raw.trim(), ANY_SEPARATOR).tags.join(','), params: { tag: joined } });
  }
  let tooLong = false;
  for (const tag of tags) {
    const length = codePointLength(tag);
    if (length > TAG_MAX_LENGTH) {
      findings.push({ code: 'tag.too_long', params: { tag, length } });
      tooLong = true;
    }
  }
  return tooLong ? { findings } : { findings, value: tags };
}
