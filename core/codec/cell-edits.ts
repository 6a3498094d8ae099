/**
 * A fix's cell edits as one text, so the fix log keeps one row per fix however many cells it edited
 * (store/fix-log.ts): dropping or reading an entry touches that row only.
 *
 * | text (JSON) | holds |
 * |---|---|
 * | `[rows, cols, befores, afters]` | four arrays of one length; edit i is element i of each, in the order made |
 *
 * JSON writes a lone surrogate as `\udxxx`, so a cell keeping bytes that are not UTF-8 (R-F5) is
 * stored as valid text and comes back as it was.
 */
import { CaseDamagedError } from './row-blocks.ts';

export interface CellEdit {
  row: number;
  col: number;
  before: string;
  after: string;
}

export function encodeCellEdits(edits: readonly CellEdit[]): string {
  const n = edits.length;
  const rows = new Array<number>(n);
  const cols = new Array<number>(n);
  const befores = new Array<string>(n);
  const afters = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const e = edits[i];
    rows[i] = e.row;
    cols[i] = e.col;
    befores[i] = e.before;
    afters[i] = e.after;
  }
  return JSON.stringify([rows, cols, befores, afters]);
}

/** The edits encodeCellEdits wrote; a text it could not have written is a damaged case. */
export function decodeCellEdits(text: string): CellEdit[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isEditColumns(parsed)) throw new CaseDamagedError('a fix in its fix log cannot be read');
  const [rows, cols, befores, afters] = parsed;
  const out = new Array<CellEdit>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = { row: rows[i], col: cols[i], before: befores[i], after: afters[i] };
  return out;
}

function isEditColumns(value: unknown): value is [number[], number[], string[], string[]] {
  if (!Array.isArray(value) || value.length !== 4 || !value.every((column) => Array.isArray(column) && column.length === (value[0] as unknown[]).length)) return false;
  const [rows, cols, befores, afters] = value as unknown[][];
  return rows.every(Number.isInteger) && cols.every(Number.isInteger) && befores.every((t) => typeof t === 'string') && afters.every((t) => typeof t === 'string');
}
