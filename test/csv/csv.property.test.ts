/**
 * Properties of reading and writing CSV:
 * (1) the reader never throws on arbitrary bytes;
 * (2) any table of strings written by writeCsvAtomic reads back unchanged;
 * (3) neutralizeFormula leaves no formula trigger at the start of a cell, except a plain signed number;
 * (4) the tokenizer's result does not depend on how the text is cut into chunks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { openTable } from '../../core/csv/read.ts';
import { CsvTokenizer, SpanRecord, type RawRecord } from '../../core/csv/tokenizer.ts';
import { neutralizeFormula, writeCsvAtomic } from '../../core/csv/write.ts';
import { makeTempDir, readAll, removeDir, writeTemp } from './support.ts';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeDir(dir);
});

const FILE_CODES = ['file.not_found', 'file.unreadable', 'file.empty', 'file.binary', 'file.too_wide'];

/** Bytes that matter to a CSV reader, so random files hit quotes, delimiters, BOMs and multi-byte text. */
const csvishBytes = fc
  .array(
    fc.oneof(
      { arbitrary: fc.constantFrom(0x22, 0x2c, 0x0a, 0x0d, 0x3b, 0x09, 0x7c, 0x20, 0x61, 0x41, 0x31), weight: 6 },
      { arbitrary: fc.constantFrom(0xa4, 0xe3, 0xb3, 0xaf, 0x81, 0x40, 0xef, 0xbb, 0xbf, 0xff, 0xfe, 0x00, 0x0e), weight: 2 },
      { arbitrary: fc.integer({ min: 0, max: 255 }), weight: 1 },
    ),
    { maxLength: 600 },
  )
  .map((bytes) => Uint8Array.from(bytes));

describe('reader', () => {
  it('(1) never throws on arbitrary bytes: a table or a clear file issue', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 600 }), csvishBytes), async (bytes) => {
        const path = await writeTemp(dir, bytes, 'arbitrary.bin');
        const result = await openTable(path);
        if (!result.ok) {
          expect(FILE_CODES).toContain(result.issue.code);
          expect(result.issue.message.length).toBeGreaterThan(20);
          return;
        }
        const { header, headerRow } = result.table;
        expect(header.length).toBeGreaterThan(0);
        let previousRow = headerRow;
        for (const record of await readAll(result.table)) {
          expect(record.row).toBeGreaterThan(previousRow);
          previousRow = record.row;
          expect(record.cells.some((cell) => cell.trim() !== '')).toBe(true);
          expect(record.issues.every((issue) => issue.row === record.row)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** One code point: CSV-significant characters often, any non-control character otherwise. */
const textUnit = fc.oneof(
  { arbitrary: fc.constantFrom('"', ',', '\r', '\n', '\r\n', ' ', '\t', ';', '|', '=', '-', 'a', 'é', '陳', 'ก', '\u3000', '\uFEFF', '😀'), weight: 2 },
  {
    arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => {
      const code = c.codePointAt(0)!;
      return !(code < 0x20 && c !== '\t' && c !== '\r' && c !== '\n') && code !== 0x7f;
    }),
    weight: 3,
  },
);
const cell = fc.string({ unit: textUnit, maxLength: 12 });
const nonBlank = (cells: readonly string[]) => cells.some((c) => c.trim() !== '');

/**
 * Tables whose round trip is well defined: distinct, non-empty header names with at least one
 * non-blank (a blank header line would be skipped), and at least one non-blank cell per row (a
 * blank row is skipped like a blank line). No control characters other than tab, CR and LF
 * (they would make a file "not text"). Formula neutralization is off: it changes values on purpose.
 */
const table = fc.integer({ min: 1, max: 5 }).chain((columns) =>
  fc.record({
    header: fc
      .uniqueArray(fc.string({ unit: textUnit, minLength: 1, maxLength: 10 }), { minLength: columns, maxLength: columns })
      .filter(nonBlank),
    rows: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }).filter(nonBlank), { minLength: 1, maxLength: 8 }),
    eol: fc.constantFrom<'\r\n' | '\n'>('\r\n', '\n'),
  }),
);

