/**
 * Rows in the case file: blocks of consecutive rows (table row_blocks), so a million rows are about
 * 500 blocks and a page reads one or two. Filters read only the integer index (BlockIndex).
 *
 * | part | holds |
 * |---|---|
 * | `checked` | JSON, a tuple per row: `[row, original, cells, values, key, issues]` (`original` 0: same as cells) |
 * | `simulated` | JSON, a tuple per row: `[outcome, contactId, changes, signature, issues]` |
 * | `positions` | int32s: rows' numbers, signatures, outcomes, where each tuple starts |
 * | `keys` | int32 hash of each row's key (hashOfKey) |
 * | values | null · entries by the block's layout (store-values.ts) · `{"m": [[field, value], …]}` |
 * | changes | null (none, or derivable for a created row) · `[field, to]` pairs · FieldChange objects |
 * | issue | `[code, severity rank, column index, field, column name, value, fix, params]`, no trailing nulls; message made when read |
 */
import { OUTCOMES, SEVERITIES, SEVERITY_RANK, type CheckedRow, type FieldChange, type FieldValue, type Issue, type MessageParams, type Outcome, type Severity } from '../model.ts';
import { stringHash } from './text-hash.ts';
import { createdChanges } from '../rules/new-contact.ts';
import { NEEDS_ESCAPE, jsonOfEntries, jsonOfPairs } from './json.ts';
import { layoutBodyOfMap, layoutBodyOfColumns, widenedLayout, type Layout } from './store-values.ts';
import { Utf8Bytes } from './utf8-bytes.ts';
import { SIMULATION_CODES } from '../rules/codes.ts';
import { isTagField } from '../rules/templates.ts';

/**
 * A case file whose rows cannot be read as stored (edited by hand, damaged on disk): said with the
 * rows it concerns and what to do, under the Api's code for an unreadable case.
 */
export class CaseDamagedError extends Error {
  readonly code = 'case.unreadable';

  constructor(what: string) {
    super(`This case file is damaged: ${what}. Open the list again to make a new case from it.`);
  }
}

/** The rows of a block, for messages: "rows 2–2,049". */
export function rowsLabel(first: number, last: number): string {
  return first === last ? `row ${first.toLocaleString('en')}` : `rows ${first.toLocaleString('en')}–${last.toLocaleString('en')}`;
}

/** The severity of a stored rank (model.ts SEVERITY_RANK). */
export const SEVERITY_OF = Object.fromEntries(SEVERITIES.map((s) => [SEVERITY_RANK[s], s])) as Record<number, Severity>;
export const OUTCOME_INDEX = Object.fromEntries(OUTCOMES.map((o, i) => [o, i])) as Record<Outcome, number>;

const OPEN = 0x5b; // [
const COMMA = 0x2c;
const ZERO = 0x30; // 0
const CLOSE = 0x5d; // ]

/** The integers of a block's index for n rows (block-decoding.ts BlockIndex tells what each is). */
function indexLength(n: number): number {
  return 5 * n + 2;
}

/** Rows per block a first check writes (a batch of the check is about 2,000). */
export const BLOCK_ROWS = 4096;

export type IssueTuple = [string, number, (number | null)?, (string | null)?, (string | null)?, (string | null)?, (string | null)?, (MessageParams | null)?];
export type StoredValues = null | (number | string | null | string[])[] | { m: [string, FieldValue][] };
export type CheckedTuple = [number, 0 | string[], string[], StoredValues, string | null, IssueTuple[]];
export type SimulatedTuple = [number, string | null, (FieldChange | [string, string])[] | null, number, IssueTuple[]];

/** A row read from a block. */
export interface BlockRow {
  row: number;
  seq: number;
  original: string[];
  cells: string[];
  values: Map<string, FieldValue>;
  key?: string;
  outcome: Outcome;
  contactId?: string;
  changes: FieldChange[];
  sig: number;
  /** The worst severity rank of its issues (0: none). */
  rank: number;
  issues: Issue[];
}

// ---- writing ---------------------------------------------------------------------------------

function issueTuple(issue: Issue): IssueTuple {
  const tuple: IssueTuple = [issue.code, SEVERITY_RANK[issue.severity], issue.columnIndex ?? null, issue.field ?? null, issue.column ?? null,
    issue.value ?? null, issue.fix ?? null, issue.params ?? null];
  while (tuple.length > 2 && tuple[tuple.length - 1] === null) tuple.pop();
  return tuple;
}

/** JSON of a row's issues as a block stores them. */
export function issuesJson(issues: readonly Issue[]): string {
  return issues.length === 0 ? '[]' : JSON.stringify(issues.map(issueTuple));
}

