/**
 * Checked rows as they cross from the validation worker to the thread that simulates them: a batch
 * is an integer array (the rows' shape and every text's length) and the UTF-16 bytes of every text
 * one after another, both transferred without copying. Posting row objects would cost an object, a
 * property name and a string per value to clone on the receiving side, the busy one; here it makes
 * one string and cuts it.
 *
 * `decodeRows(encodeRows(rows))` gives rows equal to the originals, down to the order of their keys
 * (a property test holds it), so the JSON report and the case file do not change.
 */
import type { CheckedRow, FieldValue, Issue, MessageParams, Severity } from '../model.ts';
import { ALL_CODES } from '../rules/codes.ts';

/** One validated row and what the reader gave for it. */
export interface WireRow {
  checked: CheckedRow;
  /** The cells as read (before accepted fixes); empty when cells were not asked for. */
  originalCells: readonly string[];
  /** The reader's issues (row.ragged, file.unterminated_quote): the first ones of `checked.issues`. */
  structureIssues: readonly Issue[];
}

export interface WireBatch {
  ints: Int32Array;
  /** Every text, one after another, as UTF-16 (their lengths are among the integers). */
  text: Uint8Array;
  /** Rows in the batch. */
  count: number;
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const SEVERITY_INDEX: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const CODE_INDEX = new Map<string, number>(ALL_CODES.map((code, i) => [code, i]));

const HAS_KEY = 1;
const HAS_CELLS = 2;
const CELLS_DIFFER = 4;

const I_ROW = 1;
const I_COLUMN = 2;
const I_COLUMN_INDEX = 4;
const I_FIELD = 8;
const I_VALUE = 16;
const I_FIX = 32;
const I_PARAMS = 64;

const V_TEXT = 0;
const V_LIST = 1;
const V_NULL = 2;

const P_TEXT = 0;
const P_NUMBER = 1;

/** Accumulates rows into a batch. */
export class WireEncoder {
  private ints = new Int32Array(1 << 16);
  private texts: string[] = [];
  private intCount = 0;
  private count = 0;

  /** `withCells`: send the cells (and the original cells when fixes changed them). */
  constructor(private readonly fieldIndex: ReadonlyMap<string, number>, private readonly withCells: boolean) {}

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

  /** A text: its length among the integers; the texts are joined into one string when the batch is taken. */
  private text(value: string): void {
    this.int(value.length);
    this.texts.push(value);
  }

  add(checked: CheckedRow, originalCells: readonly string[], structureIssueCount: number): void {
    this.count++;
    const differ = this.withCells && checked.cells !== originalCells;
    this.int(checked.row);
    this.int((checked.key !== undefined ? HAS_KEY : 0) | (this.withCells ? HAS_CELLS : 0) | (differ ? CELLS_DIFFER : 0));
    this.int(structureIssueCount);
    if (checked.key !== undefined) this.text(checked.key);

    this.int(checked.issues.length);
    for (const issue of checked.issues) this.issue(issue);

    this.int(checked.values.size);
    checked.values.forEach((value, field) => {
      const index = this.fieldIndex.get(field);
      this.int(index ?? -1);
      if (index === undefined) this.text(field);
      if (typeof value === 'string') {
        this.int(V_TEXT);
        this.text(value);
      } else if (value === null) {
        this.int(V_NULL);
      } else {
        this.int(V_LIST);
        this.int(value.length);
        for (const item of value) this.text(item);
      }
    });

    if (this.withCells) {
      this.cells(checked.cells);
      if (differ) this.cells(originalCells);
    }
  }

  private cells(cells: readonly string[]): void {
    this.int(cells.length);
    for (const cell of cells) this.text(cell);
  }

