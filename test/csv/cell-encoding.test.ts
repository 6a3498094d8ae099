/** R-F5: a UTF-8 file with a few cells in another encoding stays UTF-8, and each such cell is reported. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { decodeUtf8WithEscapes, utf8Tally } from '../../core/csv/utf8-escapes.ts';
import { cellEncodingIssues, hasByteEscapes, legacyReading, readIssuesOf } from '../../core/csv/cell-encoding.ts';
import { makeTempDir, readTable, removeDir } from './support.ts';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeDir(dir);
});

/** The bytes a text with escapes stands for: characters as UTF-8, each escape as its byte. */
function bytesOf(text: string): Buffer {
  const parts: Buffer[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    parts.push(code >= 0xdc80 && code <= 0xdcff ? Buffer.from([code - 0xdc00]) : Buffer.from(char, 'utf8'));
  }
  return Buffer.concat(parts);
}

const anyBytes = fc.array(
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 4 }).map((s) => [...Buffer.from(s, 'utf8')]),
    fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 3 }),
    fc.constantFrom([0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xe0, 0x80, 0x80], [0xf0, 0x9f, 0x98]),
  ),
  { maxLength: 20 },
).map((parts) => Buffer.from(parts.flat()));

describe('UTF-8 with escaped bytes', () => {
  it('keeps every byte: the text stands for exactly the bytes read', () => {
    fc.assert(fc.property(anyBytes, (input) => {
      expect(bytesOf(decodeUtf8WithEscapes(input)).equals(input)).toBe(true);
    }), { numRuns: 2000 });
  });

  it('is the platform decoder where the bytes are well-formed, and escapes nothing there', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
      const decoded = decodeUtf8WithEscapes(Buffer.from(text, 'utf8'));
      expect(decoded).toBe(new TextDecoder().decode(Buffer.from(text, 'utf8')));
      expect(hasByteEscapes(decoded)).toBe(false);
    }), { numRuns: 1000 });
  });

  it('escapes what the platform decoder would replace with U+FFFD', () => {
    fc.assert(fc.property(anyBytes, (input) => {
      const escaped = decodeUtf8WithEscapes(input);
      expect(hasByteEscapes(escaped)).toBe(!isUtf8(input));
      expect(hasByteEscapes(escaped)).toBe(utf8Tally(input).invalid > 0);
    }), { numRuns: 1000 });
  });
});

describe('legacy reading of a cell', () => {
  it('reads the bad bytes alone, in the encoding that fits them, ASCII between them included', () => {
    expect(legacyReading(decodeUtf8WithEscapes(Buffer.from([0x4a, 0x6f, 0x73, 0xe9])))).toEqual({ text: 'José', encoding: 'Windows-1252 (Western European)', clean: true });
    const mixed = Buffer.concat([Buffer.from('陳 '), iconv.encode('王小明', 'big5')]);
    expect(legacyReading(decodeUtf8WithEscapes(mixed))).toEqual({ text: '陳 王小明', encoding: 'Big5 (Traditional Chinese)', clean: true });
  });

  it('offers no fix when the reading is not clean', () => {
    const [issue] = cellEncodingIssues(4, [decodeUtf8WithEscapes(Buffer.from([0x81]))], ['name']);
    expect(issue).toMatchObject({ code: 'cell.encoding', severity: 'error', row: 4, column: 'name', columnIndex: 0 });
    expect(issue.fix).toBeUndefined();
    expect(issue.message).toContain('retype the cell');
  });

  it('follows the cells when a row is checked again: gone once fixed, back after an undo', () => {
    const bad = decodeUtf8WithEscapes(Buffer.from([0x4a, 0x6f, 0x73, 0xe9]));
    const stored = [...cellEncodingIssues(2, [bad, 'x'], ['name', 'tag'])];
    expect(readIssuesOf(2, ['José', 'x'], ['name', 'tag'], stored, true)).toEqual([]);
    expect(readIssuesOf(2, [bad, 'x'], ['name', 'tag'], [], true).map((i) => i.fix)).toEqual(['José']);
  });
});

describe('reading a UTF-8 file with pasted cells (R-F5)', () => {
  it('stays UTF-8: Chinese names intact, each bad cell reported with its reading', async () => {
    const lines = ['name,email,tag', ...Array.from({ length: 5 }, (_, i) => `陳美玲${i},a${i}@x.tw,會員`)];
    const bytes = Buffer.concat([
      Buffer.from(lines.join('\n') + '\n'),
      Buffer.from('Jos'), Buffer.from([0xe9]), Buffer.from(',b@x.tw,'), iconv.encode('王小明', 'big5'), Buffer.from('\n'),
    ]);
    const { table, records } = await readTable(dir, bytes);
    expect(table.encoding.id).toBe('utf-8');
    expect(table.fileIssues).toEqual([]);
    expect(records[0].cells[0]).toBe('陳美玲0');
    const bad = records.find((r) => r.row === 7)!;
    expect(bad.issues.map((i) => [i.code, i.column, i.value, i.fix])).toEqual([
      ['cell.encoding', 'name', 'José', 'José'],
      ['cell.encoding', 'tag', '王小明', '王小明'],
    ]);
    expect(records.filter((r) => r.issues.length > 0).map((r) => r.row)).toEqual([7]);
  });

  it('reports a stray byte far past the first 64 KB, at its row', async () => {
    const rows = Array.from({ length: 4000 }, (_, i) => `name${i},a${i}@example.com,會員`);
    rows[3500] = 'Ren\u00e9e,z@example.com,會員';
    const text = ['name,email,tag', ...rows].join('\n') + '\n';
    const bytes = Buffer.from(text, 'utf8');
    // The é of row 3502 as one Windows-1252 byte.
    const at = bytes.indexOf(Buffer.from('Ren\u00e9e', 'utf8'));
    const damaged = Buffer.concat([bytes.subarray(0, at + 3), Buffer.from([0xe9]), bytes.subarray(at + 5)]);
    expect(at).toBeGreaterThan(64 * 1024);
    const { table, records } = await readTable(dir, damaged);
    expect(table.encoding.id).toBe('utf-8');
    expect(records.filter((r) => r.issues.length > 0).map((r) => [r.row, r.issues.map((i) => [i.code, i.fix])])).toEqual([[3502, [['cell.encoding', 'Renée']]]]);
  });

  it('a file in Big5 throughout is still read as Big5', async () => {
    const { table, records } = await readTable(dir, iconv.encode('name,tag\n陳美玲,會員\n王小明,黃金\n', 'big5'));
    expect(table.encoding.id).toBe('big5');
    expect(records.map((r) => r.cells[0])).toEqual(['陳美玲', '王小明']);
  });

  it('reports a header cell with bad bytes as a file issue of row 1', async () => {
    const { table } = await readTable(dir, Buffer.concat([Buffer.from('name,n'), Buffer.from([0xf6]), Buffer.from('te\n陳美玲,會員\n')]));
    expect(table.fileIssues.map((i) => [i.code, i.row, i.fix])).toEqual([['cell.encoding', 1, 'nöte']]);
  });
});
