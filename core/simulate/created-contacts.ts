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
const CHANNEL_DIGITS = ['0', '1', '2', '3'];
/** Between a field's index and its value, and between fields; tags follow FIELDS_END. */
const SEP = '\x1f';
const FIELDS_END = '\x1e';

/**
 * The contacts, each packed as UTF-8: `<channel>` then `\x1f<field index>\x1f<value>` per field,
 * then `\x1e` and the tags separated by `\x1f`. A contact's text is put together as a string and
 * encoded once, natively; one whose text cannot be packed exactly (a separator character in a value,
 * a lone surrogate UTF-8 cannot carry, more than a chunk) is kept whole instead.
 */
export class CreatedContacts {
  private readonly chunks: Buffer[] = [];
  private chunk: Buffer = Buffer.alloc(0);
  private used = 0;
  /** The contact being packed, and how many separators of each kind its text holds. */
  private text = '';
  private units = 0;
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

  /** `\x1f<field index>\x1f` of each field, made once. */
  private readonly prefixOf = new Map<string, string>();

  private fieldPrefix(name: string): string {
    let prefix = this.prefixOf.get(name);
    if (prefix === undefined) this.prefixOf.set(name, (prefix = `${SEP}${this.fieldIndex(name)}${SEP}`));
    return prefix;
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
    this.text = CHANNEL_DIGITS[CONTACT_CHANNELS.indexOf(channel)];
    this.units = 0;
  }

  field(name: string, value: string): void {
    this.text += this.fieldPrefix(name) + value;
    this.units += 2;
  }

  /**
   * Finishes the contact begun with its tags; returns its index. When it could not be packed,
   * `isPacked` is false and the caller must `replace` it with the whole contact.
   */
  add(id: string, row: number, tags: readonly string[]): number {
    const index = this.count++;
    this.rowOf.push(row);
    if (id !== `new-${row}`) this.otherIds.set(index, id);
    let text = this.text + FIELDS_END;
    if (tags.length > 0) {
      text += tags.length === 1 ? tags[0] : tags.join(SEP);
      this.units += tags.length - 1;
    }
    this.text = '';
    const start = this.pack(text);
    this.chunkOf.push(start < 0 ? -1 : this.chunks.length - 1);
    this.startOf.push(start < 0 ? 0 : start);
    this.lengthOf.push(start < 0 ? 0 : this.used - start);
    return index;
  }

  /**
   * Encodes the contact's text at the end of the current chunk; where it starts, or -1 when it
   * cannot be packed exactly. A separator inside a value shows as one separator too many.
   */
  private pack(text: string): number {
    // At most 3 bytes per UTF-16 code unit.
    const room = 3 * text.length;
    if (room > CHUNK_BYTES || !text.isWellFormed()) return -1;
    if (this.used + room > this.chunk.length) {
      this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      this.chunks.push(this.chunk);
      this.used = 0;
    }
    const chunk = this.chunk;
    const start = this.used;
    const end = start + chunk.write(text, start, 'utf8');
    let units = 0;
    let records = 0;
    for (let i = start; i < end; i++) {
      const byte = chunk[i];
      if (byte < 0x20) {
        if (byte === 0x1f) units++;
        else if (byte === 0x1e) records++;
      }
    }
    if (units !== this.units || records !== 1) return -1;
    this.used = end;
    return start;
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
