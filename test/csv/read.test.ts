import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlink } from 'node:fs/promises';
import { BATCH_RECORDS, openTable } from '../../core/csv/read.ts';
import { codesOf, makeTempDir, openOk, readAll, readTable, removeDir, rowsOf, writeTemp } from './support.ts';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeDir(dir);
});

describe('row numbers', () => {
  it('counts blank lines (before the header too) but does not yield them', async () => {
    const { table, records } = await readTable(dir, '\n\r\nname,tag\nAlice,a\n\n   \n,,\nBob,b\n');
    expect(table.headerRow).toBe(3);
    expect(table.header).toEqual(['name', 'tag']);
    expect(rowsOf(records)).toEqual([
      [4, ['Alice', 'a']],
      [8, ['Bob', 'b']],
    ]);
  });

  it('does not start a new row at a quoted newline', async () => {
    const { records } = await readTable(dir, 'name,address\nAlice,"1 Main St\nApt 2\r\nTaipei"\nBob,"x"\n');
    expect(rowsOf(records)).toEqual([
      [2, ['Alice', '1 Main St\nApt 2\r\nTaipei']],
      [3, ['Bob', 'x']],
    ]);
  });

  it('handles CRLF, LF and lone CR in one file, and keeps them inside quotes as written', async () => {
    const { records } = await readTable(dir, 'a,b\r\n1,2\n3,4\r5,"x\ry\r\nz\nw"\r\n\r7,8');
    expect(rowsOf(records)).toEqual([
      [2, ['1', '2']],
      [3, ['3', '4']],
      [4, ['5', 'x\ry\r\nz\nw']],
      [6, ['7', '8']],
    ]);
  });

  it('reads a final line without a newline, and a trailing empty cell', async () => {
    const { records } = await readTable(dir, 'a,b\n1,\n2,3');
    expect(rowsOf(records)).toEqual([
      [2, ['1', '']],
      [3, ['2', '3']],
    ]);
  });

  it('yields records in batches, in file order', async () => {
    const count = BATCH_RECORDS * 2 + 500;
    const lines = ['id,name'];
    for (let i = 0; i < count; i++) lines.push(`${i},n${i}`);
    const table = await openOk(await writeTemp(dir, lines.join('\n')));
    const sizes: number[] = [];
    const rows: number[] = [];
    for await (const batch of table.records()) {
      sizes.push(batch.length);
      rows.push(...batch.map((record) => record.row));
    }
    expect(sizes).toEqual([BATCH_RECORDS, BATCH_RECORDS, 500]);
    expect(rows).toEqual(Array.from({ length: count }, (_, i) => i + 2));
  });
});

describe('values', () => {
  it('returns values and header cells as written (no trimming)', async () => {
    const { table, records } = await readTable(dir, ' name , tag\n  Alice ," a, b "\n');
    expect(table.header).toEqual([' name ', ' tag']);
    expect(records[0].cells).toEqual(['  Alice ', ' a, b ']);
  });

  it('unescapes doubled quotes and keeps text after a closing quote on the same line', async () => {
    const { records } = await readTable(dir, 'a,b,c\n"say ""hi""",ab"c,"x"y\n');
    expect(records[0].cells).toEqual(['say "hi"', 'ab"c', 'xy']);
    expect(records[0].issues).toEqual([]);
  });

  it('treats __proto__ and other Object.prototype names as plain text', async () => {
    const { table, records } = await readTable(dir, '__proto__,constructor,toString\n__proto__,{},hasOwnProperty\n');
    expect(table.header).toEqual(['__proto__', 'constructor', 'toString']);
    expect(records[0].cells).toEqual(['__proto__', '{}', 'hasOwnProperty']);
    expect(records[0].issues).toEqual([]);
  });
});

describe('ragged rows (R-F3)', () => {
  it('reports rows with more or fewer cells than the header and still yields them', async () => {
    const { records } = await readTable(dir, 'a,b,c\n1,2,3\n1,2\n1,2,3,4\n');
    expect(rowsOf(records)).toEqual([
      [2, ['1', '2', '3']],
      [3, ['1', '2']],
      [4, ['1', '2', '3', '4']],
    ]);
    expect(records[1].issues).toEqual([
      expect.objectContaining({ code: 'row.ragged', severity: 'error', row: 3, params: { cells: 2, columns: 3 } }),
    ]);
    expect(records[1].issues[0].message).toBe('Row 3: This row has 2 cells but the header has 3 columns, so MAAC rejects it. Look for an extra comma inside a value or a missing cell.');
    expect(records[2].issues[0].params).toEqual({ cells: 4, columns: 3 });
  });
});

