/**
 * A row as the row checker returns it: each read column's valid value by position, and the values
 * Map made from them only when asked. Most rows are only encoded for another thread, counted or
 * simulated, and those read the columns directly (CheckedRow.columns, `valueOf`): a Map per
 * row, grown entry by entry, was about a tenth of a million-row check.
 * Only the CheckedRow fields are own and enumerable: spread or serialized, it is the plain row
 * (with `values` asked for by name), as with rows validated in the worker (codec/row-wire.ts).
 */
import type { CheckedRow, FieldValue, Issue, RowColumns } from '../model.ts';

export class CheckedColumns implements CheckedRow {
  declare key?: string;
  readonly #fields: readonly string[];
  readonly #columnValues: readonly (FieldValue | undefined)[];
  #values: Map<string, FieldValue> | undefined;
  #replaced = false;

  /**
   * `fields`: the field of each column read, shared by every row of a check; `columnValues`: this
   * row's valid value of each (undefined: blank or invalid).
   */
  constructor(public row: number, public cells: readonly string[], public issues: Issue[], fields: readonly string[], columnValues: readonly (FieldValue | undefined)[]) {
    this.#fields = fields;
    this.#columnValues = columnValues;
  }

  /** Set in column order, as the checker once set them: a field read from two columns keeps its first place and its last value. */
  get values(): Map<string, FieldValue> {
    if (this.#values === undefined) {
      const values = new Map<string, FieldValue>();
      for (let c = 0; c < this.#fields.length; c++) {
        const value = this.#columnValues[c];
        if (value !== undefined) values.set(this.#fields[c], value);
      }
      this.#values = values;
    }
    return this.#values;
  }

  set values(values: Map<string, FieldValue>) {
    this.#values = values;
    this.#replaced = true;
  }

  /** CheckedRow.columns: this row itself (no object made per row) until `values` is replaced. */
  get columns(): RowColumns | undefined {
    return this.#replaced ? undefined : this;
  }

  get fields(): readonly string[] {
    return this.#fields;
  }

  get columnValues(): readonly (FieldValue | undefined)[] {
    return this.#columnValues;
  }
}

/** A row's value of `field`, as `values.get(field)` gives it, by its columns when it has them (no Map made). */
export function valueOf(row: CheckedRow, field: string): FieldValue | undefined {
  const columns = row.columns;
  if (columns === undefined) return row.values.get(field);
  for (let c = columns.fields.length - 1; c >= 0; c--) {
    if (columns.fields[c] === field && columns.columnValues[c] !== undefined) return columns.columnValues[c];
  }
  return undefined;
}
