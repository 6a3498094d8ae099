/**
 * A row's values as the case file stores them: by position in a layout (the case's list of fields,
 * table `layouts`), most as a reference to the row's own cell, so a million rows keep about 45
 * characters of values each instead of 210.
 *
 * | entry i (field i of the layout) | means |
 * |---|---|
 * | `0` | no value |
 * | `k` > 0 | the text of the row's cell k (1-based) |
 * | `-k` | a one-item list of cell k |
 * | a string, null or list | the value itself |
 *
 * The body is `,e1,e2,…` with trailing empty entries left out; a block keeps `[e1,e2,…]`.
 */
import type { FieldValue } from '../model.ts';
import { NEEDS_ESCAPE } from './json.ts';
import { EntryArrays } from './values-text.ts';

/** A layout's fields and the position of each (the first, should a field be listed twice). */
export interface Layout {
  readonly id: number;
  readonly fields: readonly string[];
  readonly positions: ReadonlyMap<string, number>;
}

/** Each field's position in a list of fields (the first, should one be listed twice). */
export function positionsOf(fields: readonly string[]): Map<string, number> {
  const positions = new Map<string, number>();
  fields.forEach((field, i) => {
    if (!positions.has(field)) positions.set(field, i);
  });
  return positions;
}

/**
 * The number (1-based) of a cell with this text, or 0: the cell at the field's position when it has
 * it (fields nearly always come from the columns in order), else the first that has it.
 */
function cellNumber(cells: readonly string[], text: string, position: number): number {
  if (cells[position] === text) return position + 1;
  for (let c = 0; c < cells.length; c++) if (cells[c] === text) return c + 1;
  return 0;
}

/** `,k` for the cell references of rows up to 64 columns, made once (a million rows use them). */
const REFERENCES = Array.from({ length: 129 }, (_, i) => `,${i - 64}`);

function reference(k: number): string {
  return k >= -64 && k <= 64 ? REFERENCES[k + 64] : `,${k}`;
}

/** A value's entry, after a comma. */
function entry(value: FieldValue, cells: readonly string[], position: number): string {
  if (value === null) return ',null';
  if (typeof value === 'string') {
    const k = cellNumber(cells, value, position);
    if (k > 0) return reference(k);
    return NEEDS_ESCAPE.test(value) ? `,${JSON.stringify(value)}` : `,"${value}"`;
  }
  if (value.length === 1) {
    const k = cellNumber(cells, value[0], position);
    if (k > 0) return reference(-k);
  }
  return `,${JSON.stringify(value)}`;
}

/** A Map's entries, copied for `layoutBodyOfColumns`. */
const entries = new EntryArrays();

/**
 * The entries of a non-empty Map for a layout's positions, each after a comma (`,e1,e2…`: the
 * stored text is `[<id>` + this + `]`), or undefined when the Map cannot be written in the layout.
 */
export function layoutBodyOfMap(values: ReadonlyMap<string, FieldValue>, cells: readonly string[], positions: ReadonlyMap<string, number>): string | undefined {
  const n = entries.fill(values);
  return layoutBodyOfColumns(entries.fields, entries.values, n, cells, positions);
}

/**
 * `layoutBodyOfMap` for values given by position (the first `length`; undefined ones left out), as a
 * row checker's columns give them. A field given twice does not fit a layout (undefined).
 */
export function layoutBodyOfColumns(fields: readonly string[], values: readonly (FieldValue | undefined)[], length: number, cells: readonly string[], positions: ReadonlyMap<string, number>): string | undefined {
  let body = '';
  let next = 0;
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (value === undefined) continue;
    const position = positions.get(fields[i]);
    if (position === undefined || position < next) return undefined;
    for (; next < position; next++) body += ',0';
    body += entry(value, cells, position);
    next++;
  }
  return body;
}

/** The values a layout's entries give (see the header). */
export function valuesOfEntries(stored: readonly unknown[], cells: readonly string[], fields: readonly string[]): Map<string, FieldValue> {
  const values = new Map<string, FieldValue>();
  for (let i = 0; i < stored.length; i++) {
    const e = stored[i];
    if (e === 0) continue;
    if (typeof e === 'number') values.set(fields[i], e > 0 ? cells[e - 1] : [cells[-e - 1]]);
    else values.set(fields[i], e as FieldValue);
  }
  return values;
}

/**
 * A layout with the Map's fields in it, in the Map's order, keeping the layout's own (a row with a
 * field it lacks: a re-check after the channel changed); undefined when the two orders disagree.
 */
export function widenedLayout(fields: readonly string[], values: ReadonlyMap<string, FieldValue>): string[] | undefined {
  const positions = positionsOf(fields);
  const out: string[] = [];
  let next = 0;
  for (const field of values.keys()) {
    const position = positions.get(field);
    if (position === undefined) {
      out.push(field);
      continue;
    }
    if (position < next) return undefined;
    for (; next <= position; next++) out.push(fields[next]);
  }
  for (; next < fields.length; next++) out.push(fields[next]);
  return out;
}
