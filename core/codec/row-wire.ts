/**
 * Rows as they cross from the validation worker to the thread that simulates them: a batch is an
 * integer array (the rows' shape and every text's length), the bytes of every text one after
 * another, and a block of values texts (values-text.ts), all transferred without copying.
 * Posting row objects would cost an object, a property name and a string per value to clone on the
 * receiving side, the busy one. A validated row's values go in the block, where a contact the row
 * creates keeps them and they are read only when asked; a row crossing as read (for the receiving
 * side to validate when it has time to spare) puts its cells there, kept for its contact in the same
 * way. Values the block cannot carry go one by one, repeated texts (statuses, genders, tags, column
 * names) once and then by number. Decoding gives rows equal to those encoded, down to the order of
 * their keys (a property test holds it), so the report and the case file do not change.
 */
import { SEVERITIES, type Channel, type CheckedRow, type FieldValue, type Issue, type MessageParams, type Severity } from '../model.ts';
import { ALL_CODES } from '../rules/codes.ts';
import { TemplateOrder } from '../rules/new-contact.ts';
import type { PackedRow } from './values-text.ts';
import { FieldTable, ValuesBlock, ValuesBlockReader, ValuesTextWriter } from './values-text.ts';
import { positionsOf } from './store-values.ts';
import { checkedValuesJson, writeCheckedTuple } from './row-blocks.ts';
import { Utf8Bytes } from './utf8-bytes.ts';

/** A record as the reader gives it: to be validated by the receiving side. */
export interface WireRecord {
  row: number;
  cells: string[];
  issues: Issue[];
}

/**
 * A validated row as the case file stores it (row-blocks.ts: its checked tuple, UTF-8), made on
 * the validating side: the row's cells, values and validation issues are then not read on the other.
 */
export interface StoredCheckedRow {
  json: Uint8Array;
  /** The fields its values go by: the encoder's field table. */
  layout: readonly string[];
}

/** How a validated row's cells are sent: not at all, as arrays, or as the case store's checked tuple. */
export type WireCells = 'none' | 'arrays' | 'json';

/** One row of a batch: validated (`checked`), or as read (`record`). */
export type WireRow =
  | {
    checked: CheckedRow;
    /** The cells as read (before accepted fixes); empty unless cells were sent as arrays. */
    originalCells: readonly string[];
    /** The reader's issues (row.ragged, file.unterminated_quote): the first ones of `checked.issues`. */
    structureIssues: readonly Issue[];
    /** With cells sent as the store's (then `checked.cells` and `originalCells` are empty). */
    stored?: StoredCheckedRow;
    /** The row's values text, for the simulator (the row itself, when its values came so). */
    packed?: PackedRow;
    record?: undefined;
  }
  | {
    record: WireRecord;
    /** The row's cells in the batch's block, kept for the contact it may create (validated again if asked). */
    packed?: PackedRow;
    checked?: undefined;
  };

export interface WireBatch {
  ints: Int32Array;
  /**
   * Every text one after another (their lengths are among the integers): those in Latin-1 (phones,
   * emails, ids…) one byte per character, the others (names in CJK, Thai…) as UTF-16. One-byte texts
   * stay one-byte strings on the other side, which halves their memory and speeds up everything
   * that reads them (JSON, SQLite, hashing).
   */
  narrow: Uint8Array;
  wide: Uint8Array;
  /**
   * Validated rows' values as a block of values texts (values-text.ts): the simulating
   * side keeps it for the contacts the rows create and reads values from it only when asked.
   */
  packed: Uint8Array;
  /** Rows in the block. */
  packedRows: number;
  /** Rows in the batch. */
  count: number;
  /** Validated rows' checked tuples for the case file (cells sent as 'json'), one after another. */
  stored: Uint8Array;
}

const SEVERITY_INDEX = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;
const CODE_INDEX = new Map<string, number>(ALL_CODES.map((code, i) => [code, i]));

