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

