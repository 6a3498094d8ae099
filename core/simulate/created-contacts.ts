/**
 * The contacts an import creates, kept compact: a million new contacts would otherwise be a million
 * objects with field records (over a gigabyte) held only in case a later row has the same key
 * (R-M6). Each is kept as its row's values text, in blocks of rows (values-text.ts), and made whole
 * only when asked (a later row matches it, or the caller wants the contacts). A row validated in
 * another thread brings its block along: that block is kept as it came, nothing is written again.
 */
import type { Channel, Contact, FieldValue } from '../model.ts';
import { IntColumn } from '../collections/int-column.ts';
import { createdChannel, createdContent, type TemplateOrder } from '../rules/new-contact.ts';
import { FieldTable, ValuesBlock, ValuesTextWriter } from '../codec/values-text.ts';

/** Rows written here per block. */
const BLOCK_ROWS = 2048;

export class CreatedContacts {
  /** Blocks holding the contacts' values; the last may still be being written (`writing`). */
  private readonly blocks: (ValuesBlock | undefined)[] = [];
  /** The block rows validated here go into, written once full (or when a contact in it is asked for). */
  private readonly writer: ValuesTextWriter;
  /** Its number among `blocks` once written; -1 while nothing is in it. */
  private writing = -1;
  /** The block a borrowed row came in last, and its number. */
  private borrowed: ValuesBlock | undefined;
  private borrowedNumber = -1;
  private readonly blockOf = new IntColumn();
  private readonly indexOf = new IntColumn();
  private readonly rowOf = new IntColumn();
  /** Contacts kept whole: those a later row updated, and those a block could not carry. */
  private readonly whole = new Map<number, Contact>();
  /** Ids other than `new-<row>` (the rare `new-<row>-<n>`). */
  private readonly otherIds = new Map<number, string>();
  count = 0;

  /** `firstOrder`: the order of the first contact created; the others follow one by one. */
  constructor(
    private readonly firstOrder: number,
    private readonly importedAt: string,
    private readonly channel: Channel,
    private readonly order: TemplateOrder,
    /** Values from cells as read, for the contacts of rows whose block holds their cells. */
    private readonly valuesOfCells?: (row: number, cells: readonly string[]) => Map<string, FieldValue>,
  ) {
    this.writer = new ValuesTextWriter(new FieldTable(), order);
  }

  /** Whether the values `add` took last were in template order (TemplateOrder.inOrder). */
  lastInTemplateOrder = true;

  /** Adds the contact a row's values create; returns its index. */
  add(id: string, row: number, values: ReadonlyMap<string, FieldValue>): number {
    if (this.writing < 0) {
      this.writing = this.blocks.length;
      this.blocks.push(undefined);
    }
    const inBlock = this.writer.add(values);
    const index = this.begin(id, row, inBlock < 0 ? -1 : this.writing, inBlock);
    this.lastInTemplateOrder = inBlock < 0 ? this.order.inOrder(values) : this.writer.inTemplateOrder;
    // Values a block cannot carry (a lone surrogate): the contact is kept whole.
    if (inBlock < 0) this.whole.set(index, this.contact(index, values));
    if (this.writer.rows === BLOCK_ROWS) this.seal();
    return index;
  }

  /**
   * Adds the contact of a row whose values are the `index`th row of `block`, or (`holdsCells`)
   * whose cells are, validated again when the contact is asked for.
   */
  addPacked(id: string, row: number, block: ValuesBlock, index: number, holdsCells = false): number {
    if (block !== this.borrowed) {
      this.borrowed = block;
      this.borrowedNumber = this.blocks.length;
      this.blocks.push(block);
    }
    // Kept as -1 - index: a row of cells.
    return this.begin(id, row, this.borrowedNumber, holdsCells ? -1 - index : index);
  }

  private begin(id: string, row: number, block: number, index: number): number {
    const number = this.count++;
    this.rowOf.push(row);
    this.blockOf.push(block);
    this.indexOf.push(index);
    if (id !== `new-${row}`) this.otherIds.set(number, id);
    return number;
  }

  /** Writes the block being filled. */
  private seal(): void {
    const rows = this.writer.rows;
    this.blocks[this.writing] = new ValuesBlock(this.writer.take(), this.writer.table.names, rows);
    this.writing = -1;
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
    const number = this.blockOf.get(index);
    if (number === this.writing) this.seal();
    return this.contact(index, this.readFrom(this.blocks[number]!, this.indexOf.get(index), this.rowOf.get(index)));
  }

  private contact(index: number, values: ReadonlyMap<string, FieldValue>): Contact {
    return {
      id: this.id(index), channel: createdChannel(this.channel, values), ...createdContent(this.order.ordered(values)),
      createdAt: this.importedAt, updatedAt: this.importedAt, order: this.orderOf(index), row: this.rowOf.get(index),
    };
  }

  /** A row's values (or its cells, validated again). */
  private readFrom(block: ValuesBlock, index: number, row: number): Map<string, FieldValue> {
    if (index >= 0) return block.read(index);
    if (this.valuesOfCells === undefined) throw new Error('A contact kept as its cells needs the row checker to be read.');
    return this.valuesOfCells(row, block.cells(-1 - index));
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
