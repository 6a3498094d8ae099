/**
 * Reading a block back (the format is described in row-blocks.ts): its index of integers
 * (BlockIndex), and its rows (DecodedBlock), parsed one tuple at a time, only those asked for.
 */
import { OUTCOMES, type FieldChange, type FieldValue, type Issue, type Outcome } from '../model.ts';
import { issueMessage } from '../rules/messages.ts';
import { createdChanges } from '../rules/new-contact.ts';
import { valuesOfEntries } from './store-values.ts';
import { CaseDamagedError, readInts, SEVERITY_OF, type BlockRow, type CheckedTuple, type IssueTuple, type RawRows, type SimulatedTuple, type StoredValues } from './row-blocks.ts';

/** The issue a stored tuple holds (its row given apart: a file issue has none), with its message in English. */
export function issueOf(t: IssueTuple, row: number | undefined): Issue {
  const issue: Issue = { code: t[0], severity: SEVERITY_OF[t[1]], message: '' };
  if (row !== undefined) issue.row = row;
  if (t[4] != null) issue.column = t[4];
  if (t[2] != null) issue.columnIndex = t[2];
  if (t[3] != null) issue.field = t[3];
  if (t[5] != null) issue.value = t[5];
  if (t[6] != null) issue.fix = t[6];
  if (t[7] != null) issue.params = t[7];
  issue.message = issueMessage(issue, 'en');
  return issue;
}

function valuesOf(stored: StoredValues, cells: readonly string[], fields: readonly string[] | undefined): Map<string, FieldValue> {
  if (stored === null) return new Map();
  if (!Array.isArray(stored)) return new Map(stored.m);
  if (fields === undefined) throw new Error('its values name no list of fields');
  return valuesOfEntries(stored, cells, fields);
}

/** A row's changes as stored (see the header). */
function changesOf(stored: (FieldChange | [string, string])[] | null, outcome: Outcome, values: ReadonlyMap<string, FieldValue>): FieldChange[] {
  if (stored === null) return outcome === 'create' ? createdChanges(values) : [];
  return stored.map((c) => (Array.isArray(c) ? { field: c[0], from: '', to: c[1] } : c));
}

/**
 * A block's index (`positions`), n rows: their numbers [0, n), signatures [n, 2n), outcome indexes
 * [2n, 3n), where each checked tuple starts [3n, 4n) and the checked text's length (4n), where each
 * simulated tuple starts [4n + 1, 5n + 1) and that text's length (5n + 1). A tuple ends a byte before
 * the next starts (a comma) or the text ends (a closing bracket).
 */
export class BlockIndex {
  readonly size: number;

  constructor(readonly ints: Int32Array, checkedLength: number, simulatedLength: number) {
    this.size = (ints.length - 2) / 5;
    const n = this.size;
    if (!Number.isInteger(n) || ints[4 * n] !== checkedLength || ints[5 * n + 1] !== simulatedLength) throw new Error('its index does not match its rows');
  }

  row(i: number): number {
    return this.ints[i];
  }

  sig(i: number): number {
    return this.ints[this.size + i];
  }

  outcome(i: number): number {
    return this.ints[2 * this.size + i];
  }

  /** Row numbers of rows [from, to). */
  rows(from: number, to: number): Int32Array {
    return this.ints.subarray(from, to);
  }

  sigs(from: number, to: number): Int32Array {
    return this.ints.subarray(this.size + from, this.size + to);
  }

  outcomes(from: number, to: number): Int32Array {
    return this.ints.subarray(2 * this.size + from, 2 * this.size + to);
  }

  /** Where the checked tuples of rows [from, to) start, and where the one after them starts (or the text's length + 1 past the last). */
  checkedStarts(from: number, to: number): Int32Array {
    return this.ints.subarray(3 * this.size + from, 3 * this.size + to + 1);
  }

  simulatedStarts(from: number, to: number): Int32Array {
    return this.ints.subarray(4 * this.size + 1 + from, 4 * this.size + 1 + to + 1);
  }

  /** Where row i's checked tuple starts and ends. */
  checked(i: number): [number, number] {
    const at = 3 * this.size + i;
    return [this.ints[at], this.ints[at + 1] - 1];
  }

  simulated(i: number): [number, number] {
    const at = 4 * this.size + 1 + i;
    return [this.ints[at], this.ints[at + 1] - 1];
  }

  /** Rows whose checked tuple (its bytes: `text`) has the bytes of `needle`. */
  rowsWithBytes(text: Buffer, needle: Buffer): number[] {
    const out: number[] = [];
    for (let at = text.indexOf(needle); at >= 0;) {
      const i = this.rowAtByte(at);
      out.push(i);
      // On to the next row's tuple.
      at = i + 1 < this.size ? text.indexOf(needle, this.checked(i + 1)[0]) : -1;
    }
    return out;
  }

