/**
 * A row as the row checker returns it: each read column's valid value by position, and the values
 * Map made from them only when asked. Most rows are only encoded for another thread, counted or
 * simulated, and those read the columns directly (`fields`, `columnValues`, `value`): a Map per
 * row, grown entry by entry, was about a tenth of a million-row check.
 * Only the CheckedRow fields are own and enumerable: spread or serialized, it is the plain row
 * (with `values` asked for by name), as with rows validated in the worker (row-wire.ts).
 */
import type { CheckedRow, FieldValue, Issue } from '../model.ts';

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

  /** False once `values` was replaced: `fields` and `columnValues` are then not the row's. */
  get columnsCurrent(): boolean {
    return !this.#replaced;
  }

  get fields(): readonly string[] {
    return this.#fields;
  }

  get columnValues(): readonly (FieldValue | undefined)[] {
    return this.#columnValues;
  }

  /** A field's value, as `values.get(field)` gives it. */
  value(field: string): FieldValue | undefined {
    if (this.#values !== undefined) return this.#values.get(field);
    // The last column naming it, as a later set replaces an earlier one.
    for (let c = this.#fields.length - 1; c >= 0; c--) {
      if (this.#fields[c] === field && this.#columnValues[c] !== undefined) return this.#columnValues[c];
    }
    return undefined;
  }
}
