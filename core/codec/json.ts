/**
 * The case file's JSON of values and changes, written a million times per check (a row's cells go
 * straight to UTF-8: Utf8Bytes.writeJsonStrings). Values and
 * changes whose text has nothing JSON escapes (quotes, backslashes, control characters, surrogates)
 * are written by joining, anything else through JSON.stringify. The result is always JSON.stringify's
 * (a property test holds them equal).
 */
import type { FieldValue } from '../model.ts';

/** A character JSON.stringify may write differently from itself: a quote, a backslash, a control or a lone surrogate. */
export const NEEDS_ESCAPE = /["\\\p{Cc}\p{Cs}]/u;


/** JSON.stringify([...values]). */
export function jsonOfEntries(values: ReadonlyMap<string, FieldValue>): string {
  let json = '[';
  let plain = true;
  values.forEach((value, field) => {
    if (!plain) return;
    if (json.length > 1) json += ',';
    json += `["${field}",`;
    if (value === null || value === undefined) json += 'null]';
    else if (typeof value === 'string') json += `"${value}"]`;
    else json += `${value.length === 0 ? '[]' : `["${value.join('","')}"]`}]`;
    if (NEEDS_ESCAPE.test(field) || (typeof value === 'string' && NEEDS_ESCAPE.test(value)) || (Array.isArray(value) && value.some((v) => NEEDS_ESCAPE.test(v)))) plain = false;
  });
  return plain ? json + ']' : JSON.stringify([...values]);
}

/** JSON.stringify(pairs) for [string, string] pairs. */
export function jsonOfPairs(pairs: readonly (readonly [string, string])[]): string {
  let json = '[';
  for (const [a, b] of pairs) {
    if (NEEDS_ESCAPE.test(a) || NEEDS_ESCAPE.test(b)) return JSON.stringify(pairs);
    json += json.length > 1 ? `,["${a}","${b}"]` : `["${a}","${b}"]`;
  }
  return json + ']';
}
