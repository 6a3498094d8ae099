/**
 * The values of created contacts, written as UTF-8 bytes straight into a block (no string per value:
 * through strings a million rows cost as much as validating them). A row is read back only when
 * asked, into the same Map, key order included (a property test holds it).
 *
 * | part | bytes |
 * |---|---|
 * | block | the rows' texts, padding to 4, then rows + 1 row starts (int32, little-endian) |
 * | row | entry count, then per entry: field number × 4 + kind, then the value |
 * | kind | 0 text (length, UTF-8) · 1 null · 2 empty list · 3 list (count, then length + UTF-8 each) |
 * | number | ASCII bytes of six bits each, 0x40 = more to come |
 *
 * Lengths count UTF-16 code units, so nothing is escaped; a lone surrogate (which UTF-8 cannot
 * carry) keeps its row out of a block. A block may also hold rows' cells as read (`addCells`).
 */
import type { FieldValue } from '../model.ts';
import { writeNonAsciiUtf8 } from '../utf8.ts';
import type { TemplateOrder } from '../rules/new-contact.ts';

// Kinds of entries.
const TEXT = 0;
const NULL = 1;
const EMPTY_LIST = 2;
const LIST = 3;

/** Numbers fields for values texts: a fixed table, or one that grows as new fields come. */
export class FieldTable {
  readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();

  /** `seed`: the fields numbered by position (a field listed twice keeps its first number). */
  constructor(seed: readonly string[] = [], private readonly grows = true) {
    for (const name of seed) this.push(name);
  }

  private push(name: string): number {
    const number = this.names.length;
    this.names.push(name);
    if (!this.numbers.has(name)) this.numbers.set(name, number);
    return this.numbers.get(name)!;
  }

  /** The field's number; undefined for a field outside a fixed table. */
  numberOf(name: string): number | undefined {
    const number = this.numbers.get(name);
    if (number !== undefined || !this.grows) return number;
    return this.push(name);
  }
}

/** Collects rows' values texts into a block, writing UTF-8 bytes straight from the values. */
/**
 * A Map's entries as two arrays by position, for the writers that take values so (a row checker's
 * columns: `ValuesTextWriter.addFields`, store-values.ts `layoutBodyOfColumns`). Reused: each `fill`
 * overwrites the last, so no arrays are made per row.
 */
export class EntryArrays {
  readonly fields: string[] = [];
  readonly values: FieldValue[] = [];

  /** Copies the Map's entries in; how many. */
  fill(map: ReadonlyMap<string, FieldValue>): number {
    let n = 0;
    map.forEach((value, field) => {
      this.fields[n] = field;
      this.values[n++] = value;
    });
    return n;
  }
}

export class ValuesTextWriter {
  private bytes = new Uint8Array(1 << 16);
  private at = 0;
  /** Where each row starts. */
  private starts = new Int32Array(1024);
  /** Rows in the block so far. */
  rows = 0;
  /** Whether the values last added were in template order (TemplateOrder.inOrder), with an `order`. */
  inTemplateOrder = true;
  /** The field names of the row before, by position, and their numbers: most rows name the same fields. */
  private readonly lastNames: string[] = [];
  private readonly lastNumbers: number[] = [];
  /** The template rank of each field number (with an `order`). */
  private readonly ranks: number[] = [];

  /** `order`: tell whether each row's values are in its template order (`inTemplateOrder`), on the way. */
  constructor(readonly table: FieldTable, private readonly order?: TemplateOrder) {}

  /** A Map's entries, copied for `addFields`. */
  private readonly entries = new EntryArrays();

  /**
   * Adds a row's values; its index in the block, or -1 (nothing added) when a field is outside the
   * table or a text has a lone surrogate, which UTF-8 cannot carry.
   */
  add(values: ReadonlyMap<string, FieldValue>): number {
    const n = this.entries.fill(values);
    return this.addFields(this.entries.fields, this.entries.values, n);
  }

