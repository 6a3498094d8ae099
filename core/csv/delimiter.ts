/**
 * Detects the column delimiter from the first records of a file (RULES.md R-F2).
 *
 * Each candidate tokenizes the sample (so delimiters inside quotes do not count). A candidate fits
 * when the header has at least one of it, most of the following records have the same number of
 * cells, and no closing quote is followed by text (as `"a,b";"c"` is when read with commas). Comma wins whenever it fits; otherwise the fitting candidate with the most columns;
 * otherwise comma if the header has any; otherwise any candidate in the header; else comma
 * (a one-column file).
 */
import { CsvTokenizer, SpanRecord, type RawRecord } from './tokenizer.ts';

export type Delimiter = ',' | ';' | '\t' | '|';

/** Plain words for the `file.delimiter` message. */
export const DELIMITER_WORDS: Record<Exclude<Delimiter, ','>, 'semicolons' | 'tabs' | 'vertical bars'> = {
  ';': 'semicolons',
  '\t': 'tabs',
  '|': 'vertical bars',
};

const CANDIDATES: readonly Delimiter[] = [',', ';', '\t', '|'];
const SAMPLE_RECORDS = 50;
const CONSISTENT_SHARE = 0.8;

interface Fit {
  delimiter: Delimiter;
  headerCells: number;
  consistency: number;
  /** Closing quotes followed by text: `"a,b";"c"` read with commas. */
  misquoted: number;
}

/** `complete` says whether `sample` is the whole file (else its last, possibly cut, record is ignored). */
export function detectDelimiter(sample: string, complete: boolean): Delimiter {
  const fits = CANDIDATES.map((delimiter) => measure(sample, complete, delimiter));
  const fitting = fits.filter((fit) => fit.headerCells > 1 && fit.consistency >= CONSISTENT_SHARE && fit.misquoted === 0);
  if (fitting.some((fit) => fit.delimiter === ',')) return ',';
  if (fitting.length > 0) return best(fitting, (fit) => fit.headerCells).delimiter;
  const comma = fits[0];
  if (comma.headerCells > 1 && comma.misquoted === 0) return ',';
  const inHeader = fits.filter((fit) => fit.headerCells > 1);
  if (inHeader.length > 0) return best(inHeader, (fit) => -fit.misquoted * 1e6 + fit.consistency * 1000 + fit.headerCells).delimiter;
  return ',';
}

function best(fits: Fit[], key: (fit: Fit) => number): Fit {
  return fits.reduce((a, b) => (key(b) > key(a) ? b : a));
}

function measure(sample: string, complete: boolean, delimiter: Delimiter): Fit {
  const tokenizer = new CsvTokenizer(delimiter, { maxQuotedChars: sample.length + 1 });
  tokenizer.feed(sample);
  if (complete) tokenizer.end();
  const records = tokenizer.take().filter((record) => !isBlankRecord(record)).slice(0, SAMPLE_RECORDS);
  const misquoted = tokenizer.textAfterClosingQuote;
  if (records.length === 0) return { delimiter, headerCells: 0, consistency: 0, misquoted };
  const headerCells = records[0].cells.length;
  const rest = records.slice(1);
  const consistent = rest.filter((record) => record.cells.length === headerCells).length;
  return { delimiter, headerCells, consistency: rest.length === 0 ? 1 : consistent / rest.length, misquoted };
}

export function isBlankRecord(record: RawRecord): boolean {
  if (record instanceof SpanRecord && record.startsVisibly()) return false;
  return record.cells.every((cell) => cell.trim() === '');
}
