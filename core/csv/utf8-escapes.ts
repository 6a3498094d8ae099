/**
 * UTF-8 that keeps its invalid bytes (R-F5). A byte that is not part of a well-formed UTF-8
 * character becomes the lone surrogate U+DC00 + byte (as Python's "surrogateescape"): no valid
 * UTF-8 decodes to a lone surrogate, so the escapes are unambiguous, and the bytes stay recoverable
 * for the cell's `cell.encoding` issue and its legacy reading (core/rules/cell-encoding.ts).
 *
 * | bytes                          | text                      |
 * |--------------------------------|---------------------------|
 * | well-formed UTF-8              | its characters            |
 * | any other byte 0x80–0xFF       | U+DC80–U+DCFF, one a byte |
 */
import { isUtf8 } from 'node:buffer';

const ESCAPE_BASE = 0xdc00;

/** The text of `bytes`, each byte of an ill-formed sequence as its escape. */
export function decodeUtf8WithEscapes(bytes: Uint8Array): string {
  const units: number[] = [];
  let text = '';
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const length = wellFormedLength(bytes, i);
    if (length === 0) {
      units.push(ESCAPE_BASE + bytes[i]);
      i++;
    } else if (length === 1) {
      units.push(bytes[i]);
      i++;
    } else {
      let point = bytes[i] & (0xff >> (length + 1));
      for (let k = 1; k < length; k++) point = (point << 6) | (bytes[i + k] & 0x3f);
      if (point >= 0x10000) {
        point -= 0x10000;
        units.push(0xd800 + (point >> 10), 0xdc00 + (point & 0x3ff));
      } else {
        units.push(point);
      }
      i += length;
    }
    if (units.length >= 8192) {
      text += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  return text + String.fromCharCode(...units);
}

/**
 * The length of the well-formed UTF-8 character at `i` (Unicode table 3-7: no overlongs, no
 * surrogates, nothing past U+10FFFF), or 0 when the byte there does not start one.
 */
function wellFormedLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const n = bytes.length;
  const inRange = (at: number, low: number, high: number) => at < n && bytes[at] >= low && bytes[at] <= high;
  if (b >= 0xc2 && b <= 0xdf) return inRange(i + 1, 0x80, 0xbf) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const low = b === 0xe0 ? 0xa0 : 0x80;
    const high = b === 0xed ? 0x9f : 0xbf;
    return inRange(i + 1, low, high) && inRange(i + 2, 0x80, 0xbf) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const low = b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xf4 ? 0x8f : 0xbf;
    return inRange(i + 1, low, high) && inRange(i + 2, 0x80, 0xbf) && inRange(i + 3, 0x80, 0xbf) ? 4 : 0;
  }
  return 0;
}

/**
 * Where the bytes stop being whole: before a character the chunk cut (its lead byte and the
 * continuation bytes that fit it so far), else the end.
 */
function wholeEnd(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back];
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return needed > back ? n - back : n;
    }
  }
  return n;
}

/** A streaming decoder: a character cut by a chunk boundary waits for the next chunk. */
export class EscapingUtf8Decoder {
  private held: Buffer | undefined;
  private readonly native = new TextDecoder('utf-8', { ignoreBOM: true });
  /** Whether any text given out so far holds an escaped byte. */
  escaped = false;

  write(chunk: Buffer): string {
    const bytes = this.held === undefined ? chunk : Buffer.concat([this.held, chunk]);
    const end = wholeEnd(bytes);
    this.held = end < bytes.length ? Buffer.from(bytes.subarray(end)) : undefined;
    return this.decode(bytes.subarray(0, end));
  }

  end(): string {
    const rest = this.held;
    this.held = undefined;
    return rest === undefined ? '' : this.decode(rest);
  }

  private decode(bytes: Buffer): string {
    // The platform's decoder for what is well-formed (nearly every chunk of nearly every file).
    if (isUtf8(bytes)) return this.native.decode(bytes);
    this.escaped = true;
    return decodeUtf8WithEscapes(bytes);
  }
}

/** Bytes in well-formed multi-byte UTF-8 characters, and bytes that are not UTF-8. */
export function utf8Tally(bytes: Uint8Array): { multiByte: number; invalid: number } {
  let multiByte = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length;) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const length = wellFormedLength(bytes, i);
    if (length === 0) {
      invalid++;
      i++;
    } else {
      multiByte += length;
      i += length;
    }
  }
  return { multiByte, invalid };
}