function stringJson(text: string | undefined): string {
  if (text === undefined) return 'null';
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/**
 * Writes a row's checked tuple as UTF-8; its length in bytes. `values`: the JSON of its stored values
 * (`storedValuesJson`); `original` is the cells as read, the same array as `cells` when no fix changed them.
 * The cells go straight from the strings to bytes (Utf8Bytes.writeJsonStrings): a million rows' cells
 * made into JSON texts and then encoded took about a second.
 */
export function writeCheckedTuple(out: Utf8Bytes, row: number, original: readonly string[], cells: readonly string[], values: string, key: string | undefined, issues: readonly Issue[]): number {
  const start = out.byteLength;
  out.write(`[${row},`);
  if (sameTexts(original, cells)) out.writeByte(ZERO);
  else out.writeJsonStrings(original);
  out.writeByte(COMMA);
  out.writeJsonStrings(cells);
  out.write(`,${values},${stringJson(key)},${issuesJson(issues)}]`);
  return out.byteLength - start;
}

function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** JSON of values as a block stores them: a layout's body (layoutBodyOfMap, `,e1,e2…`) or, fitting none, their entries. */
export function storedValuesJson(values: ReadonlyMap<string, FieldValue> | undefined, body: string | undefined): string {
  if (values === undefined || values.size === 0) return 'null';
  return body !== undefined ? `[${body.slice(1)}]` : `{"m":${jsonOfEntries(values)}}`;
}

/**
 * valuesJsonInLayout for a checked row: a row checker's by its columns, without making its Map (unless
 * they do not fit the layout).
 */
export function checkedValuesJson(checked: CheckedRow, positions: ReadonlyMap<string, number> | undefined): string {
  const columns = checked.columns;
  if (positions === undefined || columns === undefined) return valuesJsonInLayout(checked.values, checked.cells, positions);
  const { fields, columnValues } = columns;
  const body = layoutBodyOfColumns(fields, columnValues, fields.length, checked.cells, positions);
  // Every value adds an entry: an empty body is no values.
  if (body === '') return 'null';
  return body !== undefined ? `[${body.slice(1)}]` : valuesJsonInLayout(checked.values, checked.cells, positions);
}

/** storedValuesJson by the layout of these field positions, when the values fit it. */
export function valuesJsonInLayout(values: ReadonlyMap<string, FieldValue> | undefined, cells: readonly string[], positions: ReadonlyMap<string, number> | undefined): string {
  const body = values === undefined || values.size === 0 || positions === undefined ? undefined : layoutBodyOfMap(values, cells, positions);
  return storedValuesJson(values, body);
}

/** A change list as stored (see the header); an empty list stays one (a created row whose values would give some). */
function changesJson(changes: readonly FieldChange[]): string {
  if (changes.length === 0) return '[]';
  const pairs: [string, string][] = new Array(changes.length);
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    if (change.from !== '') return JSON.stringify(changes);
    pairs[i] = [change.field, change.to];
  }
  return jsonOfPairs(pairs);
}

/** A row's simulated tuple; `changes` undefined: none, or a created row's that its values give (not stored). */
function simulatedTupleJson(outcome: Outcome, contactId: string | undefined, changes: readonly FieldChange[] | undefined, sig: number, issues: readonly Issue[]): string {
  return `[${OUTCOME_INDEX[outcome]},${stringJson(contactId)},${changes === undefined ? 'null' : changesJson(changes)},${sig},${issuesJson(issues)}]`;
}

/**
 * Whether a created row's changes are those its values give (then they are not stored:
 * `createdChanges`). Compared change by change as createdChanges makes them, without making them
 * (a million rows): a text value is its change; a tag field goes through createdChanges itself
 * unless it is one tag or none.
 */
export function derivable(changes: readonly FieldChange[], values: ReadonlyMap<string, FieldValue> | undefined): boolean {
  if (!values) return false;
  let next = 0;
  let same = true;
  values.forEach((value, field) => {
    if (!same) return;
    let to: string | undefined;
    if (isTagField(field)) {
      if (Array.isArray(value) && value.length <= 1) to = value.length === 1 ? value[0] : undefined;
      else to = createdChanges(new Map([[field, value]]))[0]?.to;
    } else if (typeof value === 'string' && value !== '') {
      to = value;
    }
    if (to === undefined) return;
    const change = changes[next++];
    same = change !== undefined && change.field === field && change.from === '' && change.to === to;
  });
  return same && next === changes.length;
}

/**
 * The values of rows for one block: each row's JSON by a layout that fits as many as it can. A row
 * with fields the layout lacks widens it (a re-check after the channel changed), and the rows are
 * written again by the wider layout; a row whose fields come in another order is written as entries.
 */