// Row flags.
const HAS_KEY = 1;
const HAS_CELLS = 2;
const CELLS_DIFFER = 4;
/** The key is the text value of a field of the row (its index follows) rather than a text of its own. */
const KEY_IS_VALUE = 8;
/** The row as read, not validated. */
const RAW = 16;
/** The row's checked tuple is next in the batch's stored bytes (its length follows). */
const HAS_JSON = 32;
/** The values are the next row of the batch's block of values texts (the row's R-L1 kind follows). */
const PACKED = 64;
/** With PACKED: the values are in template order. */
const IN_TEMPLATE_ORDER = 128;
/** With RAW: the cells are the next row of the batch's block. */
const CELLS_IN_BLOCK = 256;

// Issue fields present.
const I_ROW = 1;
const I_COLUMN = 2;
const I_COLUMN_INDEX = 4;
const I_FIELD = 8;
const I_VALUE = 16;
const I_FIX = 32;
const I_PARAMS = 64;
/** The message follows (not sent when the receiving side words issues itself: WireEncoder's `messages`). */
const I_MESSAGE = 128;

// Value kinds.
const V_TEXT = 0;
const V_LIST = 1;
const V_NULL = 2;

// How a text that may repeat is sent.
const T_TEXT = 0;
/** Sent before: its number in the dictionary follows. */
const T_SEEN = 1;
/** Sent for the first time and numbered (number = the dictionary's size). */
const T_NEW = 2;

const P_TEXT = 0;
const P_NUMBER = 1;

/** A dictionary is judged after this many texts, and kept if at least half of them repeated. */
const DICTIONARY_TRIAL = 4096;
const DICTIONARY_MAX = 8192;

const WIDE_CHARACTER = /[\u0100-\uffff]/;

/** Shared by the rows that have none (a row's arrays are read, never changed): no array per row. */
const NO_CELLS: readonly string[] = Object.freeze([]);
const NO_ISSUES: readonly Issue[] = Object.freeze([]);

/** Whether a text has a character beyond U+00FF (short ones by hand, long ones by the regex engine). */
function isWide(text: string): boolean {
  if (text.length > 24) return WIDE_CHARACTER.test(text);
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return true;
  return false;
}

/** Dictionaries: one per field (values), one for names. */
const NAMES = 0;
const FIELD_BASE = 1;

interface Dictionary {
  numbers: Map<string, number> | undefined;
  lookups: number;
  misses: number;
}

/** Values texts for validated rows: the import's channel, and each row's R-L1 kind. */
export interface WirePacking {
  channel: Channel;
  healthKind: (row: CheckedRow) => number;
}

/** Accumulates rows into a batch. */
export class WireEncoder {
  private ints = new Int32Array(1 << 16);
  private narrow: string[] = [];
  private wide: string[] = [];
  private intCount = 0;
  private count = 0;
  private readonly dictionaries: Dictionary[] = [];
  /** Each field's position in the table (store-values.ts positionsOf: the first, should one be listed twice). */
  private readonly fieldIndex: ReadonlyMap<string, number>;

  /** Validated rows' checked tuples, for the case file (cells sent as 'json'). */
  private readonly stored = new Utf8Bytes();

  /** Writes validated rows' values as a block of values texts (with a `channel`: the order of its template). */
  private readonly packer: ValuesTextWriter | undefined;
  private readonly healthKind: (row: CheckedRow) => number = () => 0;

  /**
   * `fields`: the fields values may have, numbered by position (the decoder gets the same table).
   * `cellsAs`: how validated rows' cells go (and the original cells when fixes changed them).
   * `packing`: the import's channel; with it, validated rows' values go as values texts, each with
   * its R-L1 kind (`healthKind`, simulate/list-health.ts: passed in, so the codec imports no simulation).
   */
  constructor(
    fields: readonly string[],
    private readonly cellsAs: WireCells,
    packing?: WirePacking,
    /** False: issues go without their message (decoded with an empty one); the receiving side words those it shows. */
    private readonly messages = true,
  ) {
    this.fieldIndex = positionsOf(fields);
    if (packing !== undefined) {
      this.packer = new ValuesTextWriter(new FieldTable(fields, false), new TemplateOrder(packing.channel));
      this.healthKind = packing.healthKind;
    }
  }

