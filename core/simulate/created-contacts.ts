/**
 * The contacts an import creates, kept compact: a million new contacts would otherwise be a million
 * objects with field records (over a gigabyte) held only in case a later row has the same key
 * (R-M6). Each is packed as UTF-8 bytes into large shared buffers and turned back into a Contact
 * only when asked (a later row matches it, or the caller wants the contacts).
 */
import type { Contact, ContactChannel } from '../model.ts';
import { CONTACT_CHANNELS } from '../model.ts';
import { IntColumn } from './int-column.ts';

const CHUNK_BYTES = 4 * 1024 * 1024;
/** Between a field's index and its value, and between fields; tags follow FIELDS_END. */
const SEP = '\x1f';
const FIELDS_END = '\x1e';

/**
 * The contacts, each packed as UTF-8: `<channel>` then `\x1f<field index>\x1f<value>` per field,
 * then `\x1e` and the tags separated by `\x1f`. Written straight into the current chunk (no string
 * is built); a contact whose text cannot be packed exactly (a separator character, a lone surrogate
 * UTF-8 cannot carry) is kept whole instead.
 */
export class CreatedContacts {
  private readonly chunks: Buffer[] = [];
  private chunk: Buffer = Buffer.alloc(0);
  private used = 0;
  /** Where the contact being packed starts in `chunk`, and whether it can still be packed. */
  private contactStart = 0;
  private packing = false;
  private packable = true;
  private readonly chunkOf = new IntColumn();
  private readonly startOf = new IntColumn();
  private readonly lengthOf = new IntColumn();
  private readonly rowOf = new IntColumn();
  /** Contacts kept whole: those that could not be packed, and those a later row updated. */
  private readonly whole = new Map<number, Contact>();
  /** Ids other than `new-<row>` (the rare `new-<row>-<n>`). */
  private readonly otherIds = new Map<number, string>();
  private readonly fieldNames: string[] = [];
  private readonly fieldIndexes = new Map<string, number>();
  count = 0;

  /** `firstOrder`: the order of the first contact created; the others follow one by one. */
  constructor(private readonly firstOrder: number, private readonly importedAt: string) {}

  private readonly digitsOf = new Map<string, string>();

  /** A field's index as the decimal digits written in the packed text. */
  private fieldDigits(name: string): string {
    let digits = this.digitsOf.get(name);
    if (digits === undefined) this.digitsOf.set(name, (digits = String(this.fieldIndex(name))));
    return digits;
  }

  fieldIndex(name: string): number {
    let index = this.fieldIndexes.get(name);
    if (index === undefined) {
      index = this.fieldNames.length;
      this.fieldNames.push(name);
      this.fieldIndexes.set(name, index);
    }
    return index;
  }

  /** Starts packing the next contact: then `field` per field, then `add`. */
  begin(channel: ContactChannel): void {
    this.packing = true;
    this.packable = true;
    this.contactStart = this.used;
    this.reserve(1);
    this.chunk[this.used++] = 0x30 + CONTACT_CHANNELS.indexOf(channel);
  }

  field(name: string, value: string): void {
    if (!this.packable) return;
    const index = this.fieldDigits(name);
    if (!this.reserve(2 + index.length)) return;
    this.chunk[this.used++] = 0x1f;
    for (let i = 0; i < index.length; i++) this.chunk[this.used++] = index.charCodeAt(i);
    this.chunk[this.used++] = 0x1f;
    this.text(value);
  }

  /**
   * Finishes the contact begun with its tags; returns its index. When it could not be packed,
   * `isPacked` is false and the caller must `replace` it with the whole contact.
   */
  add(id: string, row: number, tags: readonly string[]): number {
    const index = this.count++;
    this.rowOf.push(row);
    if (id !== `new-${row}`) this.otherIds.set(index, id);
    if (this.packable && this.reserve(1)) {
      this.chunk[this.used++] = 0x1e;
      for (let i = 0; i < tags.length && this.packable; i++) {
        if (i > 0) {
          if (!this.reserve(1)) break;
          this.chunk[this.used++] = 0x1f;
        }
        this.text(tags[i]);
      }
    }
    this.packing = false;
    if (!this.packable) {
      this.used = this.contactStart;
      this.chunkOf.push(-1);
      this.startOf.push(0);
      this.lengthOf.push(0);
      return index;
    }
    this.chunkOf.push(this.chunks.length - 1);
    this.startOf.push(this.contactStart);
    this.lengthOf.push(this.used - this.contactStart);
    return index;
  }

