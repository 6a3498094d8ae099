/**
 * Hostile workbooks (R-F7): crafted cell references, `__proto__` names, parts that are missing, and
 * valid workbooks with bytes flipped at random. Reading one ends with a table or a plain refusal,
 * and its records either all come or stop with a plain "Could not read" message; never a crash,
 * a stack trace or a row the size of the reference a cell claims.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTable, type OpenedTable } from '../../core/csv/read.ts';
import { random } from '../bench/generate.ts';
import { makeTempDir, removeDir, writeTemp } from '../csv/support.ts';
import { workbookBuffer } from '../csv/workbooks.ts';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeDir(dir);
});

async function readAll(table: OpenedTable) {
  const rows: { row: number; width: number; codes: string[] }[] = [];
  for await (const batch of table.records()) for (const r of batch) rows.push({ row: r.row, width: r.cells.length, codes: r.issues.map((i) => i.code) });
  return rows;
}

/** A workbook whose first sheet's rows are replaced by `rows` (raw sheet XML). */
async function withSheetData(rows: string, sheetName = 'S'): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await workbookBuffer([{ name: sheetName, rows: [['a']] }]));
  const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  zip.file('xl/worksheets/sheet1.xml', sheet.replace(/<sheetData>.*<\/sheetData>/s, `<sheetData>${rows}</sheetData>`));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('crafted workbooks', () => {
  it('a cell at Excel\'s last column is ragged, one past any column is not read, the last row keeps its number', async () => {
    const bytes = await withSheetData('<row r="1"><c r="A1" t="inlineStr"><is><t>phone</t></is></c></row>'
      + '<row r="2"><c r="A2"><v>912345678</v></c><c r="XFD2"><v>1</v></c></row>'
      + '<row r="1048576"><c r="A1048576"><v>1</v></c><c r="ZZZZZZ1048576"><v>2</v></c></row>');
    const opened = await openTable(await writeTemp(dir, bytes, 'wide.xlsx'));
    if (!opened.ok) expect.fail(opened.issue.message);
    expect(await readAll(opened.table)).toEqual([
      { row: 2, width: 16_384, codes: ['row.ragged'] },
      { row: 1_048_576, width: 1, codes: [] },
    ]);
  });

  it('rows and cells without references follow the ones before them; a damaged row number is taken as left out', async () => {
    const inline = (text: string) => `<c t="inlineStr"><is><t>${text}</t></is></c>`;
    const bytes = await withSheetData(`<row>${inline('phone')}${inline('name')}</row>`
      + `<row r="3">${inline('0912345678')}<c/>${inline('extra')}</row>`
      + `<row r="oops"><c r="B4" t="inlineStr"><is><t>Mei</t></is></c>${inline('next')}</row>`);
    const opened = await openTable(await writeTemp(dir, bytes, 'no-refs.xlsx'));
    if (!opened.ok) expect.fail(opened.issue.message);
    const rows = [];
    for await (const batch of opened.table.records()) rows.push(...batch.map((r) => [r.row, r.cells, r.issues.map((i) => i.code)]));
    expect([opened.table.header, rows]).toEqual([['phone', 'name'], [[3, ['0912345678', '', 'extra'], ['row.ragged']], [4, ['', 'Mei', 'next'], ['row.ragged']]]]);
  });

  it('__proto__ as a sheet name and as headers is just a name', async () => {
    const bytes = await workbookBuffer([{ name: 'constructor', rows: [['__proto__', 'constructor'], ['x', 'y']] }, { name: '__proto__', rows: [['prototype'], ['z']] }]);
    const file = await writeTemp(dir, bytes, 'proto.xlsx');
    const first = await openTable(file);
    expect(first.ok && [first.table.sheet, first.table.sheets, first.table.header]).toEqual(['constructor', ['constructor', '__proto__'], ['__proto__', 'constructor']]);
    const chosen = await openTable(file, { sheet: '__proto__' });
    expect(chosen.ok && [chosen.table.sheet, chosen.table.header]).toEqual(['__proto__', ['prototype']]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a workbook whose sheet part is missing has no sheet to read', async () => {
    const zip = await JSZip.loadAsync(await workbookBuffer([{ name: 'S', rows: [['a'], ['b']] }]));
    zip.remove('xl/worksheets/sheet1.xml');
    const opened = await openTable(await writeTemp(dir, await zip.generateAsync({ type: 'nodebuffer' }), 'no-sheet.xlsx'));
    expect(!opened.ok && opened.issue.code).toBe('file.empty');
  });
});

describe('valid workbooks with bytes flipped at random', () => {
  it('open to a table or a plain refusal, and read to the end or stop with a plain message', { timeout: 60_000 }, async () => {
    const whole = await workbookBuffer([{
      name: 'Contacts',
      rows: [['phone', 'name', 'birthday'], ...Array.from({ length: 300 }, (_, i) => [912345000 + i, `name ${i}`, new Date(Date.UTC(1990, 0, 1 + i))])],
      formats: { C2: 'yyyy-mm-dd' },
    }]);
    const outcomes = new Set<string>();
    for (let seed = 1; seed <= 60; seed++) {
      const r = random(seed);
      const bytes = Buffer.from(whole);
      const flips = 1 + Math.floor(r() * 8);
      for (let i = 0; i < flips; i++) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256);
      const opened = await openTable(await writeTemp(dir, bytes, `flipped-${seed}.xlsx`));
      if (!opened.ok) {
        expect(['file.unreadable', 'file.empty', 'file.binary', 'file.too_wide']).toContain(opened.issue.code);
        expect(opened.issue.message).not.toMatch(/\n\s+at |TypeError|undefined/);
        outcomes.add(opened.issue.code);
        continue;
      }
      try {
        const rows = await readAll(opened.table);
        for (let i = 1; i < rows.length; i++) expect(rows[i].row).toBeGreaterThan(rows[i - 1].row);
        outcomes.add('read');
      } catch (error) {
        expect((error as Error).message).toMatch(/^Could not read ".*" \((its contents are damaged|it is incomplete \(cut off before its end\))\)\. Check the file, then open it again\.$/);
        expect((error as Error).message).not.toMatch(/\n\s+at /);
        outcomes.add('stopped');
      }
    }
    // The flips land in different places: refusals and whole reads both happen.
    expect(outcomes.has('file.unreadable') && outcomes.has('read')).toBe(true);
  });
});
