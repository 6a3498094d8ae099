/**
 * Writes CSV files ListPrep exports (RULES.md §8): UTF-8 (with a BOM only for files meant for
 * spreadsheets), commas, one line ending throughout, atomically, alone or as a file of a set.
 */
import { writeAtomically, writeTemporary, type AtomicSink } from './atomic.ts';
import type { FileSet } from './file-set.ts';

/** Excel reads a CSV as UTF-8 only when it starts with this mark; MAAC's import wants none (§8). */
export const UTF8_BOM = '\uFEFF';

export { writeFileAtomic } from './atomic.ts';

export interface CsvWriteOptions {
  /** Default '\r\n'. */
  eol?: '\r\n' | '\n';
  /** Prefix cells that a spreadsheet would run as a formula (see neutralizeFormula). */
  neutralizeFormulas?: boolean;
  /** Start with a UTF-8 BOM: for files people open in a spreadsheet (RULES.md §8). */
  bom?: boolean;
  /** Written as a file of this set, renamed into place with the others by its commit. */
  set?: FileSet;
}

/**
 * Quotes a cell when it holds a quote, comma, CR or LF, or starts or ends with white space (RFC
 * 4180), and also when it holds `;`, a tab or `|` or starts with U+FEFF, so no reader sniffing the
 * delimiter or the BOM can misread it. Quotes inside are doubled.
 */
const NEEDS_QUOTES = /[",;\t|\r\n]|^\s|\s$|^\uFEFF/;

/** One CSV line, without its line ending. */
export function formatCsvRow(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (i > 0) line += ',';
    line += NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  }
  return line;
}

const FORMULA_TRIGGER = /^[=+\-@\t\r]/;
const SIGNED_NUMBER = /^[+-](?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * For files people open in a spreadsheet: a cell starting with = + - @, a tab or a CR gets a
 * leading apostrophe so it is shown as text instead of run as a formula. A plain signed number
 * (-12.5, +886912345678) is left as it is: it cannot run anything.
 */
export function neutralizeFormula(cell: string): string {
  return FORMULA_TRIGGER.test(cell) && !SIGNED_NUMBER.test(cell) ? `'${cell}` : cell;
}

/** Writes the header and rows; `rows` counts data rows (the header excluded), `bytes` the file size. */
export async function writeCsvAtomic(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly string[]> | AsyncIterable<readonly string[]>,
  options: CsvWriteOptions = {},
): Promise<{ rows: number; bytes: number }> {
  const eol = options.eol ?? '\r\n';
  const prepare = options.neutralizeFormulas ? (cells: readonly string[]) => cells.map(neutralizeFormula) : (cells: readonly string[]) => cells;
  const produce = async (sink: AtomicSink) => {
    await sink.write((options.bom ? UTF8_BOM : '') + formatCsvRow(prepare(header)) + eol);
    let count = 0;
    for await (const row of rows) {
      await sink.write(formatCsvRow(prepare(row)) + eol);
      count++;
    }
    return count;
  };
  const { value, bytes } = options.set ? await writeTemporary(options.set.stage(path), path, produce) : await writeAtomically(path, produce);
  return { rows: value, bytes };
}