  private issue(issue: Issue): void {
    const code = CODE_INDEX.get(issue.code);
    const mask = (issue.row !== undefined ? I_ROW : 0) | (issue.column !== undefined ? I_COLUMN : 0) | (issue.columnIndex !== undefined ? I_COLUMN_INDEX : 0)
      | (issue.field !== undefined ? I_FIELD : 0) | (issue.value !== undefined ? I_VALUE : 0) | (issue.fix !== undefined ? I_FIX : 0)
      | (issue.params !== undefined ? I_PARAMS : 0);
    this.int(code ?? -1);
    this.int(SEVERITY_INDEX[issue.severity]);
    this.int(mask);
    if (code === undefined) this.text(issue.code);
    this.text(issue.message);
    if (issue.row !== undefined) this.int(issue.row);
    if (issue.column !== undefined) this.text(issue.column);
    if (issue.columnIndex !== undefined) this.int(issue.columnIndex);
    if (issue.field !== undefined) this.text(issue.field);
    if (issue.value !== undefined) this.text(issue.value);
    if (issue.fix !== undefined) this.text(issue.fix);
    if (issue.params !== undefined) {
      const names = Object.keys(issue.params);
      this.int(names.length);
      for (const name of names) {
        const value = issue.params[name];
        this.text(name);
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
    const joined = this.texts.join('');
    const text = Buffer.allocUnsafeSlow(joined.length * 2);
    text.write(joined, 0, 'utf16le');
    const batch: WireBatch = { ints: this.ints.slice(0, this.intCount), text, count: this.count };
    this.intCount = 0;
    this.texts = [];
    this.count = 0;
    return batch;
  }
}

/** The rows of a batch, equal to those encoded. `fields` is the encoder's field table, by index. */
export function decodeRows(batch: WireBatch, fields: readonly string[]): WireRow[] {
  const { ints } = batch;
  const text = Buffer.from(batch.text.buffer, batch.text.byteOffset, batch.text.byteLength).toString('utf16le');
  let i = 0;
  let at = 0;
  const next = (): string => {
    const end = at + ints[i++];
    const value = text.slice(at, end);
    at = end;
    return value;
  };
  const rows: WireRow[] = new Array(batch.count);
  for (let r = 0; r < batch.count; r++) {
    const row = ints[i++];
    const flags = ints[i++];
    const structureCount = ints[i++];
    const key = flags & HAS_KEY ? next() : undefined;

    const issueCount = ints[i++];
    const issues: Issue[] = new Array(issueCount);
    for (let k = 0; k < issueCount; k++) {
      const codeIndex = ints[i++];
      const severity = SEVERITIES[ints[i++]];
      const mask = ints[i++];
      const code = codeIndex >= 0 ? ALL_CODES[codeIndex] : next();
      const issue: Issue = { code, severity, message: next() };
      if (mask & I_ROW) issue.row = ints[i++];
      if (mask & I_COLUMN) issue.column = next();
      if (mask & I_COLUMN_INDEX) issue.columnIndex = ints[i++];
      if (mask & I_FIELD) issue.field = next();
      if (mask & I_VALUE) issue.value = next();
      if (mask & I_FIX) issue.fix = next();
      if (mask & I_PARAMS) {
        const params: MessageParams = {};
        const count = ints[i++];
        for (let p = 0; p < count; p++) {
          const name = next();
          const type = ints[i++];
          const value = next();
          params[name] = type === P_NUMBER ? Number(value) : value;
        }
        issue.params = params;
      }
      issues[k] = issue;
    }

    const valueCount = ints[i++];
    const values = new Map<string, FieldValue>();
    for (let v = 0; v < valueCount; v++) {
      const fieldIndex = ints[i++];
      const field = fieldIndex >= 0 ? fields[fieldIndex] : next();
      const kind = ints[i++];
      if (kind === V_TEXT) values.set(field, next());
      else if (kind === V_NULL) values.set(field, null);
      else {
        const count = ints[i++];
        const list: string[] = new Array(count);
        for (let t = 0; t < count; t++) list[t] = next();
        values.set(field, list);
      }
    }

    let cells: string[] = [];
    let originalCells: string[] = cells;
    if (flags & HAS_CELLS) {
      cells = new Array(ints[i++]);
      for (let c = 0; c < cells.length; c++) cells[c] = next();
      originalCells = cells;
      if (flags & CELLS_DIFFER) {
        originalCells = new Array(ints[i++]);
        for (let c = 0; c < originalCells.length; c++) originalCells[c] = next();
      }
    }

    const checked: CheckedRow = { row, cells, issues, values };
    if (key !== undefined) checked.key = key;
    rows[r] = { checked, originalCells, structureIssues: structureCount === 0 ? [] : issues.slice(0, structureCount) };
  }
  return rows;
}