describe('unterminated quotes (R-F3)', () => {
  it('at the first data row: reports it there and reads the rest', async () => {
    const { records } = await readTable(dir, 'name,note\n"Alice,hello\nBob,hi\nCarol,hey\n');
    expect(rowsOf(records)).toEqual([
      [2, ['"Alice', 'hello']],
      [3, ['Bob', 'hi']],
      [4, ['Carol', 'hey']],
    ]);
    expect(records[0].issues).toEqual([
      expect.objectContaining({ code: 'file.unterminated_quote', severity: 'error', row: 2, column: 'name', columnIndex: 0, value: '"Alice' }),
    ]);
    expect(codesOf(records)).toEqual([[2, ['file.unterminated_quote']]]);
  });

  it('in the middle: the stray quote does not pair with a later, well-quoted cell', async () => {
    const { records } = await readTable(dir, 'name,note\nAlice,ok\nBob,"broken\nCarol,fine\nDan,"quoted, fine"\nEve,last\n');
    expect(rowsOf(records)).toEqual([
      [2, ['Alice', 'ok']],
      [3, ['Bob', '"broken']],
      [4, ['Carol', 'fine']],
      [5, ['Dan', 'quoted, fine']],
      [6, ['Eve', 'last']],
    ]);
    expect(codesOf(records)).toEqual([[3, ['file.unterminated_quote']]]);
    expect(records[1].issues[0]).toMatchObject({ column: 'note', columnIndex: 1 });
  });

  it('in the middle with no other quote after it', async () => {
    const { records } = await readTable(dir, 'name,note\nAlice,ok\nBob,"broken, really\nCarol,fine\n\nEve,last');
    expect(rowsOf(records)).toEqual([
      [2, ['Alice', 'ok']],
      [3, ['Bob', '"broken', ' really']],
      [4, ['Carol', 'fine']],
      [6, ['Eve', 'last']],
    ]);
    expect(codesOf(records)).toEqual([[3, ['file.unterminated_quote', 'row.ragged']]]);
  });

  it('at the last row, with or without a final newline', async () => {
    for (const ending of ['', '\n', '\r\n']) {
      const { records } = await readTable(dir, `name,note\nAlice,ok\nBob,"broken${ending}`);
      expect(rowsOf(records)).toEqual([
        [2, ['Alice', 'ok']],
        [3, ['Bob', '"broken']],
      ]);
      expect(codesOf(records)).toEqual([[3, ['file.unterminated_quote']]]);
    }
  });

  it('keeps a well-formed quoted cell before the stray quote on the same row', async () => {
    const { records } = await readTable(dir, 'a,b,c\n"x, y",z,"oops\n1,2,3\n');
    expect(rowsOf(records)).toEqual([
      [2, ['x, y', 'z', '"oops']],
      [3, ['1', '2', '3']],
    ]);
    expect(records[0].issues.map((issue) => issue.columnIndex)).toEqual([2]);
  });

  it('in the header: reported as a file issue, data still read', async () => {
    const { table, records } = await readTable(dir, 'name,"note\nAlice,ok\n');
    expect(table.header).toEqual(['name', '"note']);
    expect(table.fileIssues.map((issue) => [issue.code, issue.row])).toEqual([['file.unterminated_quote', 1]]);
    expect(rowsOf(records)).toEqual([[2, ['Alice', 'ok']]]);
  });
});

