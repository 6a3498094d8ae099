/**
 * A streaming, linear-time CSV tokenizer (RFC 4180, read leniently).
 *
 * Why not papaparse: it picks one newline sequence per file (mixed CRLF/LF/CR files get lines
 * glued into cells), re-parses the growing partial line on every chunk (a 30 MB line takes
 * seconds), and swallows everything after an unterminated quote into one cell. This tokenizer
 * handles each of those, and numbers records as a spreadsheet does.
 *
 * Rules:
 * - Outside quotes, CRLF, LF and a lone CR each end a record; inside quotes they are kept as written.
 * - A field is quoted only when its first character is `"`; elsewhere `"` is literal text.
 * - In a quoted field `""` is a quote; a closing quote followed by other text keeps that text
 *   (`"ab"c` → `abc`, as spreadsheets do).
 * - A quote that never closes is an unterminated quote: at the end of input, after
 *   `maxQuotedChars`, or when a cell spanning lines "closes" with a quote followed by more text
 *   (the stray quote paired with a later one). The text from that quote on is read again with
 *   quotes taken literally up to the end of its line, then normally, so the rest is still read.
 * - Every record, blank or not, advances the row number by one; quoted newlines do not.
 * - Memory is bounded whatever the input (issue #16): a cell over `maxCellChars`, or one that
 *   takes its record over `maxRecordChars`, keeps only its first OVERSIZE_CELL_KEPT_CHARS
 *   characters (the rest is counted, not kept) and is listed in `tooLargeCells`; a quoted cell's
 *   raw text is kept only up to `maxQuotedChars` (beyond that it is taken as unterminated).
 */
import { SpanRecord, type RawRecord, type TooLargeCell } from './records.ts';

// The record types live in records.ts; their users import them from here as before.
export { SpanRecord, type RawRecord, type RecordSpan, type TooLargeCell } from './records.ts';

export interface TokenizerOptions {
  firstRow?: number;
  /** A quoted field longer than this is treated as unterminated (bounds memory). */
  maxQuotedChars?: number;
  /** A cell longer than this is cut (tooLargeCells). */
  maxCellChars?: number;
  /** Cells of one record past this many characters in all are cut (tooLargeCells). */
  maxRecordChars?: number;
  /** Give each plain record its span (RawRecord.span). */
  spans?: boolean;
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

const LINE_BREAK = /[\r\n]/;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * The caps (docs/decisions.md, "Bounded memory"): MAAC's longest field takes 1,024 characters and a
 * spreadsheet cell 32,767, so a 1 Mi-character cell is no contact data; a record may hold 8 Mi in
 * all (20,000 columns of 400 characters). A quoted cell is read up to the record cap before it is
 * taken as unterminated: its raw text must be kept until it closes, to be read again if it never does.
 */
export const MAX_CELL_CHARS = 1024 * 1024;
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;
const DEFAULT_MAX_QUOTED_CHARS = MAX_RECORD_CHARS;
/** What is kept of a cut cell: enough to recognise it (MAAC's longest field). */
export const OVERSIZE_CELL_KEPT_CHARS = 1024;

export class CsvTokenizer {
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly maxQuotedChars: number;
  private readonly maxCellChars: number;
  private readonly maxRecordChars: number;
  /** The unquoted cell being read, as long as it is in the file (`field` may hold less). */
  private fieldChars = 0;
  /** Characters kept in the record's cells so far. */
  private recordChars = 0;
  private tooLarge: TooLargeCell[] | undefined;
  private output: RawRecord[] = [];
  private row: number;
  private cells: string[] = [];
  private field = '';
  private quoteRaw: string[] = [];
  private quoteRawLength = 0;
  private quoteHasLineBreak = false;
  private state = FIELD_START;
  private pendingCR = false;
  private literalUntilEol = false;
  private unterminated: number[] | undefined;
  private readonly spans: boolean;
  /** The text being read, and where the record being read began in it (-1: not a plain record within it). */
  private text = '';
  private recordStart = -1;
  /** process() calls itself to read an unterminated quote's text again. */
  private depth = 0;