  get rows(): number {
    return this.count;
  }

  private int(value: number): void {
    if (this.intCount === this.ints.length) {
      const grown = new Int32Array(this.ints.length * 2);
      grown.set(this.ints);
      this.ints = grown;
    }
    this.ints[this.intCount++] = value;
  }

  /**
   * A text: its length among the integers (as -1 - length for a wide one); the texts are joined into
   * one string of each kind when the batch is taken.
   */
  private text(value: string): void {
    if (isWide(value)) {
      this.int(-1 - value.length);
      this.wide.push(value);
    } else {
      this.int(value.length);
      this.narrow.push(value);
    }
  }

  /** A text that may repeat: a number when it was sent before in this dictionary. */
  private repeated(slot: number, value: string): void {
    let dictionary = this.dictionaries[slot];
    if (dictionary === undefined) dictionary = this.dictionaries[slot] = { numbers: new Map(), lookups: 0, misses: 0 };
    const numbers = dictionary.numbers;
    if (numbers === undefined) {
      this.int(T_TEXT);
      this.text(value);
      return;
    }
    const number = numbers.get(value);
    if (number !== undefined) {
      this.int(T_SEEN);
      this.int(number);
    } else if (numbers.size < DICTIONARY_MAX) {
      dictionary.misses++;
      numbers.set(value, numbers.size);
      this.int(T_NEW);
      this.text(value);
    } else {
      this.int(T_TEXT);
      this.text(value);
    }
    // Mostly new texts (phones, emails): not worth numbering.
    if (++dictionary.lookups === DICTIONARY_TRIAL && dictionary.misses * 2 > DICTIONARY_TRIAL) dictionary.numbers = undefined;
  }

  /** A validated row. */
  add(checked: CheckedRow, originalCells: readonly string[], structureIssueCount: number): void {
    this.count++;
    const arrays = this.cellsAs === 'arrays';
    const differ = arrays && checked.cells !== originalCells;
    // Into the block of values texts, unless they cannot go there (then one by one).
    const packed = this.packer !== undefined && this.pack(this.packer, checked) >= 0;
    let keyField = -1;
    if (checked.key !== undefined && !packed) {
      // The key is usually a value as it is (E.164 phone, ids): then it is not sent twice.
      for (const [field, value] of checked.values) {
        if (value === checked.key) {
          keyField = this.fieldIndex.get(field) ?? -1;
          break;
        }
      }
    }
    this.int(checked.row);
    this.int((checked.key !== undefined ? HAS_KEY : 0) | (keyField >= 0 ? KEY_IS_VALUE : 0) | (arrays ? HAS_CELLS : 0) | (differ ? CELLS_DIFFER : 0)
      | (this.cellsAs === 'json' ? HAS_JSON : 0) | (packed ? PACKED : 0) | (packed && this.packer!.inTemplateOrder ? IN_TEMPLATE_ORDER : 0));
    this.int(structureIssueCount);
    if (keyField >= 0) this.int(keyField);
    else if (checked.key !== undefined) this.text(checked.key);

    this.int(checked.issues.length);
    for (const issue of checked.issues) this.issue(issue);

    if (packed) {
      this.int(this.healthKind(checked));
    } else {
      this.values(checked.values);
    }

    if (arrays) {
      this.cells(checked.cells);
      if (differ) this.cells(originalCells);
    } else if (this.cellsAs === 'json') {
      this.int(writeCheckedTuple(this.stored, checked.row, originalCells, checked.cells, checkedValuesJson(checked, this.fieldIndex), checked.key, checked.issues));
    }
  }

  /** A row's values into the block: a checker's row by its columns, without making its Map. */
  private pack(packer: ValuesTextWriter, checked: CheckedRow): number {
    const columns = checked.columns;
    if (columns !== undefined) return packer.addFields(columns.fields, columns.columnValues, columns.fields.length);
    return packer.add(checked.values);
  }