describe('writer → reader', () => {
  it('(2) any table written with writeCsvAtomic reads back unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ({ header, rows, eol }) => {
        const path = join(dir, 'roundtrip.csv');
        await rm(path, { force: true });
        await writeCsvAtomic(path, header, rows, { eol });
        const result = await openTable(path);
        if (!result.ok) expect.fail(result.issue.message);
        expect(result.table.encoding.id).toBe('utf-8');
        expect(result.table.delimiter).toBe(',');
        expect(result.table.fileIssues).toEqual([]);
        expect(result.table.header).toEqual(header);
        const records = await readAll(result.table);
        expect(records.map((record) => record.cells)).toEqual(rows);
        expect(records.map((record) => record.row)).toEqual(rows.map((_, i) => i + 2));
        expect(records.every((record) => record.issues.length === 0)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('neutralizeFormula', () => {
  const SIGNED_NUMBER = /^[+-](?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
  const triggerFirst = fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r'), fc.string()).map(([a, b]) => a + b);
  const signedNumber = fc.tuple(fc.constantFrom('+', '-'), fc.double({ noNaN: true, noDefaultInfinity: true, min: 0 })).map(([sign, n]) => sign + String(n));

  it('(3) leaves no cell starting with a formula trigger unless it is a plain signed number', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), triggerFirst, signedNumber), (value) => {
        const result = neutralizeFormula(value);
        expect([value, `'${value}`]).toContain(result);
        if (/^[=+\-@\t\r]/.test(result)) {
          expect(result).toBe(value);
          expect(result).toMatch(SIGNED_NUMBER);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('tokenizer', () => {
  const csvText = fc.string({ unit: fc.constantFrom('"', ',', '\r', '\n', 'a', 'b', ' ', '陳', '""'), maxLength: 80 });

  it('(4) gives the same records however the text is cut into chunks', () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
        const whole = new CsvTokenizer(',');
        whole.feed(text);
        whole.end();
        const chunked = new CsvTokenizer(',');
        const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
        let last = 0;
        for (const point of points) {
          chunked.feed(text.slice(last, point));
          last = point;
        }
        chunked.feed(text.slice(last));
        chunked.end();
        expect(chunked.take()).toEqual(whole.take());
      }),
      { numRuns: 3000 },
    );
  });

  it('(5) gives a record a span only where its text split on the delimiter is its cells, and changes nothing else', () => {
    const withSemicolons = fc.string({ unit: fc.constantFrom('"', ',', ';', '\r', '\n', 'a', ' ', '陳', '""'), maxLength: 80 });
    fc.assert(
      fc.property(withSemicolons, fc.constantFrom(',', ';'), fc.array(fc.nat(), { maxLength: 6 }), fc.integer({ min: 1, max: 200 }), (text, delimiter, cuts, maxQuotedChars) => {
        const plain = new CsvTokenizer(delimiter, { maxQuotedChars });
        const spanned = new CsvTokenizer(delimiter, { maxQuotedChars, spans: true });
        const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
        let last = 0;
        for (const point of [...points, text.length]) {
          plain.feed(text.slice(last, point));
          spanned.feed(text.slice(last, point));
          last = point;
        }
        plain.end();
        spanned.end();
        const records = spanned.take();
        // A record by what it says (its cells are made when read, for a record kept as its text).
        const said = (r: RawRecord) => (r.unterminatedQuoteColumns ? { row: r.row, cells: r.cells, unterminatedQuoteColumns: r.unterminatedQuoteColumns } : { row: r.row, cells: r.cells });
        expect(records.map(said)).toEqual(plain.take().map(said));
        for (const record of records) {
          if (record.span) expect(record.span.text.slice(record.span.start, record.span.end).split(delimiter)).toEqual(record.cells);
          if (record instanceof SpanRecord) {
            // Its cells one by one, and their count, as made whole.
            const cells = new SpanRecord(record.row, record.span.text, record.span.start, record.span.end, delimiter);
            expect(cells.cellCount()).toBe(record.cells.length);
            expect(Array.from({ length: record.cells.length + 1 }, (_, i) => cells.cellAt(i))).toEqual([...record.cells, undefined]);
            expect(cells.startsVisibly() && record.cells.every((c) => c.trim() === '')).toBe(false);
          }
        }
        // Records without a quote, within one text, have their span.
        if (points.length === 0 && !text.includes('"')) expect(records.every((r) => r.span !== undefined)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