  /**
   * `add` for values given by position: the first `length` fields and their values, those undefined
   * left out (a row checker's columns). A field given twice is written twice: read back, it keeps
   * its first place and its last value, as a Map set in that order.
   */
  addFields(fields: readonly string[], values: readonly (FieldValue | undefined)[], length: number): number {
    this.markStart();
    let entries = 0;
    for (let i = 0; i < length; i++) if (values[i] !== undefined) entries++;
    let bytes = this.room(ENTRY_ROOM);
    let at = writeNumber(bytes, this.at, entries);
    let position = 0;
    let previousRank = -1;
    let inOrder = true;
    for (let i = 0; i < length; i++) {
      const value = values[i];
      if (value === undefined) continue;
      const field = fields[i];
      let number: number | undefined;
      if (field === this.lastNames[position]) number = this.lastNumbers[position];
      else {
        number = this.table.numberOf(field);
        if (number === undefined) return -1;
        this.lastNames[position] = field;
        this.lastNumbers[position] = number;
      }
      position++;
      if (this.order !== undefined) {
        const rank = (this.ranks[number] ??= this.order.rank(field));
        if (rank < previousRank) inOrder = false;
        previousRank = rank;
      }
      // Room for the entry's head; a text makes room for itself.
      if (at + ENTRY_ROOM > bytes.length) bytes = this.grow(at, ENTRY_ROOM);
      if (typeof value === 'string') {
        at = writeNumber(bytes, at, number * 4 + TEXT);
        if (at + TEXT_ROOM + 3 * value.length > bytes.length) bytes = this.grow(at, TEXT_ROOM + 3 * value.length);
        at = writeText(bytes, at, value);
        if (at < 0) return -1;
      } else if (value === null) {
        at = writeNumber(bytes, at, number * 4 + NULL);
      } else if (value.length === 0) {
        at = writeNumber(bytes, at, number * 4 + EMPTY_LIST);
      } else {
        at = writeNumber(bytes, at, number * 4 + LIST);
        at = writeNumber(bytes, at, value.length);
        for (let t = 0; t < value.length; t++) {
          if (at + TEXT_ROOM + 3 * value[t].length > bytes.length) bytes = this.grow(at, TEXT_ROOM + 3 * value[t].length);
          at = writeText(bytes, at, value[t]);
          if (at < 0) return -1;
        }
      }
    }
    this.at = at;
    this.inTemplateOrder = inOrder;
    return this.rows++;
  }

  /**
   * Adds a row's cells as read (a row the other side validates itself, and validates again should a
   * later row match the contact it creates): written as a row of texts numbered by column. Its
   * index in the block, or -1 (nothing added) for a lone surrogate.
   */
  addCells(cells: readonly string[]): number {
    this.markStart();
    let bytes = this.room(ENTRY_ROOM);
    let at = writeNumber(bytes, this.at, cells.length);
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c];
      if (at + ENTRY_ROOM + TEXT_ROOM + 3 * cell.length > bytes.length) bytes = this.grow(at, ENTRY_ROOM + TEXT_ROOM + 3 * cell.length);
      at = writeNumber(bytes, at, c * 4 + TEXT);
      at = writeText(bytes, at, cell);
      if (at < 0) return -1;
    }
    this.at = at;
    return this.rows++;
  }

  /** Where the row being added starts (a row refused leaves the next to write over it). */
  private markStart(): void {
    if (this.rows + 1 >= this.starts.length) {
      const grown = new Int32Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.rows] = this.at;
  }

  /** The block so far, in a buffer of its own (to transfer or keep); the writer starts over. */
  take(): Buffer {
    // Its own memory, never the shared pool of small Buffers: a block may be transferred or kept for long.
    const textEnd = this.at;
    const startsAt = (textEnd + 3) & ~3;
    const block = Buffer.allocUnsafeSlow(startsAt + (this.rows + 1) * 4);
    block.set(this.bytes.subarray(0, textEnd));
    this.starts[this.rows] = textEnd;
    for (let r = 0; r <= this.rows; r++) block.writeInt32LE(this.starts[r], startsAt + 4 * r);
    this.at = 0;
    this.rows = 0;
    return block;
  }

  /** The bytes, with room for `more` after what is written. */
  private room(more: number): Uint8Array {
    return this.at + more > this.bytes.length ? this.grow(this.at, more) : this.bytes;
  }

  /** Larger bytes, keeping the first `used` (the row being added included). */
  private grow(used: number, more: number): Uint8Array {
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, used + more));
    grown.set(this.bytes.subarray(0, used));
    return (this.bytes = grown);
  }
}

/** Room an entry's head needs (two numbers of at most six bytes). */
const ENTRY_ROOM = 16;
/** Room a text needs besides its characters (its length). */
const TEXT_ROOM = 8;
/** A number byte with more to come. */
const MORE = 0x40;

/** `n` (a 32-bit count) six bits a byte, lowest first, all bytes ASCII; where it ends. */
function writeNumber(bytes: Uint8Array, at: number, n: number): number {
  while (n >= MORE) {
    bytes[at++] = MORE | (n & 0x3f);
    n >>>= 6;
  }
  bytes[at] = n;
  return at + 1;
}

/** The text's length, then its UTF-8 (room made by the caller); -1 for a lone surrogate. */
function writeText(bytes: Uint8Array, at: number, text: string): number {
  const length = text.length;
  at = writeNumber(bytes, at, length);
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      bytes[at++] = code;
    } else {
      at = writeNonAsciiUtf8(bytes, at, code, i + 1 < length ? text.charCodeAt(i + 1) : 0);
      if (at < 0) return -1;
      if (code >= 0xd800 && code <= 0xdfff) i++;
    }
  }
  return at;
}

/** A block's rows, read back: each from its own bytes, when asked. */
export class ValuesBlock {
  private readonly buffer: Buffer;
  private readonly startsAt: number;