  /** Values one by one (a row whose values cannot go as a values text). */
  private values(values: ReadonlyMap<string, FieldValue>): void {
    this.int(values.size);
    values.forEach((value, field) => {
      const index = this.fieldIndex.get(field);
      this.int(index ?? -1);
      if (index === undefined) this.text(field);
      if (typeof value === 'string') {
        this.int(V_TEXT);
        if (index === undefined) {
          this.int(T_TEXT);
          this.text(value);
        } else {
          this.repeated(FIELD_BASE + index, value);
        }
      } else if (value === null) {
        this.int(V_NULL);
      } else {
        this.int(V_LIST);
        this.int(value.length);
        for (const item of value) this.text(item);
      }
    });
  }

  /** A row as read, for the receiving side to validate. */
  addRecord(record: WireRecord): void {
    this.count++;
    // Into the block, where the receiving side can keep them for the contact the row may create.
    const inBlock = this.packer !== undefined && this.packer.addCells(record.cells) >= 0;
    this.int(record.row);
    this.int(inBlock ? RAW | CELLS_IN_BLOCK : RAW);
    this.int(record.issues.length);
    for (const issue of record.issues) this.issue(issue);
    if (!inBlock) this.cells(record.cells);
  }

  /** Cells: their lengths, then one text of them all (cells repeat too rarely to number them one by one). */
  private cells(cells: readonly string[]): void {
    this.int(cells.length);
    for (let c = 0; c < cells.length; c++) this.int(cells[c].length);
    this.text(cells.length === 1 ? cells[0] : cells.join(''));
  }

  private issue(issue: Issue): void {
    const code = CODE_INDEX.get(issue.code);
    const mask = (issue.row !== undefined ? I_ROW : 0) | (issue.column !== undefined ? I_COLUMN : 0) | (issue.columnIndex !== undefined ? I_COLUMN_INDEX : 0)
      | (issue.field !== undefined ? I_FIELD : 0) | (issue.value !== undefined ? I_VALUE : 0) | (issue.fix !== undefined ? I_FIX : 0)
      | (issue.params !== undefined ? I_PARAMS : 0) | (this.messages ? I_MESSAGE : 0);
    this.int(code ?? -1);
    this.int(SEVERITY_INDEX[issue.severity]);
    this.int(mask);
    if (code === undefined) this.repeated(NAMES, issue.code);
    if (this.messages) this.text(issue.message);
    if (issue.row !== undefined) this.int(issue.row);
    if (issue.column !== undefined) this.repeated(NAMES, issue.column);
    if (issue.columnIndex !== undefined) this.int(issue.columnIndex);
    if (issue.field !== undefined) this.repeated(NAMES, issue.field);
    if (issue.value !== undefined) this.text(issue.value);
    if (issue.fix !== undefined) this.text(issue.fix);
    if (issue.params !== undefined) {
      const names = Object.keys(issue.params);
      this.int(names.length);
      for (const name of names) {
        const value = issue.params[name];
        this.repeated(NAMES, name);
        if (typeof value === 'number') {
          this.int(P_NUMBER);
          this.text(Object.is(value, -0) ? '-0' : String(value));
        } else {
          this.int(P_TEXT);
          this.text(value);
        }
      }
    }
  }

  /** The batch so far, in buffers of its own (to transfer); the encoder starts over. */
  take(): WireBatch {
    // Bytes, not a string: a buffer is transferred, where a string would be copied twice by
    // postMessage. Its own memory (never the shared pool of small Buffers), since transferring detaches it.
    const narrowText = this.narrow.join('');
    const narrow = Buffer.allocUnsafeSlow(narrowText.length);
    narrow.write(narrowText, 0, 'latin1');
    const wideText = this.wide.join('');
    const wide = Buffer.allocUnsafeSlow(wideText.length * 2);
    wide.write(wideText, 0, 'utf16le');
    const packedRows = this.packer?.rows ?? 0;
    const packed = this.packer?.take() ?? Buffer.allocUnsafeSlow(0);
    const batch: WireBatch = { ints: this.ints.slice(0, this.intCount), narrow, wide, packed, packedRows, count: this.count, stored: this.stored.take() };
    this.intCount = 0;
    this.narrow = [];
    this.wide = [];
    this.count = 0;
    return batch;
  }
}

