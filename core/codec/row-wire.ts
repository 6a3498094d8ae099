/**
 * Rows from the validation worker to the simulating thread, transferred without copying (posting
 * row objects costs the busy receiving side a clone per value). Decoding gives rows equal to those
 * encoded, key order included (a property test holds it).
 *
 * | part | holds |
 * |---|---|
 * | ints | each row's shape: kind, row number, counts, every text's length |
 * | text bytes | every text, one after another (UTF-8) |
 * | values block | validated rows' values, or raw rows' cells (values-text.ts), read only when asked |
 * | repeated texts | statuses, genders, tags, column names: sent once, then by number |
 */
import { type Channel, type CheckedRow, type FieldValue, type Issue } from '../model.ts';
import { TemplateOrder } from '../rules/new-contact.ts';
import { FieldTable, ValuesTextWriter } from './values-text.ts';
import { positionsOf } from './store-values.ts';
import { checkedValuesJson, writeCheckedTuple } from './row-blocks.ts';
import { Utf8Bytes } from './utf8-bytes.ts';
import { CELLS_DIFFER, CELLS_IN_BLOCK, CODE_INDEX, DICTIONARY_MAX, DICTIONARY_TRIAL, Dictionary, FIELD_BASE, HAS_CELLS, HAS_JSON, HAS_KEY, IN_TEMPLATE_ORDER, I_COLUMN, I_COLUMN_INDEX, I_FIELD, I_FIX, I_MESSAGE, I_PARAMS, I_ROW, I_VALUE, KEY_IS_VALUE, NAMES, PACKED, P_NUMBER, P_TEXT, RAW, SEVERITY_INDEX, T_NEW, T_SEEN, T_TEXT, V_LIST, V_NULL, V_TEXT, WireBatch, WireCells, WireRecord, isWide } from './row-wire-format.ts';

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