  constructor(delimiter: string, options: TokenizerOptions = {}) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
      throw new Error(`Unsupported CSV delimiter ${JSON.stringify(delimiter)}`);
    }
    this.delimiter = delimiter;
    this.delimiterCode = delimiter.charCodeAt(0);
    this.maxQuotedChars = options.maxQuotedChars ?? DEFAULT_MAX_QUOTED_CHARS;
    this.maxCellChars = options.maxCellChars ?? MAX_CELL_CHARS;
    this.maxRecordChars = options.maxRecordChars ?? MAX_RECORD_CHARS;
    this.row = options.firstRow ?? 1;
    this.spans = options.spans === true;
  }

  /** Records completed so far (removed from the tokenizer). */
  take(): RawRecord[] {
    const records = this.output;
    this.output = [];
    return records;
  }

  /** How often a closing quote was followed by text rather than a delimiter or line end (a sign of a wrong delimiter). */
  textAfterClosingQuote = 0;

  get pending(): number {
    return this.output.length;
  }

  feed(text: string): void {
    if (text.length > 0) this.process(text);
  }

  /** Ends the input: recovers unterminated quotes and completes a final record without a newline. */
  end(): void {
    while (this.state === QUOTED) this.recoverUnterminated();
    if (this.state === QUOTE_IN_QUOTED) {
      this.pushCell(this.closeQuoted());
      this.endRecord();
    } else if (this.state === UNQUOTED) {
      this.pushField();
      this.endRecord(this.text.length);
    } else if (this.cells.length > 0) {
      this.pushCell('');
      this.endRecord(this.text.length);
    }
  }

  private process(text: string): void {
    const n = text.length;
    let i = 0;
    // A record begun in an earlier text has no span.
    const outer = this.text;
    const nested = this.depth++ > 0;
    this.text = text;
    this.recordStart = -1;
    // With spans: where the next quote and carriage return are (searched again only once passed).
    let nextQuote = -1;
    let nextCR = -1;
    while (i < n) {
      if (this.pendingCR) {
        this.pendingCR = false;
        if (text.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      switch (this.state) {
        case FIELD_START: {
          if (this.spans && this.cells.length === 0 && !this.literalUntilEol) {
            // A whole line with no quote (a line break inside quotes, or a quoted cell, needs the
            // states below): kept as its text, its cells made only if asked (SpanRecord).
            const lf = text.indexOf('\n', i);
            // A line longer than a cell may be goes through the states below, which cut cells.
            if (lf !== -1 && lf - i <= this.maxCellChars) {
              if (nextQuote < i) nextQuote = indexOrEnd(text, '"', i);
              if (nextCR < i) nextCR = indexOrEnd(text, '\r', i);
              if (nextQuote > lf && (nextCR > lf || nextCR === lf - 1)) {
                const end = nextCR === lf - 1 ? lf - 1 : lf;
                this.output.push(new SpanRecord(this.row++, text, i, end, this.delimiter));
                i = lf + 1;
                break;
              }
            }
          }
          if (this.cells.length === 0) this.recordStart = i;
          if (text.charCodeAt(i) === QUOTE && !this.literalUntilEol) {
            this.recordStart = -1;
            this.state = QUOTED;
            this.quoteRaw = ['"'];
            this.quoteRawLength = 1;
            i++;
          } else {
            this.state = UNQUOTED;
          }
          break;
        }
        case UNQUOTED: {
          // The next delimiter or line break, found without a regex match object per cell.
          const delimiter = this.delimiterCode;
          let j = i;
          for (; j < n; j++) {
            const code = text.charCodeAt(j);
            if (code === delimiter || code === LF || code === CR) break;
          }
          if (j === n) {
            this.addToField(text, i, n);
            i = n;
            break;
          }
          if (j > i) this.addToField(text, i, j);
          const c = text.charCodeAt(j);
          i = j + 1;
          this.pushField();
          if (c === this.delimiterCode) {
            this.state = FIELD_START;
          } else {
            this.endRecord(j);
            if (c === CR) this.pendingCR = true;
          }
          break;
        }
        case QUOTED: {
          // Escaped quotes ("") are skipped over, not appended one by one: a run of quotes stays one part.
          let j = text.indexOf('"', i);
          while (j >= 0 && j + 1 < n && text.charCodeAt(j + 1) === QUOTE) j = text.indexOf('"', j + 2);
          if (j < 0) {
            this.appendQuoted(text.slice(i));
            i = n;
          } else {
            this.appendQuoted(text.slice(i, j + 1));
            i = j + 1;
            this.state = QUOTE_IN_QUOTED;
          }
          // Checked whether or not this part ended on a quote: a run of quotes ends every part on one.
          if (this.quoteRawLength > this.maxQuotedChars) this.recoverUnterminated();
          break;
        }
        case QUOTE_IN_QUOTED: {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            this.appendQuoted('"');
            this.state = QUOTED;
            i++;
            break;
          }
          if (c !== this.delimiterCode && c !== CR && c !== LF) this.textAfterClosingQuote++;
          if (c !== this.delimiterCode && c !== CR && c !== LF && this.quoteHasLineBreak) {
            // `"…<newline>…"x`: the quote that opened this cell was never closed; the quote just
            // read opens something on a later line. Read the cell again from its opening quote.
            this.recoverUnterminated();
            break;
          }
          const value = this.closeQuoted();
          if (c === this.delimiterCode) {
            this.pushCell(value);
            this.state = FIELD_START;
            i++;
          } else if (c === CR || c === LF) {
            this.pushCell(value);
            this.endRecord();
            if (c === CR) this.pendingCR = true;
            i++;
          } else {
            // Text after the closing quote: keep it, as spreadsheets do.
            this.field = '';
            this.fieldChars = 0;
            this.addToField(value, 0, value.length);
            this.state = UNQUOTED;
          }
          break;
        }
      }
    }
    this.depth--;
    if (nested) {
      // Back in the text that had the unterminated quote: a record still open began in `text`.
      this.text = outer;
      this.recordStart = -1;
    }
  }

  /** Appends `text[from, to)` to the unquoted cell, keeping no more than a cut cell keeps once it is over the cap. */
  private addToField(text: string, from: number, to: number): void {
    this.fieldChars += to - from;
    if (this.fieldChars <= this.maxCellChars) {
      this.field += text.slice(from, to);
    } else if (this.field.length !== OVERSIZE_CELL_KEPT_CHARS) {
      const kept = this.field.length < OVERSIZE_CELL_KEPT_CHARS ? this.field + text.slice(from, from + OVERSIZE_CELL_KEPT_CHARS - this.field.length) : this.field;
      this.field = detachedPrefix(kept, OVERSIZE_CELL_KEPT_CHARS);
    }
  }

  private pushField(): void {
    this.pushCell(this.field, this.fieldChars);
    this.field = '';
    this.fieldChars = 0;
  }

  /**
   * Every cell of a record goes through here: a cell over the cap, or one longer than a cut cell
   * that would take its record over the record's budget, is cut and listed. Short cells are kept
   * as they are: at most 20,000 of them (file.too_wide) cost little.
   */
  private pushCell(value: string, chars = value.length): void {
    if (chars > this.maxCellChars || (value.length > OVERSIZE_CELL_KEPT_CHARS && this.recordChars + value.length > this.maxRecordChars)) {
      (this.tooLarge ??= []).push({ column: this.cells.length, chars });
      if (value.length > OVERSIZE_CELL_KEPT_CHARS) value = detachedPrefix(value, OVERSIZE_CELL_KEPT_CHARS);
    }
    this.recordChars += value.length;
    this.cells.push(value);
  }

  private appendQuoted(part: string): void {
    this.quoteRaw.push(part);
    this.quoteRawLength += part.length;
    if (!this.quoteHasLineBreak && LINE_BREAK.test(part)) this.quoteHasLineBreak = true;
  }

  /** The raw quoted text (`"…"`, closing quote included) becomes the cell value. */
  private closeQuoted(): string {
    const raw = this.quoteRaw.length === 1 ? this.quoteRaw[0] : this.quoteRaw.join('');
    this.quoteRaw = [];
    this.quoteRawLength = 0;
    this.quoteHasLineBreak = false;
    const inner = raw.slice(1, -1);
    return inner.includes('""') ? inner.replace(/""/g, '"') : inner;
  }

  /**
   * The quote opened at the current cell never closed: read its text again, the quote and the rest
   * of its line as plain text, then the following lines normally. Cells before it are kept.
   */
  private recoverUnterminated(): void {
    const raw = this.quoteRaw.join('');
    this.quoteRaw = [];
    this.quoteRawLength = 0;
    this.quoteHasLineBreak = false;
    (this.unterminated ??= []).push(this.cells.length);
    this.state = FIELD_START;
    this.literalUntilEol = true;
    this.process(raw);
  }

  /** `end`: where the record's text ends in the text being read, when it is a plain record. */
  private endRecord(end = -1): void {
    const record: RawRecord = { row: this.row, cells: this.cells };
    if (this.spans && this.recordStart !== -1 && end !== -1) {
      record.span = { text: this.text, start: this.recordStart, end };
    }
    this.recordStart = -1;
    if (this.unterminated !== undefined) {
      record.unterminatedQuoteColumns = this.unterminated;
      this.unterminated = undefined;
    }
    if (this.tooLarge !== undefined) {
      record.tooLargeCells = this.tooLarge;
      this.tooLarge = undefined;
    }
    this.recordChars = 0;
    this.output.push(record);
    this.cells = [];
    this.row++;
    this.state = FIELD_START;
    this.literalUntilEol = false;
  }
}

/**
 * The first `length` characters as a string of their own: V8 makes a longer `slice` a view that
 * keeps the whole original alive, which would defeat the cut. UTF-16 LE keeps every code unit,
 * lone surrogates included.
 */
function detachedPrefix(text: string, length: number): string {
  return Buffer.from(text.slice(0, length), 'utf16le').toString('utf16le');
}

/** Where `search` next occurs in `text` from `from`, or the text's length. */
function indexOrEnd(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at === -1 ? text.length : at;
}
