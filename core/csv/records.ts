/**
 * What the tokenizer (tokenizer.ts) hands out: records with their cells, and the plain records kept
 * as their text (SpanRecord). Apart from the tokenizer so that each module stays small.
 */
import type { Issue } from '../model.ts';

export interface RawRecord {
  /** Spreadsheet row number: the first record of the input is `firstRow`. */
  row: number;
  cells: string[];
  /** 0-based indexes of cells whose opening quote was never closed. */
  unterminatedQuoteColumns?: number[];
  /** Cells cut to their first OVERSIZE_CELL_KEPT_CHARS characters: where, and how long they were. */
  tooLargeCells?: TooLargeCell[];
  /**
   * With `spans`, a record with no quoted field that lies within one text fed in: that text and
   * where the record sits in it (line break excluded), so `text.slice(start, end).split(delimiter)`
   * gives back its cells exactly. A caller can then keep the text instead of the cells.
   */
  span?: RecordSpan;
}

export interface TooLargeCell {
  /** 0-based. */
  column: number;
  /** The cell's length in the file, in characters. */
  chars: number;
}

export interface RecordSpan {
  text: string;
  start: number;
  end: number;
}

/**
 * A plain record read with `spans`: its text is kept and its cells are made only when asked (a
 * packed snapshot reads two cells of each contact, and keeps the text). `cells` gives exactly what
 * the tokenizer would have made: the text split on the delimiter.
 */
export class SpanRecord implements RawRecord {
  readonly span: RecordSpan;
  /** The reader's issues about the record (CsvRecord.issues): none, unless it has too few or too many cells. */
  issues: Issue[] = NO_ISSUES;
  #cells: string[] | undefined;

  readonly #delimiter: string;

  constructor(readonly row: number, text: string, start: number, end: number, delimiter: string) {
    this.span = { text, start, end };
    this.#delimiter = delimiter;
  }

  get cells(): string[] {
    return (this.#cells ??= this.span.text.slice(this.span.start, this.span.end).split(this.#delimiter));
  }

  /** How many cells the record has, without making them. */
  cellCount(): number {
    if (this.#cells !== undefined) return this.#cells.length;
    const { text, end } = this.span;
    let count = 1;
    for (let at = text.indexOf(this.#delimiter, this.span.start); at !== -1 && at < end; at = text.indexOf(this.#delimiter, at + 1)) count++;
    return count;
  }

  /** The `index`th cell (as `cells[index]`), made alone. */
  cellAt(index: number): string | undefined {
    if (this.#cells !== undefined) return this.#cells[index];
    const { text, end } = this.span;
    let start = this.span.start;
    for (let i = 0; i < index; i++) {
      const next = text.indexOf(this.#delimiter, start);
      if (next === -1 || next >= end) return undefined;
      start = next + 1;
    }
    const stop = text.indexOf(this.#delimiter, start);
    return text.slice(start, stop === -1 || stop > end ? end : stop);
  }

  /** Whether every cell is blank (`isBlankRecord`), seen at once when the record starts with a visible character that is not the delimiter. */
  startsVisibly(): boolean {
    const { text, start, end } = this.span;
    if (start === end) return false;
    const first = text.charCodeAt(start);
    return first > 0x20 && first < 0x7f && first !== this.#delimiter.charCodeAt(0);
  }
}

/** Shared by the records with no issue; frozen, so that nothing can add to it. */
const NO_ISSUES = Object.freeze([]) as unknown as Issue[];
