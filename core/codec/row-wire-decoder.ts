/** Rows back from a row-wire batch (row-wire.ts describes the format and encodes it). */
import { SEVERITIES, type CheckedRow, type FieldValue, type Issue, type MessageParams } from '../model.ts';
import { ALL_CODES } from '../rules/codes.ts';
import { type PackedRow, ValuesBlock, ValuesBlockReader } from './values-text.ts';
import { CELLS_DIFFER, CELLS_IN_BLOCK, FIELD_BASE, HAS_CELLS, HAS_JSON, HAS_KEY, IN_TEMPLATE_ORDER, I_COLUMN, I_COLUMN_INDEX, I_FIELD, I_FIX, I_MESSAGE, I_PARAMS, I_ROW, I_VALUE, KEY_IS_VALUE, NAMES, NO_CELLS, NO_ISSUES, PACKED, P_NUMBER, RAW, StoredCheckedRow, T_NEW, T_SEEN, V_NULL, V_TEXT, WireBatch, WireRow } from './row-wire-format.ts';

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
