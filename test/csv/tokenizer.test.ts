import { describe, expect, it } from 'vitest';
import { CsvTokenizer, type RawRecord } from '../../core/csv/tokenizer.ts';

function tokenize(chunks: string[], options: ConstructorParameters<typeof CsvTokenizer>[1] = {}, delimiter = ','): RawRecord[] {
  const tokenizer = new CsvTokenizer(delimiter, options);
  const records: RawRecord[] = [];
  for (const chunk of chunks) {
    tokenizer.feed(chunk);
    records.push(...tokenizer.take());
  }
  tokenizer.end();
  return [...records, ...tokenizer.take()];
}

describe('CsvTokenizer', () => {
  it('joins a CRLF split across chunks into one line ending', () => {
    expect(tokenize(['a,b\r', '\n1,2\r', '\r\n3'])).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['1', '2'] },
      { row: 3, cells: [''] },
      { row: 4, cells: ['3'] },
    ]);
  });

  it('keeps a doubled quote split across chunks', () => {
    expect(tokenize(['"a"', '"b",c\n'])).toEqual([{ row: 1, cells: ['a"b', 'c'] }]);
  });

  it('gives up on a quoted cell longer than maxQuotedChars and reads on', () => {
    const records = tokenize(['id,note\n1,"never closed\n2,x\n', '3,y\n4,z\n'], { maxQuotedChars: 10 });
    expect(records).toEqual([
      { row: 1, cells: ['id', 'note'] },
      { row: 2, cells: ['1', '"never closed'], unterminatedQuoteColumns: [1] },
      { row: 3, cells: ['2', 'x'] },
      { row: 4, cells: ['3', 'y'] },
      { row: 5, cells: ['4', 'z'] },
    ]);
  });

  it('recovers twice when two stray quotes never pair', () => {
    expect(tokenize(['a\n"x\nb\n"y'])).toEqual([
      { row: 1, cells: ['a'] },
      { row: 2, cells: ['"x'], unterminatedQuoteColumns: [0] },
      { row: 3, cells: ['b'] },
      { row: 4, cells: ['"y'], unterminatedQuoteColumns: [0] },
    ]);
  });

  it('keeps a quoted cell spanning lines when its closing quote ends the cell', () => {
    expect(tokenize(['a,"x\ny"\nb,c'])).toEqual([
      { row: 1, cells: ['a', 'x\ny'] },
      { row: 2, cells: ['b', 'c'] },
    ]);
  });

  it('splits on the chosen delimiter only', () => {
    expect(tokenize(['a|b,c\t"d|e"\n'], {}, '|')).toEqual([{ row: 1, cells: ['a', 'b,c\t"d', 'e"'] }]);
    expect(tokenize(['"d|e"|f\n'], {}, '|')).toEqual([{ row: 1, cells: ['d|e', 'f'] }]);
  });

  it('starts numbering at firstRow', () => {
    expect(tokenize(['x\ny'], { firstRow: 5 }).map((record) => record.row)).toEqual([5, 6]);
  });
});

describe('CsvTokenizer: bounded memory (issue #16, cell.too_large)', () => {
  // Small caps, in the real proportions: a cut cell keeps its first 1,024 characters.
  const caps = { maxCellChars: 1500, maxRecordChars: 3000, maxQuotedChars: 4000 };
  const long = 'x'.repeat(2000);

  it('cuts an unquoted cell over the cap to its first 1,024 characters and says how long it was, however it is chunked', () => {
    const text = `a,${long},b\nc,d,e\n`;
    const whole = tokenize([text], caps);
    expect(whole).toEqual([
      { row: 1, cells: ['a', 'x'.repeat(1024), 'b'], tooLargeCells: [{ column: 1, chars: 2000 }] },
      { row: 2, cells: ['c', 'd', 'e'] },
    ]);
    const pieces = Array.from({ length: Math.ceil(text.length / 7) }, (_, i) => text.slice(i * 7, i * 7 + 7));
    expect(tokenize(pieces, caps)).toEqual(whole);
  });

  it('keeps a cell exactly at the cap whole', () => {
    expect(tokenize([`a,${'y'.repeat(1500)}\n`], caps)).toEqual([{ row: 1, cells: ['a', 'y'.repeat(1500)] }]);
  });

  it('cuts a closed quoted cell over the cap (its length counted after "" became ")', () => {
    const quoted = `"${'ab""'.repeat(600)}"`; // 2,400 raw characters, 1,800 in the cell
    expect(tokenize([`${quoted},b\n`], caps)).toEqual([{ row: 1, cells: ['ab"'.repeat(600).slice(0, 1024), 'b'], tooLargeCells: [{ column: 0, chars: 1800 }] }]);
  });

  it('cuts the long cells that take a record over its budget, not the ones before nor short ones after', () => {
    const cell = 'z'.repeat(1200);
    expect(tokenize([`${cell},${cell},${cell},ok\n`], caps)).toEqual([
      { row: 1, cells: [cell, cell, cell.slice(0, 1024), 'ok'], tooLargeCells: [{ column: 2, chars: 1200 }] },
    ]);
  });

  it('a run of quotes is one unterminated, cut cell: its raw text is kept only up to maxQuotedChars', () => {
    const records = tokenize(['"'.repeat(5000), ',b\nc,d\n'], caps);
    expect(records).toEqual([
      { row: 1, cells: ['"'.repeat(1024), 'b'], unterminatedQuoteColumns: [0], tooLargeCells: [{ column: 0, chars: 5000 }] },
      { row: 2, cells: ['c', 'd'] },
    ]);
  });

  it('a long line without quotes is cut too (it does not take the whole-line shortcut of spans)', () => {
    expect(tokenize([`a,${long}\nb,c\n`], { ...caps, spans: true }).map((r) => [r.row, r.cells.map((c) => c.length), r.tooLargeCells])).toEqual([
      [1, [1, 1024], [{ column: 1, chars: 2000 }]],
      [2, [1, 1], undefined],
    ]);
  });
});