export function blockValues(rows: readonly { values?: ReadonlyMap<string, FieldValue>; checkedRow?: CheckedRow; cells: readonly string[] }[], layout: Layout | undefined, layoutFor: (fields: readonly string[]) => Layout): { layout: Layout | undefined; values: string[] } {
  for (;;) {
    const out: string[] = new Array(rows.length);
    let widened: readonly string[] | undefined;
    for (let i = 0; i < rows.length && widened === undefined; i++) {
      const values = inputValues(rows[i]);
      if (values === undefined || values.size === 0) {
        out[i] = 'null';
        continue;
      }
      const body = layout === undefined ? undefined : layoutBodyOfMap(values, rows[i].cells, layout.positions);
      if (body === undefined) {
        const wider = widenedLayout(layout?.fields ?? [], values);
        if (wider !== undefined) {
          widened = wider;
          break;
        }
      }
      out[i] = storedValuesJson(values, body);
    }
    if (widened === undefined) return { layout, values: out };
    layout = layoutFor(widened);
  }
}

function grown(list: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const out = new Int32Array(list.length * 2);
  out.set(list);
  return out;
}

/** The 32-bit hash of a row's key, as a block keeps it for rowsWithKeys to scan instead of the rows (0: no key). */
export function hashOfKey(key: string): number {
  return stringHash(key) | 0;
}

/** 32-bit integers a block stored (its key hashes or positions). */
export function readInts(bytes: Uint8Array): Int32Array {
  // Copied: SQLite's buffer need not be aligned for an Int32Array.
  const copy = new Uint8Array(bytes);
  return new Int32Array(copy.buffer, 0, copy.byteLength >> 2);
}

/**
 * Consecutive stored rows' bytes and index entries, to copy into another block unread
 * (BlockBuilder.addRawRows). `checked` and `simulated` hold their tuples with the commas between;
 * the starts are each tuple's place in them.
 */
export interface RawRows {
  n: number;
  firstSeq: number;
  rows: Int32Array;
  sigs: Int32Array;
  outcomes: Int32Array;
  keyHashes: Int32Array;
  checked: Uint8Array;
  checkedStarts: Int32Array;
  simulated: Uint8Array;
  simulatedStarts: Int32Array;
}

/** What a block's row is written from (row-types.ts StoredRow). */
export interface BlockInput {
  row: number;
  seq: number;
  original: readonly string[];
  cells: readonly string[];
  outcome: Outcome;
  key?: string;
  values?: ReadonlyMap<string, FieldValue>;
  contactId?: string;
  changes: readonly FieldChange[];
  /** A created row whose changes were left out as derivable from its values (RowResult.changesOmitted). */
  changesOmitted?: true;
  /** Validation issues and simulation issues (SIMULATION_CODES), in that order. */
  issues: readonly Issue[];
  /**
   * The row's checked tuple already as a block stores it, made by the validation worker: its cells,
   * values and validation issues are then not read.
   */
  checkedJson?: Uint8Array;
  /** Instead of `values` (never with it): the checked row they are read from (checkedValuesJson writes a checker's row by its columns). */
  checkedRow?: CheckedRow;
}

/** A row's values to write: `values`, or its checked row's. */
function inputValues(r: { values?: ReadonlyMap<string, FieldValue>; checkedRow?: CheckedRow }): ReadonlyMap<string, FieldValue> | undefined {
  return r.values ?? r.checkedRow?.values;
}

/**
 * A block being written, row by row: each row's tuples go to bytes at once, so nothing of a row stays
 * on the heap until the block is stored (a batch's rows kept until then were copied by every
 * young-generation collection). Rows counted per (signature, outcome) group, numbered
 * sig * OUTCOMES.length + outcome.
 */
export class BlockBuilder {
  private readonly checked = new Utf8Bytes();
  private readonly simulated = new Utf8Bytes();
  private keys = new Int32Array(1024);
  private rows = new Int32Array(1024);
  private checkedStarts = new Int32Array(1024);
  private simulatedStarts = new Int32Array(1024);
  private sigs = new Int32Array(1024);
  private outcomes = new Int32Array(1024);
  readonly groups = new Map<number, number>();
  n = 0;
  firstSeq = 0;
  firstRow = 0;
  lastSeq = 0;
  lastRow = 0;

  /** `layout`: the fields the rows' values go by (a row written here whose values do not fit it goes as entries). */
  constructor(readonly layout: Layout | undefined) {}

  /** Makes room for one more row and notes its place; true for the block's first row. */
  private take(seq: number, row: number): boolean {
    return this.takeRows(seq, row, seq, row, 1);
  }

  /** Makes room for `n` more rows, the first and last of which are given; true if they are the block's first. */
  private takeRows(firstSeq: number, firstRow: number, lastSeq: number, lastRow: number, n: number): boolean {
    const first = this.n === 0;
    if (first) {
      this.firstSeq = firstSeq;
      this.firstRow = firstRow;
    }
    this.lastSeq = lastSeq;
    this.lastRow = lastRow;
    while (this.n + n > this.keys.length) {
      this.keys = grown(this.keys);
      this.rows = grown(this.rows);
      this.checkedStarts = grown(this.checkedStarts);
      this.simulatedStarts = grown(this.simulatedStarts);
      this.sigs = grown(this.sigs);
      this.outcomes = grown(this.outcomes);
    }
    return first;
  }

