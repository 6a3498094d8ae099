/**
 * A contact snapshot kept packed, instead of a million objects with field records (over a
 * gigabyte, and seconds of garbage collection). Each contact is a stretch of text: a plain record
 * (no quoted field) is the very text the file was read from (the reader's span, nothing copied);
 * any other record's cells are joined into shared chunks. A replay needs only each contact's
 * channel and key field to match rows, read from that text directly; a contact is made whole (by
 * the reader that read it first) only when a row matches it.
 */
import type { Contact, ContactChannel } from '../model.ts';
import { CONTACT_CHANNELS } from '../model.ts';
import { MADE_ID_PREFIX, type ContactSource } from './contact-source.ts';
import { IntColumn } from '../collections/int-column.ts';
import { trimmedCell, wholeContact, type ContactParts, type PartsReader, type SnapshotRecord } from './contact-parts.ts';

/** Between the cells of a record joined here. A record with this character in a cell is kept whole instead. */
const SEP = '\x1f';
const RECORDS_PER_CHUNK = 4096;

export class PackedSnapshot implements ContactSource {
  /** Texts read from the file (plain records lie in them), then chunks of joined records. */
  private readonly texts: string[] = [];
  private readonly chunks: string[] = [];
  /** Each contact's text: `texts[i]` for i ≥ 0, `chunks[-1 - i]` for i < 0; and where in it. */
  private readonly textOf = new IntColumn();
  private readonly startOf = new IntColumn();
  private readonly endOf = new IntColumn();
  /** Joined records waiting for their chunk. */
  private pending: string[] = [];
  private pendingLength = 0;
  private readonly channelOf = new IntColumn();
  private readonly rowOf = new IntColumn();
  /** Ids the reader made unique (`id~row`): the cells still hold the duplicate. */
  private readonly renamed = new Map<number, string>();
  /** Contacts with the separator character in a cell: kept whole. */
  private readonly whole = new Map<number, Contact>();
  private made: string[] = [];
  /** After a rename: `made` is listed again when next asked for. */
  private madeStale = false;
  length = 0;
  /** `get` makes each contact anew from the packed text. */
  readonly fresh = true;

  constructor(private readonly reader: PartsReader, private readonly delimiter: string) {}

  /** Keeps the contact the reader read from `record` (`parts`, which the reader reuses afterwards). */
  add(parts: ContactParts, record: SnapshotRecord): void {
    const position = this.length++;
    const { id, channel } = parts;
    this.channelOf.push(CONTACT_CHANNELS.indexOf(channel));
    this.rowOf.push(record.row);
    if (id.startsWith(MADE_ID_PREFIX)) this.made.push(id);
    if (parts.renamed) this.renamed.set(position, id);
    const span = record.span;
    if (span !== undefined) {
      if (this.texts[this.texts.length - 1] !== span.text) this.texts.push(span.text);
      this.textOf.push(this.texts.length - 1);
      this.startOf.push(span.start);
      this.endOf.push(span.end);
      return;
    }
    const cells = record.cells;
    let joinable = true;
    for (let i = 0; i < cells.length; i++) if (cells[i].indexOf(SEP) !== -1) joinable = false;
    if (!joinable) {
      // Read again in full (the parts were read lightly), keeping the id and channel the reader settled.
      this.whole.set(position, { ...wholeContact(this.reader.extract(cells, record.row)), id, channel });
      this.textOf.push(0);
      this.startOf.push(0);
      this.endOf.push(0);
      return;
    }
    const text = cells.join(SEP);
    this.textOf.push(-1 - this.chunks.length);
    this.startOf.push(this.pendingLength);
    this.pendingLength += text.length;
    this.endOf.push(this.pendingLength);
    this.pending.push(text);
    if (this.pending.length === RECORDS_PER_CHUNK) this.seal();
  }

  /** Ends the chunk being filled (at RECORDS_PER_CHUNK records, or when the last record is in). */
  private seal(): void {
    this.chunks.push(this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }

  /** Every record in: the last chunk is sealed (its records are then readable). */
  done(): this {
    if (this.pending.length > 0) this.seal();
    return this;
  }

  /** The text holding a contact (plain records: the file's text; others: a chunk of joined records). */
  private textHolding(position: number): string {
    const index = this.textOf.get(position);
    return index >= 0 ? this.texts[index] : this.chunks[-1 - index];
  }

  /** The character between a contact's cells in its text. */
  private separatorOf(position: number): string {
    return this.textOf.get(position) >= 0 ? this.delimiter : SEP;
  }

  get(position: number): Contact {
    const whole = this.whole.get(position);
    // A copy: a caller may change what it gets (`fresh`).
    if (whole !== undefined) return { ...whole, fields: Object.assign(Object.create(null), whole.fields), tags: whole.tags.slice() };
    const text = this.textHolding(position);
    const separator = this.separatorOf(position);
    const cells = text.slice(this.startOf.get(position), this.endOf.get(position)).split(separator);
    const contact = wholeContact(this.reader.extract(cells, this.rowOf.get(position)));
    contact.id = this.renamed.get(position) ?? contact.id;
    contact.channel = CONTACT_CHANNELS[this.channelOf.get(position)];
    return contact;
  }

  channel(position: number): ContactChannel {
    return CONTACT_CHANNELS[this.channelOf.get(position)];
  }

  order(position: number): number {
    return this.rowOf.get(position);
  }

  /** The field's cell, found by counting separators in the contact's text, trimmed as the reader trims it. */
  field(position: number, name: string): string | undefined {
    const whole = this.whole.get(position);
    if (whole !== undefined) return Object.prototype.hasOwnProperty.call(whole.fields, name) ? whole.fields[name] : undefined;
    return this.cell(position, this.reader.cellIndex(name));
  }

  /** A cell of a packed contact, trimmed as the reader trims it; undefined when blank or missing. */
  private cell(position: number, cellIndex: number): string | undefined {
    if (cellIndex === -1) return undefined;
    const text = this.textHolding(position);
    const separator = this.separatorOf(position);
    const end = this.endOf.get(position);
    let start = this.startOf.get(position);
    for (let i = 0; i < cellIndex; i++) {
      const next = text.indexOf(separator, start);
      if (next === -1 || next >= end) return undefined; // a short (ragged) row
      start = next + 1;
    }
    let stop = text.indexOf(separator, start);
    if (stop === -1 || stop > end) stop = end;
    const value = trimmedCell(text.slice(start, stop));
    return value === '' ? undefined : value;
  }

  madeIds(): readonly string[] {
    if (this.madeStale) {
      this.made = [];
      for (let position = 0; position < this.length; position++) {
        const id = this.idAt(position);
        if (id.startsWith(MADE_ID_PREFIX)) this.made.push(id);
      }
      this.madeStale = false;
    }
    return this.made;
  }

  /** A contact's id without making the contact whole (its id cell, or `C<row>` when blank). */
  idAt(position: number): string {
    const renamed = this.renamed.get(position);
    if (renamed !== undefined) return renamed;
    const whole = this.whole.get(position);
    if (whole !== undefined) return whole.id;
    return this.cell(position, this.reader.cellIndex('contact_id')) ?? `C${this.rowOf.get(position)}`;
  }

  /** Gives a contact another id (the reader's check for duplicates ran after the contacts were kept). */
  rename(position: number, id: string): void {
    this.renamed.set(position, id);
    const whole = this.whole.get(position);
    if (whole !== undefined) whole.id = id;
    this.madeStale = true;
  }
}
