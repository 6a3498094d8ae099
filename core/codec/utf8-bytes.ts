import { writeNonAsciiUtf8 } from '../utf8.ts';

/** Texts (and bytes) written one after another as UTF-8 into a buffer that grows, off the JavaScript heap. */
export class Utf8Bytes {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private length = 0;

  /** Writes a text; its length in bytes. */
  write(text: string): number {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.length + text.length * 3 > this.bytes.length) this.grow(text.length * 3);
    const written = this.bytes.write(text, this.length, 'utf8');
    this.length += written;
    return written;
  }

  private grow(needed: number): void {
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + needed));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  /**
   * Writes a text as JSON writes it (`JSON.stringify(text)`: quoted, `"` `\` and control characters
   * escaped, a lone surrogate as `\udxxx`), straight to UTF-8: a row's cells, without making their
   * JSON text and then its UTF-8 (a property test holds the bytes equal to JSON.stringify's).
   */
  writeJsonString(text: string): void {
    // Each code unit takes at most 6 bytes (`\u001f`, `\udxxx`).
    if (this.length + text.length * 6 + 2 > this.bytes.length) this.grow(text.length * 6 + 2);
    const bytes = this.bytes;
    let at = this.length;
    bytes[at++] = QUOTE;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80) {
        if (code >= 0x20 && code !== QUOTE && code !== BACKSLASH) bytes[at++] = code;
        else at = writeEscape(bytes, at, code);
      } else {
        const end = writeNonAsciiUtf8(bytes, at, code, i + 1 < text.length ? text.charCodeAt(i + 1) : 0);
        if (end < 0) {
          at = writeUnicodeEscape(bytes, at, code);
        } else {
          at = end;
          if (code >= 0xd800 && code <= 0xdfff) i++;
        }
      }
    }
    bytes[at++] = QUOTE;
    this.length = at;
  }

  /** Writes a list of texts as JSON writes it (`JSON.stringify(list)`). */
  writeJsonStrings(list: readonly string[]): void {
    this.writeByte(0x5b);
    for (let i = 0; i < list.length; i++) {
      if (i > 0) this.writeByte(0x2c);
      this.writeJsonString(list[i]);
    }
    this.writeByte(0x5d);
  }

  /** Appends one byte (an ASCII character's code). */
  writeByte(code: number): void {
    if (this.length === this.bytes.length) this.grow(1);
    this.bytes[this.length++] = code;
  }

  /** Appends bytes. */
  writeBytes(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.bytes.length) this.grow(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  get byteLength(): number {
    return this.length;
  }

  /** What was written, in memory of its own (to transfer); starts over. */
  take(): Uint8Array {
    const out = Buffer.allocUnsafeSlow(this.length);
    this.bytes.copy(out, 0, 0, this.length);
    this.length = 0;
    return out;
  }
}


const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** JSON's two-character escapes, by code. */
const SHORT_ESCAPES: Readonly<Record<number, number>> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72, 0x22: 0x22, 0x5c: 0x5c };
const HEX = [0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66];

/** An ASCII character JSON escapes: `\"`, `\\`, `\n`… or `\u00xx`. */
function writeEscape(bytes: Buffer, at: number, code: number): number {
  const short = SHORT_ESCAPES[code];
  if (short === undefined) return writeUnicodeEscape(bytes, at, code);
  bytes[at++] = BACKSLASH;
  bytes[at++] = short;
  return at;
}

/** `\u` and four lowercase hex digits, as JSON.stringify writes them. */
function writeUnicodeEscape(bytes: Buffer, at: number, code: number): number {
  bytes[at++] = BACKSLASH;
  bytes[at++] = 0x75;
  bytes[at++] = HEX[(code >> 12) & 15];
  bytes[at++] = HEX[(code >> 8) & 15];
  bytes[at++] = HEX[(code >> 4) & 15];
  bytes[at++] = HEX[code & 15];
  return at;
}