/** The receiving side of one encoder: its field table and the dictionaries built batch after batch. */
export class WireDecoder {
  private readonly dictionaries: string[][] = [];

  /** `fields`: the encoder's field table, by index. */
  constructor(private readonly fields: readonly string[]) {}

  /**
   * The rows of a batch, each made as it is asked for: a row's objects then die young, before the
   * garbage collector's next pass has to copy them (made all at once, a batch's two thousand rows
   * were copied at every pass). Batches must be read in the order they were taken.
   */
  *rows(batch: WireBatch): Generator<WireRow> {
    const { ints } = batch;
    const narrow = Buffer.from(batch.narrow.buffer, batch.narrow.byteOffset, batch.narrow.byteLength).toString('latin1');
    const wide = Buffer.from(batch.wide.buffer, batch.wide.byteOffset, batch.wide.byteLength).toString('utf16le');
    const block = new ValuesBlock(batch.packed, this.fields, batch.packedRows);
    let blockReader: ValuesBlockReader | undefined;
    const stored = batch.stored;
    let storedAt = 0;
    let packedIndex = 0;
    const fields = this.fields;
    const dictionaries = this.dictionaries;
    let i = 0;
    let narrowAt = 0;
    let wideAt = 0;
    const next = (): string => {
      const length = ints[i++];
      if (length >= 0) {
        const end = narrowAt + length;
        const value = narrow.slice(narrowAt, end);
        narrowAt = end;
        return value;
      }
      const end = wideAt - 1 - length;
      const value = wide.slice(wideAt, end);
      wideAt = end;
      return value;
    };
    const repeated = (slot: number): string => {
      const how = ints[i++];
      if (how === T_SEEN) return dictionaries[slot][ints[i++]];
      const value = next();
      if (how === T_NEW) (dictionaries[slot] ??= []).push(value);
      return value;
    };
    const cells = (): string[] => {
      const out: string[] = new Array(ints[i++]);
      const lengthsAt = i;
      i += out.length;
      const joined = next();
      let at = 0;
      for (let c = 0; c < out.length; c++) {
        const end = at + ints[lengthsAt + c];
        out[c] = joined.slice(at, end);
        at = end;
      }
      return out;
    };
    const issue = (): Issue => {
      const codeIndex = ints[i++];
      const severity = SEVERITIES[ints[i++]];
      const mask = ints[i++];
      const code = codeIndex >= 0 ? ALL_CODES[codeIndex] : repeated(NAMES);
      const issue: Issue = { code, severity, message: mask & I_MESSAGE ? next() : '' };
      if (mask & I_ROW) issue.row = ints[i++];
      if (mask & I_COLUMN) issue.column = repeated(NAMES);
      if (mask & I_COLUMN_INDEX) issue.columnIndex = ints[i++];
      if (mask & I_FIELD) issue.field = repeated(NAMES);
      if (mask & I_VALUE) issue.value = next();
      if (mask & I_FIX) issue.fix = next();
      if (mask & I_PARAMS) {
        const params: MessageParams = {};
        const count = ints[i++];
        for (let p = 0; p < count; p++) {
          const name = repeated(NAMES);
          const type = ints[i++];
          const value = next();
          params[name] = type === P_NUMBER ? Number(value) : value;
        }
        issue.params = params;
      }
      return issue;
    };

    for (let r = 0; r < batch.count; r++) {
      const row = ints[i++];
      const flags = ints[i++];
      if (flags & RAW) {
        const issues: Issue[] = new Array(ints[i++]);
        for (let k = 0; k < issues.length; k++) issues[k] = issue();
        if (flags & CELLS_IN_BLOCK) {
          const index = packedIndex++;
          yield { record: { row, cells: (blockReader ??= new ValuesBlockReader(block)).cells(index), issues }, packed: { block, index, holdsCells: true } };
        } else {
          yield { record: { row, cells: cells(), issues } };
        }
        continue;
      }
      const structureCount = ints[i++];
      let keyField = -1;
      let key: string | undefined;
      if (flags & KEY_IS_VALUE) keyField = ints[i++];
      else if (flags & HAS_KEY) key = next();

      const issues: Issue[] = new Array(ints[i++]);
      for (let k = 0; k < issues.length; k++) issues[k] = issue();

      let values: Map<string, FieldValue> | undefined;
      let health = 0;
      if (flags & PACKED) {
        health = ints[i++];
      } else {
        values = new Map<string, FieldValue>();
        const valueCount = ints[i++];
        for (let v = 0; v < valueCount; v++) {
          const fieldIndex = ints[i++];
          const field = fieldIndex >= 0 ? fields[fieldIndex] : next();
          const kind = ints[i++];
          if (kind === V_TEXT) {
            const value = fieldIndex >= 0 ? repeated(FIELD_BASE + fieldIndex) : (i++, next());
            values.set(field, value);
            if (keyField >= 0 && fieldIndex === keyField) key = value;
          } else if (kind === V_NULL) {
            values.set(field, null);
          } else {
            const list: string[] = new Array(ints[i++]);
            for (let t = 0; t < list.length; t++) list[t] = next();
            values.set(field, list);
          }
        }
      }

      let rowCells: readonly string[] = NO_CELLS;
      let originalCells = rowCells;
      if (flags & HAS_CELLS) {
        rowCells = cells();
        originalCells = flags & CELLS_DIFFER ? cells() : rowCells;
      }
      let storedRow: StoredCheckedRow | undefined;
      if (flags & HAS_JSON) {
        const end = storedAt + ints[i++];
        storedRow = { json: stored.subarray(storedAt, end), layout: fields };
        storedAt = end;
      }

      let checked: CheckedRow;
      let packedRow: PackedWireRow | undefined;
      if (values === undefined) {
        checked = packedRow = new PackedWireRow(row, rowCells, issues, key, block, packedIndex++, (flags & IN_TEMPLATE_ORDER) !== 0, health);
      } else {
        checked = { row, cells: rowCells, issues, values };
        if (key !== undefined) checked.key = key;
      }
      // Every property in the literal: added afterwards, they would cost each row a second object.
      yield { checked, originalCells, structureIssues: structureCount === 0 ? NO_ISSUES : issues.slice(0, structureCount), stored: storedRow, packed: packedRow };
    }
  }
}

