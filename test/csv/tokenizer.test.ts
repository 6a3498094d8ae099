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
