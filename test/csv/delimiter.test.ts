import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../core/csv/delimiter.ts';
import { makeTempDir, readTable, removeDir, rowsOf } from './support.ts';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeDir(dir);
});

describe('delimiter detection (R-F2)', () => {
  it.each([
    [';', 'semicolons', 'email;name;amount\na@b.co;Alice;1,5\nc@d.co;Bob;2,25\n'],
    ['\t', 'tabs', 'email\tname\ttags\na@b.co\tAlice\tvip,gold\n'],
    ['|', 'vertical bars', 'email|name\na@b.co|Alice\n'],
  ])('detects %j and warns in plain words', async (delimiter, words, text) => {
    const { table, records } = await readTable(dir, text);
    expect(table.delimiter).toBe(delimiter);
    expect(table.fileIssues.map((issue) => [issue.code, issue.severity, issue.params])).toEqual([['file.delimiter', 'warning', { delimiter: words }]]);
    expect(table.fileIssues[0].message).toBe(`Columns are separated by ${words} instead of commas. MAAC expects commas: upload the file ListPrep exports, which uses commas.`);
    expect(records[0].cells[0]).toBe('a@b.co');
    expect(records.every((record) => record.issues.length === 0)).toBe(true);
  });

  it('keeps commas when cells hold semicolons, tabs or bars', async () => {
    const { table, records } = await readTable(dir, 'email,tags\na@b.co,a;b;c\nc@d.co,x|y\te\n');
    expect(table.delimiter).toBe(',');
    expect(table.fileIssues).toEqual([]);
    expect(rowsOf(records)).toEqual([
      [2, ['a@b.co', 'a;b;c']],
      [3, ['c@d.co', 'x|y\te']],
    ]);
  });

  it('ignores delimiters inside quotes', async () => {
    const { table, records } = await readTable(dir, '"a,b";"c,d"\n"1,2";"3,4"\n');
    expect(table.delimiter).toBe(';');
    expect(table.header).toEqual(['a,b', 'c,d']);
    expect(records[0].cells).toEqual(['1,2', '3,4']);
  });

  it('keeps commas for a file with ragged rows', async () => {
    expect(detectDelimiter('a,b,c\n1,2\n1,2,3,4\n', true)).toBe(',');
  });

  it('uses commas for a one-column file', async () => {
    const { table } = await readTable(dir, 'email\na@b.co\n');
    expect(table.delimiter).toBe(',');
    expect(table.fileIssues).toEqual([]);
  });

  it('picks the delimiter that splits rows consistently', () => {
    expect(detectDelimiter('name;note\nAlice, Jr.;x\nBob;y\n', true)).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n', true)).toBe('\t');
  });

  it('ignores a record cut at the end of a partial sample', () => {
    expect(detectDelimiter('a;b\n1;2\n3;4\n5,6,7,8,9', false)).toBe(';');
  });
});
