/**
 * Makes invisible characters visible. Cell values come from untrusted files: a right-to-left override
 * (U+202E) can make "gnp.exe" read as "exe.png", and zero-width characters make two equal-looking
 * values differ. Every value shown in the UI goes through here, so such characters appear as ⟨U+202E⟩.
 */

/** One piece of a value: ordinary text, or one invisible character shown as a marker. */
export interface TextSegment {
  text: string;
  /** The code point, when this segment stands for an invisible character. */
  codePoint?: number;
}

/**
 * Controls (C0, DEL, C1), soft hyphen, combining grapheme joiner, Arabic letter mark, fillers,
 * Mongolian selectors, zero-width and directional marks, line/paragraph separators, bidi embeddings,
 * overrides and isolates, word joiner and invisible operators, BOM, interlinear annotations and tags.
 */
const INVISIBLE =
  /[\p{Cc}\u00AD\u061C\u115F\u1160\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]|\u034F|\u17B4|\u17B5|[\u180B-\u180F]|[\u{E0000}-\u{E007F}]/gu;

const PICTOGRAPH = /\p{Extended_Pictographic}/u;

/** Zero-width joiners between two pictographs build one emoji (👨‍👩‍👧); they are not hidden text. */
function isEmojiJoiner(value: string, index: number): boolean {
  if (value.charCodeAt(index) !== 0x200d) return false;
  const before = Array.from(value.slice(0, index)).pop() ?? '';
  const after = Array.from(value.slice(index + 1))[0] ?? '';
  // A pictograph may be followed by a variation selector (U+FE0F) before the joiner.
  const base = before === '\uFE0F' ? Array.from(value.slice(0, index - 1)).pop() ?? '' : before;
  return PICTOGRAPH.test(base) && PICTOGRAPH.test(after);
}

/** The marker shown for one invisible code point, e.g. ⟨U+202E⟩. */
export function markerFor(codePoint: number): string {
  return `⟨U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** Splits a value into plain text and invisible-character markers, in order. */
export function splitInvisible(value: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of value.matchAll(INVISIBLE)) {
    const index = match.index ?? 0;
    if (isEmojiJoiner(value, index)) continue;
    if (index > last) segments.push({ text: value.slice(last, index) });
    const codePoint = match[0].codePointAt(0) ?? 0;
    segments.push({ text: markerFor(codePoint), codePoint });
    last = index + match[0].length;
  }
  if (last < value.length) segments.push({ text: value.slice(last) });
  return segments;
}

/** The value as plain text with every invisible character replaced by its marker. */
export function revealInvisible(value: string): string {
  return splitInvisible(value).map((s) => s.text).join('');
}

/** Whether a value holds any character that `revealInvisible` would mark. */
export function hasInvisible(value: string): boolean {
  return splitInvisible(value).some((s) => s.codePoint !== undefined);
}
