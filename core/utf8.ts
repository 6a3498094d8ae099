/**
 * UTF-8 written by hand, a character at a time, where the platform's encoder would need a string
 * made first (values texts, the case file's cells): the one encoding of a non-ASCII character.
 */

/**
 * Writes the non-ASCII UTF-16 code unit `code` (with `next`, the unit after it, for a surrogate
 * pair) as UTF-8 at `at`: the new end, or -1 for a lone surrogate, which UTF-8 cannot carry. A pair
 * takes both units: the caller skips `next` when `code` is a surrogate.
 */
export function writeNonAsciiUtf8(bytes: Uint8Array, at: number, code: number, next: number): number {
  if (code < 0x800) {
    bytes[at++] = 0xc0 | (code >> 6);
    bytes[at++] = 0x80 | (code & 0x3f);
  } else if (code < 0xd800 || code > 0xdfff) {
    bytes[at++] = 0xe0 | (code >> 12);
    bytes[at++] = 0x80 | ((code >> 6) & 0x3f);
    bytes[at++] = 0x80 | (code & 0x3f);
  } else {
    if (code > 0xdbff || next < 0xdc00 || next > 0xdfff) return -1;
    const point = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
    bytes[at++] = 0xf0 | (point >> 18);
    bytes[at++] = 0x80 | ((point >> 12) & 0x3f);
    bytes[at++] = 0x80 | ((point >> 6) & 0x3f);
    bytes[at++] = 0x80 | (point & 0x3f);
  }
  return at;
}