  /** The row whose checked tuple holds byte `at`. */
  rowAtByte(at: number): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.ints[3 * this.size + mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** The bytes of a run of tuples starting at `starts` (each ends a byte before the next starts; one more start than tuples), and their starts in those bytes. */
function runOf(text: Buffer, starts: Int32Array): [Uint8Array, Int32Array] {
  const first = starts[0];
  const relative = new Int32Array(starts.length - 1);
  for (let i = 0; i < relative.length; i++) relative[i] = starts[i] - first;
  return [text.subarray(first, starts[starts.length - 1] - 1), relative];
}

/**
 * A block as read: its index, and each row's tuples parsed only when asked for (a page shows a
 * hundred rows of thousands; filters read the index).
 */
export class DecodedBlock {
  private readonly checked: Buffer;
  private readonly simulated: Buffer;
  private readonly index: BlockIndex;
  private readonly checkedTuples: (CheckedTuple | undefined)[];
  private readonly simulatedTuples: (SimulatedTuple | undefined)[];
  readonly size: number;

  /** `label`: the block's rows, for the message should they not read (rowsLabel). */
  constructor(readonly firstSeq: number, checked: Uint8Array, simulated: Uint8Array, positions: Uint8Array, private readonly fields: readonly string[] | undefined, private readonly label: string) {
    this.checked = Buffer.from(checked.buffer, checked.byteOffset, checked.byteLength);
    this.simulated = Buffer.from(simulated.buffer, simulated.byteOffset, simulated.byteLength);
    try {
      this.index = new BlockIndex(readInts(positions), this.checked.length, this.simulated.length);
    } catch (error) {
      throw this.damaged(error);
    }
    this.size = this.index.size;
    this.checkedTuples = new Array(this.size);
    this.simulatedTuples = new Array(this.size);
  }

  /** What to throw when the block's bytes are not what it wrote. */
  private damaged(error: unknown): CaseDamagedError {
    return error instanceof CaseDamagedError ? error : new CaseDamagedError(`${this.label} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }

  /** Parses every row's tuples at once (one parse of each text is much cheaper than one per row). */
  readAll(): void {
    try {
      const checked = JSON.parse(this.checked.toString('utf8')) as CheckedTuple[];
      const simulated = JSON.parse(this.simulated.toString('utf8')) as SimulatedTuple[];
      if (checked.length !== this.size || simulated.length !== this.size) throw new Error('its rows do not match its index');
      for (let i = 0; i < this.size; i++) {
        this.checkedTuples[i] = checked[i];
        this.simulatedTuples[i] = simulated[i];
      }
    } catch (error) {
      throw this.damaged(error);
    }
  }

  private checkedTuple(i: number): CheckedTuple {
    return (this.checkedTuples[i] ??= this.parsed<CheckedTuple>(this.checked, this.index.checked(i)));
  }

  private simulatedTuple(i: number): SimulatedTuple {
    return (this.simulatedTuples[i] ??= this.parsed<SimulatedTuple>(this.simulated, this.index.simulated(i)));
  }

  /** A tuple's JSON, parsed. */
  private parsed<T>(text: Buffer, [start, end]: [number, number]): T {
    try {
      return JSON.parse(text.toString('utf8', start, end)) as T;
    } catch (error) {
      throw this.damaged(error);
    }
  }

  rowNumber(i: number): number {
    return this.index.row(i);
  }

  outcomeIndex(i: number): number {
    return this.index.outcome(i);
  }

  sig(i: number): number {
    return this.index.sig(i);
  }

  key(i: number): string | null {
    return this.checkedTuple(i)[4];
  }

  cells(i: number): string[] {
    return this.checkedTuple(i)[2];
  }

  /**
   * Rows [from, to) as stored, unread (`keyHashes`: the block's key hashes), to copy into another
   * block. Their tuples are one run of each text, with the commas between.
   */
  rawRows(from: number, to: number, keyHashes: Int32Array): RawRows {
    const [checked, checkedStarts] = runOf(this.checked, this.index.checkedStarts(from, to));
    const [simulated, simulatedStarts] = runOf(this.simulated, this.index.simulatedStarts(from, to));
    return {
      n: to - from, firstSeq: this.firstSeq + from, rows: this.index.rows(from, to), sigs: this.index.sigs(from, to), outcomes: this.index.outcomes(from, to),
      keyHashes: keyHashes.subarray(from, to), checked, checkedStarts, simulated, simulatedStarts,
    };
  }

  /** Row i in full. */
  row(i: number): BlockRow {
    try {
      return this.rowOf(i);
    } catch (error) {
      throw this.damaged(error);
    }
  }

  private rowOf(i: number): BlockRow {
    const [row, original, cells, stored, key, checkIssues] = this.checkedTuple(i);
    const [outcomeIndex, contactId, changes, sig, simIssues] = this.simulatedTuple(i);
    const outcome = OUTCOMES[outcomeIndex];
    if (outcome === undefined || !Array.isArray(cells) || typeof row !== 'number') throw new Error('a row is not as written');
    const values = valuesOf(stored, cells, this.fields);
    const issues: Issue[] = [];
    let rank = 0;
    for (const t of checkIssues) {
      issues.push(issueOf(t, row));
      if (t[1] > rank) rank = t[1];
    }
    for (const t of simIssues) {
      issues.push(issueOf(t, row));
      if (t[1] > rank) rank = t[1];
    }
    const out: BlockRow = {
      row, seq: this.firstSeq + i, original: original === 0 ? cells.slice() : original, cells, values,
      outcome, changes: changesOf(changes, outcome, values), sig, rank, issues,
    };
    if (key !== null) out.key = key;
    if (contactId !== null) out.contactId = contactId;
    return out;
  }
}