describe('large input', () => {
  it('reads a single 30 MB line: the 30 MB cell is cut to its first 1,024 characters and is cell.too_large (issue #16)', async () => {
    const big = 'x'.repeat(30 * 1024 * 1024);
    const { records } = await readTable(dir, `a,b\n${big},end\nnext,row\n`);
    expect(records).toHaveLength(2);
    expect(records[0].cells).toEqual(['x'.repeat(1024), 'end']);
    expect(records[0].issues.map((i) => [i.code, i.row, i.column, i.params])).toEqual([
      ['cell.too_large', 2, 'a', { chars: '31,457,280', limit: '1,048,576', rowLimit: '8,388,608' }],
    ]);
    expect(records[1]).toEqual({ row: 3, cells: ['next', 'row'], issues: [] });
  });

  it('reads a 900 KB quoted cell holding commas, quotes and newlines whole (under the cap)', async () => {
    const unit = 'Taipei, "Xinyi"\r\nline two,\n';
    const value = unit.repeat(Math.floor((900 * 1024) / unit.length));
    const { records } = await readTable(dir, `id,note\n1,"${value.replace(/"/g, '""')}"\n2,after\n`);
    expect(records).toHaveLength(2);
    expect(records[0].cells[1] === value).toBe(true);
    expect(records[0].issues).toEqual([]);
    expect(rowsOf(records)[1]).toEqual([3, ['2', 'after']]);
  });

  it('cuts a 2 MB quoted cell and reads on', async () => {
    const unit = 'Taipei, "Xinyi"\r\nline two,\n';
    const value = unit.repeat(Math.ceil((2 * 1024 * 1024) / unit.length));
    const { records } = await readTable(dir, `id,note\n1,"${value.replace(/"/g, '""')}"\n2,after\n`);
    expect(records).toHaveLength(2);
    expect(records[0].cells[1]).toBe(value.slice(0, 1024));
    expect(records[0].issues.map((i) => [i.code, i.column, i.params?.chars])).toEqual([['cell.too_large', 'note', value.length.toLocaleString('en')]]);
    expect(rowsOf(records)[1]).toEqual([3, ['2', 'after']]);
  });

  it('a header cell over the cap is a file issue naming row 1', async () => {
    const { table } = await readTable(dir, `id,${'h'.repeat(1_100_000)}\n1,2\n`);
    expect(table.header[1]).toBe('h'.repeat(1024));
    expect(table.fileIssues.filter((i) => i.code === 'cell.too_large').map((i) => [i.row, i.columnIndex])).toEqual([[1, 1]]);
  });

  it('reads a 10,000-column header', async () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `col_${i}`);
    const row = Array.from({ length: 10_000 }, (_, i) => `v${i}`);
    const { table, records } = await readTable(dir, `${header.join(',')}\n${row.join(',')}\n`);
    expect(table.header).toEqual(header);
    expect(records[0].cells).toEqual(row);
    expect(records[0].issues).toEqual([]);
  });
});

describe('iteration', () => {
  it('can be iterated twice and reports progress up to the file size', async () => {
    const table = await openOk(await writeTemp(dir, 'a\n1\n2\n'));
    const progress: [number, number][] = [];
    expect(rowsOf(await readAll(table, { onProgress: (read, total) => progress.push([read, total]) }))).toEqual([
      [2, ['1']],
      [3, ['2']],
    ]);
    expect(progress.at(-1)).toEqual([table.sizeBytes, table.sizeBytes]);
    expect((await readAll(table)).length).toBe(2);
  });

  it('throws a clear error when the file disappears after it was opened', async () => {
    const path = await writeTemp(dir, 'a\n1\n');
    const table = await openOk(path);
    await unlink(path);
    await expect(readAll(table)).rejects.toThrow(`Could not read "${path}" (it was moved or deleted). Check the file, then open it again.`);
  });

  it('stops with an AbortError when the signal is aborted', async () => {
    const lines = ['id'];
    for (let i = 0; i < BATCH_RECORDS * 3; i++) lines.push(String(i));
    const table = await openOk(await writeTemp(dir, lines.join('\n')));
    const controller = new AbortController();
    let batches = 0;
    await expect(
      (async () => {
        for await (const _batch of table.records({ signal: controller.signal })) {
          batches++;
          controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(batches).toBe(1);
  });
});

describe("Excel's sep= line (R-F6)", () => {
  it('sets the delimiter, is not the header, and rows count from the header as the spreadsheet shows them', async () => {
    const { table, records } = await readTable(dir, 'sep=;\r\nname;tag\r\nAlice;a,b\r\n');
    expect(table.delimiter).toBe(';');
    expect(table.header).toEqual(['name', 'tag']);
    expect(table.headerRow).toBe(1);
    expect(rowsOf(records)).toEqual([[2, ['Alice', 'a,b']]]);
    expect(table.fileIssues.map((i) => [i.code, i.params])).toEqual([['file.sep_line', { line: 'sep=;' }], ['file.delimiter', { delimiter: 'semicolons' }]]);
  });

  it('wins over what the rows look like, quoted or not, in UTF-16 too', async () => {
    const comma = await readTable(dir, '"sep=,"\nname;tag,x\nA;b,c\n');
    expect(comma.table.delimiter).toBe(',');
    expect(comma.table.header).toEqual(['name;tag', 'x']);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('SEP=\t\nname\ttag\n王\ta\n', 'utf16le')]);
    const { table, records } = await readTable(dir, utf16);
    expect([table.delimiter, table.header]).toEqual(['\t', ['name', 'tag']]);
    expect(rowsOf(records)).toEqual([[2, ['王', 'a']]]);
  });

  it('a file of only the hint line is empty; a header named sep=x is a header', async () => {
    const only = await openTable(await writeTemp(dir, 'sep=;\n'));
    expect(only.ok ? 'opened' : only.issue.params).toEqual({ detail: 'is empty' });
    const { table } = await readTable(dir, 'sep=x,tag\n1,2\n');
    expect(table.header).toEqual(['sep=x', 'tag']);
  });
});