  /** `bytes`: a block of `rows` rows (ValuesTextWriter.take), fields numbered by `names`. */
  constructor(bytes: Uint8Array, readonly names: readonly string[], readonly rows: number) {
    this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.startsAt = this.buffer.length - (rows + 1) * 4;
  }

  /** The values of the block's `index`th row. */
  read(index: number): Map<string, FieldValue> {
    return readRow(this.rowText(index), 0, this.names);
  }

  /** The cells of the block's `index`th row, a row written by `addCells`. */
  cells(index: number): string[] {
    return readCells(new Cursor(this.rowText(index), 0));
  }

  /** The text of rows `first` up to `end` (excluded), decoded at once. */
  rowsText(first: number, end: number): string {
    return this.buffer.toString('utf8', this.startOf(first), this.startOf(end));
  }

  private startOf(index: number): number {
    return this.buffer.readInt32LE(this.startsAt + 4 * index);
  }

  private rowText(index: number): string {
    return this.rowsText(index, index + 1);
  }
}

/**
 * Reads the cells of a block's rows in increasing order, decoding a window of rows at once: a
 * batch's rows as they come, where decoding each row on its own (`ValuesBlock.cells`) costs a call
 * into the runtime per row. Rows sent as read come in runs (validate-worker.ts), so a window that
 * starts at the row asked for holds mostly rows that will be asked for.
 */
export class ValuesBlockReader {
  private cursor: Cursor | undefined;
  /** The row the cursor is at, and the end of the rows decoded. */
  private row = 0;
  private windowEnd = 0;

  constructor(private readonly block: ValuesBlock) {}

  cells(index: number): string[] {
    if (this.cursor === undefined || index < this.row || index >= this.windowEnd) {
      this.windowEnd = Math.min(index + READER_WINDOW_ROWS, this.block.rows);
      this.cursor = new Cursor(this.block.rowsText(index, this.windowEnd), 0);
      this.row = index;
    }
    // A row's texts are measured in UTF-16 code units, so the decoded text is read by the same lengths.
    for (; this.row < index; this.row++) skipRow(this.cursor);
    this.row++;
    return readCells(this.cursor);
  }
}

/** Rows a ValuesBlockReader decodes at once. */
const READER_WINDOW_ROWS = 256;

function readCells(cursor: Cursor): string[] {
  const cells: string[] = new Array(cursor.number());
  for (let c = 0; c < cells.length; c++) {
    cursor.number();
    cells[c] = cursor.item();
  }
  return cells;
}

/** Moves past a row of values (or of cells, written the same way). */
function skipRow(cursor: Cursor): void {
  const entries = cursor.number();
  for (let e = 0; e < entries; e++) {
    const kind = cursor.number() & 3;
    if (kind === TEXT) cursor.skipItem();
    else if (kind === LIST) {
      const items = cursor.number();
      for (let i = 0; i < items; i++) cursor.skipItem();
    }
  }
}

/** Reads a block's text by position: numbers, and the texts they measure. */
class Cursor {
  at: number;

  constructor(readonly text: string, at: number) {
    this.at = at;
  }

  number(): number {
    const text = this.text;
    let n = 0;
    let scale = 1;
    for (let code = text.charCodeAt(this.at++); ; code = text.charCodeAt(this.at++)) {
      if (code < MORE) return n + code * scale;
      // Past the end (NaN): a misread block, which would otherwise loop here for ever.
      if (code !== code) throw new Error('A values block was read past its end.');
      n += (code & 0x3f) * scale;
      scale *= 64;
    }
  }

  /** A text's length, then the text. */
  item(): string {
    const length = this.number();
    this.at += length;
    return this.text.slice(this.at - length, this.at);
  }

  skipItem(): void {
    const length = this.number();
    this.at += length;
  }
}

function readRow(text: string, start: number, names: readonly string[]): Map<string, FieldValue> {
  const values = new Map<string, FieldValue>();
  const cursor = new Cursor(text, start);
  const entries = cursor.number();
  for (let e = 0; e < entries; e++) {
    const head = cursor.number();
    const name = names[head >>> 2];
    const kind = head & 3;
    if (kind === TEXT) values.set(name, cursor.item());
    else if (kind === NULL) values.set(name, null);
    else if (kind === EMPTY_LIST) values.set(name, []);
    else {
      const list: string[] = new Array(cursor.number());
      for (let i = 0; i < list.length; i++) list[i] = cursor.item();
      values.set(name, list);
    }
  }
  return values;
}

/**
 * A row whose values sit in a block (this module) as the `index`th row: a row validated in
 * another thread, with whether its values are in template order and its R-L1 kind
 * (simulate/list-health.ts); or (`holdsCells`) a row validated on this thread whose block entry is its cells as
 * read, validated again (simulate/simulator.ts SimulatorOptions.valuesOfCells) only if the contact it creates is asked for.
 */
export interface PackedRow {
  readonly block: ValuesBlock;
  readonly index: number;
  readonly holdsCells?: boolean;
  readonly inTemplateOrder?: boolean;
  readonly healthKind?: number;
}