  /** A row; `values`: its values' JSON when the caller made it (blockValues), `sig` its signature. */
  add(r: BlockInput, sig: number, values?: string): void {
    const first = this.take(r.seq, r.row);
    const checkIssues: Issue[] = [];
    const simIssues: Issue[] = [];
    for (const issue of r.issues) (SIMULATION_CODES.has(issue.code) ? simIssues : checkIssues).push(issue);
    this.checked.writeByte(first ? OPEN : COMMA);
    this.rows[this.n] = r.row;
    this.checkedStarts[this.n] = this.checked.byteLength;
    if (r.checkedJson !== undefined) {
      this.checked.writeBytes(r.checkedJson);
    } else {
      const positions = this.layout?.positions;
      const json = values ?? (r.checkedRow !== undefined ? checkedValuesJson(r.checkedRow, positions) : valuesJsonInLayout(r.values, r.cells, positions));
      writeCheckedTuple(this.checked, r.row, r.original, r.cells, json, r.key, checkIssues);
    }
    // A created row's changes are its values' (nearly always): not stored twice.
    const changes = r.outcome === 'create' ? (r.changesOmitted || derivable(r.changes, inputValues(r)) ? undefined : r.changes)
      : r.changes.length === 0 ? undefined : r.changes;
    this.simulated.writeByte(first ? OPEN : COMMA);
    this.simulatedStarts[this.n] = this.simulated.byteLength;
    this.simulated.write(simulatedTupleJson(r.outcome, r.contactId, changes, sig, simIssues));
    this.sigs[this.n] = sig;
    this.outcomes[this.n] = OUTCOME_INDEX[r.outcome];
    const group = sig * OUTCOMES.length + OUTCOME_INDEX[r.outcome];
    this.groups.set(group, (this.groups.get(group) ?? 0) + 1);
    this.keys[this.n++] = r.key === undefined ? 0 : hashOfKey(r.key);
  }

  /**
   * Consecutive rows of another block copied as they are stored (their tuples' bytes, signatures,
   * outcomes and key hashes), without reading them, each text in one copy: a fix rewrites a block
   * around a few changed rows. Their values go by that block's layout, so the builder must have the
   * same one. The bytes are those of adding the rows one by one.
   */
  addRawRows(raw: RawRows): void {
    const n = raw.n;
    if (n === 0) return;
    const first = this.takeRows(raw.firstSeq, raw.rows[0], raw.firstSeq + n - 1, raw.rows[n - 1], n);
    const at = this.n;
    this.checked.writeByte(first ? OPEN : COMMA);
    const checkedBase = this.checked.byteLength;
    this.checked.writeBytes(raw.checked);
    this.simulated.writeByte(first ? OPEN : COMMA);
    const simulatedBase = this.simulated.byteLength;
    this.simulated.writeBytes(raw.simulated);
    for (let i = 0; i < n; i++) {
      this.checkedStarts[at + i] = checkedBase + raw.checkedStarts[i];
      this.simulatedStarts[at + i] = simulatedBase + raw.simulatedStarts[i];
      const group = raw.sigs[i] * OUTCOMES.length + raw.outcomes[i];
      this.groups.set(group, (this.groups.get(group) ?? 0) + 1);
    }
    this.rows.set(raw.rows, at);
    this.sigs.set(raw.sigs, at);
    this.outcomes.set(raw.outcomes, at);
    this.keys.set(raw.keyHashes, at);
    this.n += n;
  }

  /** The block's texts, positions and key hashes (hashOfKey). */
  finish(): { checked: Uint8Array; simulated: Uint8Array; positions: Buffer; keys: Buffer } {
    this.checked.writeByte(CLOSE);
    this.simulated.writeByte(CLOSE);
    const n = this.n;
    const positions = new Int32Array(indexLength(n));
    positions.set(this.rows.subarray(0, n), 0);
    positions.set(this.sigs.subarray(0, n), n);
    positions.set(this.outcomes.subarray(0, n), 2 * n);
    positions.set(this.checkedStarts.subarray(0, n), 3 * n);
    positions[4 * n] = this.checked.byteLength;
    positions.set(this.simulatedStarts.subarray(0, n), 4 * n + 1);
    positions[5 * n + 1] = this.simulated.byteLength;
    return { checked: this.checked.take(), simulated: this.simulated.take(), positions: Buffer.from(positions.buffer), keys: Buffer.from(this.keys.buffer, 0, n * 4) };
  }
}

// ---- reading ---------------------------------------------------------------------------------