/**
 * A validated row whose values came as a values text: they are read from it on first use (a row
 * that creates a contact is not asked for them unless its changes are listed; the summary never
 * asks), and the text itself is what a created contact keeps. Only the CheckedRow fields are enumerable: spread or
 * serialized, it is the plain row (with `values` asked for by name).
 */
class PackedWireRow implements CheckedRow, PackedRow {
  declare key?: string;
  #values: Map<string, FieldValue> | undefined;
  readonly #block: ValuesBlock;
  readonly #index: number;
  readonly #inTemplateOrder: boolean;
  readonly #healthKind: number;

  constructor(public row: number, public cells: readonly string[], public issues: Issue[], key: string | undefined, block: ValuesBlock, index: number, inTemplateOrder: boolean, healthKind: number) {
    if (key !== undefined) this.key = key;
    this.#block = block;
    this.#index = index;
    this.#inTemplateOrder = inTemplateOrder;
    this.#healthKind = healthKind;
  }

  get values(): Map<string, FieldValue> {
    return (this.#values ??= this.#block.read(this.#index));
  }

  set values(values: Map<string, FieldValue>) {
    this.#values = values;
  }

  get block(): ValuesBlock {
    return this.#block;
  }

  get index(): number {
    return this.#index;
  }

  get inTemplateOrder(): boolean {
    return this.#inTemplateOrder;
  }

  get healthKind(): number {
    return this.#healthKind;
  }
}