  /** UTF-8 of `text` (which must not hold a separator or a lone surrogate). */
  private text(text: string): void {
    // At most 3 bytes per UTF-16 code unit.
    if (!this.reserve(3 * text.length)) return;
    const chunk = this.chunk;
    let used = this.used;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        if (c === 0x1e || c === 0x1f) return this.unpackable();
        chunk[used++] = c;
      } else if (c < 0x800) {
        chunk[used++] = 0xc0 | (c >> 6);
        chunk[used++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        chunk[used++] = 0xe0 | (c >> 12);
        chunk[used++] = 0x80 | ((c >> 6) & 0x3f);
        chunk[used++] = 0x80 | (c & 0x3f);
      } else {
        const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        if (c >= 0xdc00 || next < 0xdc00 || next > 0xdfff) return this.unpackable();
        const point = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        chunk[used++] = 0xf0 | (point >> 18);
        chunk[used++] = 0x80 | ((point >> 12) & 0x3f);
        chunk[used++] = 0x80 | ((point >> 6) & 0x3f);
        chunk[used++] = 0x80 | (point & 0x3f);
        i++;
      }
    }
    this.used = used;
  }

  private unpackable(): void {
    this.packable = false;
  }

  /** Room for `bytes` more in the current chunk, moving the contact begun to a new chunk if needed. */
  private reserve(bytes: number): boolean {
    if (this.used + bytes <= this.chunk.length) return true;
    const soFar = this.used - this.contactStart;
    if (soFar + bytes > CHUNK_BYTES) {
      // Larger than a chunk (a huge cell): kept whole.
      this.unpackable();
      return false;
    }
    const next = Buffer.allocUnsafe(CHUNK_BYTES);
    if (this.packing) this.chunk.copy(next, 0, this.contactStart, this.used);
    this.chunks.push(next);
    this.chunk = next;
    this.contactStart = 0;
    this.used = soFar;
    return true;
  }

  isPacked(index: number): boolean {
    return this.chunkOf.get(index) >= 0;
  }

  orderOf(index: number): number {
    return this.firstOrder + index;
  }

  id(index: number): string {
    return this.otherIds.get(index) ?? `new-${this.rowOf.get(index)}`;
  }

  /** The contact as a whole object (a fresh one for packed contacts). */
  get(index: number): Contact {
    const whole = this.whole.get(index);
    if (whole !== undefined) return whole;
    const chunk = this.chunkOf.get(index);
    const start = this.startOf.get(index);
    const text = this.chunks[chunk].toString('utf8', start, start + this.lengthOf.get(index));
    const end = text.indexOf(FIELDS_END);
    const parts = text.slice(0, end).split(SEP);
    const fields: Record<string, string> = Object.create(null);
    for (let i = 1; i < parts.length; i += 2) fields[this.fieldNames[+parts[i]]] = parts[i + 1];
    const tagText = text.slice(end + 1);
    return {
      id: this.id(index),
      channel: CONTACT_CHANNELS[+parts[0]],
      fields,
      tags: tagText === '' ? [] : tagText.split(SEP),
      createdAt: this.importedAt,
      updatedAt: this.importedAt,
      order: this.orderOf(index),
      row: this.rowOf.get(index),
    };
  }

  /** Replaces a contact (after an update): from now on it is kept whole. */
  replace(index: number, contact: Contact): void {
    this.whole.set(index, contact);
  }

  all(): Contact[] {
    const out: Contact[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.get(i);
    return out;
  }
}
