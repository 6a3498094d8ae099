/** R-F7: .xlsx workbooks read as the CSV reader reads a file, with the values the workbook stores. */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTable, type OpenedTable } from '../../core/csv/read.ts';
import { dateKind, numberText, serialDateText } from '../../core/csv/workbook-cells.ts';
import { makeTempDir, removeDir, writeTemp } from './support.ts';
import { ole2Buffer, withPartsFirst, workbookBuffer, zipBuffer, type SheetSpec } from './workbooks.ts';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeDir(dir);
});

async function open(bytes: Buffer, options: { sheet?: string } = {}, name = 'list.xlsx') {
  return openTable(await writeTemp(dir, bytes, `${Math.random().toString(36).slice(2)}-${name}`), options);
}

async function openOk(bytes: Buffer, options: { sheet?: string } = {}): Promise<OpenedTable> {
  const result = await open(bytes, options);
  if (!result.ok) expect.fail(`${result.issue.code}: ${result.issue.message}`);
  return result.table;
}

async function readAll(table: OpenedTable) {
  const rows: { row: number; cells: string[]; codes: string[] }[] = [];
  for await (const batch of table.records({ batchRecords: 2 })) for (const r of batch) rows.push({ row: r.row, cells: r.cells, codes: r.issues.map((i) => i.code) });
  return rows;
}

const LIST: SheetSpec = {
  name: 'Contacts',
  rows: [
    undefined, // a blank first row: the header is the first non-empty one
    ['phone', 'name', 'birthday', 'last_visit', 'next', 'vip', 'check', 'note'],
    [886912345678, 'Mei', new Date(Date.UTC(1988, 6, 9)), new Date(Date.UTC(2025, 2, 1, 10, 0, 5)), { formula: 'A3+1', result: 886912345679 }, true, { formula: 'NA()', result: { error: '#N/A' } }, { richText: [{ text: 'VIP ' }, { text: 'gold', font: { bold: true } }] }],
    [912345678, 'Wei'],
    undefined, // a blank row in the middle keeps the rows below at their sheet numbers
    ['0912000111', 'Lin', 45293.75, 0.1 + 0.2, { formula: 'B6&"!"', result: 'Lin!' }, false, { formula: '1=1', result: true }, 1e21],
  ],
  formats: { C3: 'yyyy-mm-dd', D3: 'yyyy-mm-dd hh:mm:ss', C6: 'yyyy/m/d' },
  hiddenRows: [4],
  hiddenColumns: [2],
};

describe('reading a sheet', () => {
  it('keeps what the workbook stores: exact digits, dates, cached formula values, plain rich text', async () => {
    const table = await openOk(await workbookBuffer([LIST]));
    expect([table.header, table.headerRow, table.sheet, table.sheets]).toEqual([LIST.rows![1], 2, 'Contacts', ['Contacts']]);
    expect([table.encoding.label, table.fileIssues]).toEqual(['Excel workbook (.xlsx)', []]);
    expect(await readAll(table)).toEqual([
      { row: 3, cells: ['886912345678', 'Mei', '1988-07-09', '2025-03-01 10:00:05', '886912345679', 'TRUE', '#N/A', 'VIP gold'], codes: [] },
      // hidden row 4 and hidden column B are read like the others; a short row is padded, not ragged
      { row: 4, cells: ['912345678', 'Wei', '', '', '', '', '', ''], codes: [] },
      // a date format with a time in the value still reads as the date the cell shows
      { row: 6, cells: ['0912000111', 'Lin', '2024-01-02', '0.3', 'Lin!', 'FALSE', 'TRUE', '1000000000000000000000'], codes: [] },
    ]);
  });

  it('reads the same whatever order the zip holds its parts in', async () => {
    const ordered = await withPartsFirst(await workbookBuffer([LIST]));
    const names = Object.keys((await JSZip.loadAsync(ordered)).files);
    expect(names.indexOf('xl/styles.xml')).toBeLessThan(names.indexOf('xl/worksheets/sheet1.xml'));
    expect(await readAll(await openOk(ordered))).toEqual(await readAll(await openOk(await workbookBuffer([LIST]))));
  });

  it('reads dates of the 1904 date system', async () => {
    const table = await openOk(await workbookBuffer([{
      name: 'Mac',
      rows: [['birthday', 'at'], [43831, 43831.5]],
      formats: { A2: 'yyyy-mm-dd', B2: 'yyyy-mm-dd hh:mm' },
    }], { date1904: true }));
    expect((await readAll(table))[0].cells).toEqual(['2024-01-02', '2024-01-02 12:00:00']);
  });

  it('reports a value beyond the header as row.ragged, naming the column', async () => {
    const table = await openOk(await workbookBuffer([{ name: 'S', rows: [['phone', 'name'], ['0912345678', 'Mei', undefined, 'stray']] }]));
    const [record] = await readAll(table);
    expect(record).toEqual({ row: 2, cells: ['0912345678', 'Mei', '', 'stray'], codes: ['row.ragged'] });
    const batches = [];
    for await (const batch of table.records()) batches.push(...batch);
    expect(batches[0].issues[0].message).toBe('Row 2: This row has a value in column D, to the right of the header\'s last column, so MAAC would reject it. Give that column a header, or clear the cells to the right of the list.');
  });

  it('reads shared strings without their phonetic guide (Japanese rPh)', async () => {
    const zip = await JSZip.loadAsync(await workbookBuffer([{ name: 'JP', rows: [['name', 'tag'], ['山田', 'VIP']] }]));
    const strings = await zip.file('xl/sharedStrings.xml')!.async('string');
    zip.file('xl/sharedStrings.xml', strings.replace('<si><t>山田</t></si>', '<si><t>山田</t><rPh sb="0" eb="2"><t>ヤマダ</t></rPh><phoneticPr fontId="1"/></si>'));
    const table = await openOk(await zip.generateAsync({ type: 'nodebuffer' }));
    expect((await readAll(table))[0].cells).toEqual(['山田', 'VIP']);
  });
});

describe('shared strings read as far as the rows need them', () => {
  it('finds a string stored far ahead of the ones read so far, and leaves a missing one empty', async () => {
    const zip = await JSZip.loadAsync(await workbookBuffer([{ name: 'S', rows: [['name', 'tag'], ['first', 'x']] }]));
    const many = Array.from({ length: 5000 }, (_, i) => `<si><t>s${i}</t></si>`).join('');
    zip.file('xl/sharedStrings.xml', `<sst><si><t>name</t></si><si><t>tag</t></si>${many}</sst>`);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    const rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
      + '<row r="2"><c r="A2" t="s"><v>5001</v></c><c r="B2" t="s"><v>2</v></c></row>'
      + '<row r="3"><c r="A3" t="s"><v>99999</v></c><c r="B3" t="s"><v>3</v></c></row>';
    zip.file('xl/worksheets/sheet1.xml', sheet.replace(/<sheetData>.*<\/sheetData>/s, `<sheetData>${rows}</sheetData>`));
    const table = await openOk(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(await readAll(table)).toEqual([
      { row: 2, cells: ['s4999', 's0'], codes: [] },
      { row: 3, cells: ['', 's1'], codes: [] },
    ]);
  });
});

describe('choosing the sheet', () => {
  const book = () => workbookBuffer([
    { name: 'Notes' },
    { name: 'March', rows: [['phone'], ['0912345678']] },
    { name: 'Lookup', rows: [['code'], ['A']], state: 'hidden' },
    { name: 'April', rows: [['phone', 'name'], ['0922333444', 'Wei']] },
  ]);

  it('reads the first visible sheet with rows and names the others in an info issue', async () => {
    const table = await openOk(await book());
    expect([table.sheet, table.sheets, table.header]).toEqual(['March', ['March', 'Lookup', 'April'], ['phone']]);
    expect(table.fileIssues.map((i) => [i.code, i.severity, i.message])).toEqual([[
      'file.sheet_chosen', 'info',
      'The workbook has more than one sheet with data. ListPrep read "March"; the others are "Lookup", "April". To check another, choose it with the sheet picker (--sheet NAME in the command line).',
    ]]);
  });

  it('passes over a hidden sheet unless nothing else has rows', async () => {
    const hiddenFirst = await openOk(await workbookBuffer([{ name: 'Codes', rows: [['code'], ['A']], state: 'hidden' }, { name: 'List', rows: [['phone'], ['0912345678']] }]));
    expect([hiddenFirst.sheet, hiddenFirst.sheets]).toEqual(['List', ['Codes', 'List']]);
    const onlyHidden = await openOk(await workbookBuffer([{ name: 'Visible' }, { name: 'Codes', rows: [['code'], ['A']], state: 'hidden' }]));
    expect([onlyHidden.sheet, onlyHidden.fileIssues]).toEqual(['Codes', []]);
  });

  it('reads the sheet chosen (its name in any case), without the info issue', async () => {
    const table = await openOk(await book(), { sheet: 'april' });
    expect([table.sheet, table.fileIssues, await readAll(table)]).toEqual(['April', [], [{ row: 2, cells: ['0922333444', 'Wei'], codes: [] }]]);
  });

  it('refuses a sheet that does not exist, listing the sheets', async () => {
    const result = await open(await book(), { sheet: 'May' });
    expect(!result.ok && [result.issue.code, result.issue.message]).toEqual(['file.sheet_missing',
      'The workbook has no sheet named "May". Its sheets are "Notes", "March", "Lookup", "April". Choose one of these names (--sheet NAME in the command line).']);
  });

  it('says an empty workbook or sheet is empty, and a header-only sheet has no rows', async () => {
    const empty = await open(await workbookBuffer([{ name: 'A' }, { name: 'B' }]));
    expect(!empty.ok && [empty.issue.code, empty.issue.message]).toEqual(['file.empty', 'The file is empty, so there is nothing to import. Check that you picked the right file, or add contacts below the header row.']);
    const emptySheet = await open(await book(), { sheet: 'Notes' });
    expect(!emptySheet.ok && emptySheet.issue.code).toBe('file.empty');
    const headerOnly = await open(await workbookBuffer([{ name: 'A', rows: [['phone', 'name']] }]));
    expect(!headerOnly.ok && headerOnly.issue.params).toEqual({ detail: 'has only a header row' });
  });
});

describe('files that are not a readable .xlsx', () => {
  const refusal = async (bytes: Buffer, name = 'list.xlsx') => {
    const result = await open(bytes, {}, name);
    if (result.ok) expect.fail('expected a refusal');
    return [result.issue.code, result.issue.message.replace(/"[^"]*list\.\w+"/, '"FILE"')];
  };

  it('an .xls says which format it is and how to save it', async () => {
    expect(await refusal(ole2Buffer(false), 'list.xls')).toEqual(['file.unreadable',
      '"FILE" is an Excel 97–2003 workbook (.xls), which ListPrep does not read. Open it in your spreadsheet and choose "Save as" → "Excel Workbook (.xlsx)" or "CSV UTF-8 (comma delimited)", then open that file.']);
  });

  it('a password-protected workbook says so', async () => {
    expect(await refusal(ole2Buffer(true))).toEqual(['file.unreadable',
      'The workbook "FILE" is protected with a password, so it cannot be read. Open it in Excel with its password, save an unprotected copy (File → Info → Protect Workbook → Encrypt with Password, clear the password), then open that copy.']);
  });

  it('an .ods says which format it is', async () => {
    const ods = await zipBuffer({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<office:document-content/>' });
    const [code, message] = await refusal(ods, 'list.ods');
    expect([code, message]).toEqual(['file.unreadable', expect.stringContaining('is an OpenDocument spreadsheet (.ods), which ListPrep does not read.')]);
  });

  it('a cut-off workbook is damaged, in plain words', async () => {
    const whole = await workbookBuffer([LIST]);
    expect(await refusal(whole.subarray(0, Math.floor(whole.length * 0.6)))).toEqual(['file.unreadable',
      'The workbook "FILE" cannot be read: it is incomplete or damaged: its zip directory is missing. Open it in your spreadsheet and save it again (or download it again), then open the new file.']);
  });

  it('a workbook with damaged contents is damaged, never a stack trace', async () => {
    const whole = await workbookBuffer([LIST]);
    const zip = await JSZip.loadAsync(whole);
    zip.file('xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>phone</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row></sheetData><oops</worksheet>');
    const broken = await zip.generateAsync({ type: 'nodebuffer' });
    const [code, message] = await refusal(broken);
    expect(code).toBe('file.unreadable');
    expect(message).toBe('The workbook "FILE" cannot be read: its contents are damaged. Open it in your spreadsheet and save it again (or download it again), then open the new file.');
  });

  it('a renamed CSV is read as the CSV it is; another zip is not text', async () => {
    const csv = await open(Buffer.from('phone,name\n0912345678,Mei\n'), {}, 'list.xlsx');
    expect(csv.ok && [csv.table.sheet, csv.table.encoding.label]).toEqual([undefined, 'UTF-8']);
    const other = await open(await zipBuffer({ 'word/document.xml': '<w:document/>' }), {}, 'list.xlsx');
    expect(!other.ok && other.issue.code).toBe('file.binary');
  });
});

describe('cell values', () => {
  it('numbers are plain digits, never exponents or float noise', () => {
    expect([886912345678, 912345678, 1e21, 0.1 + 0.2, 1e-7, -12.5, 123456789012345680000].map(numberText))
      .toEqual(['886912345678', '912345678', '1000000000000000000000', '0.3', '0.0000001', '-12.5', '123456789012345680000']);
  });

  it('date serials follow the 1900 and 1904 systems, Excel\'s 29 February 1900 included', () => {
    expect([
      serialDateText(1, 'date', false), serialDateText(59, 'date', false), serialDateText(60, 'date', false), serialDateText(61, 'date', false),
      serialDateText(45293.999999, 'date-time', false), serialDateText(0.25, 'time', false), serialDateText(0, 'date', true), serialDateText(-1, 'date', false),
    ]).toEqual(['1900-01-01', '1900-02-28', '1900-02-29', '1900-03-01', '2024-01-03 00:00:00', '06:00:00', '1904-01-01', undefined]);
  });

  it('tells dates from times by the number format, East Asian built-ins by the value', () => {
    expect([dateKind(14, undefined), dateKind(20, undefined), dateKind(22, undefined), dateKind(0, undefined), dateKind(11, undefined), dateKind(49, undefined)])
      .toEqual(['date', 'time', 'date-time', undefined, undefined, undefined]);
    expect(['yyyy/m/d', 'yyyy-mm-dd hh:mm:ss', '[h]:mm', '0.00E+00', 'General', '@', '"Day "0', '[$-404]e/m/d', 'mmm'].map((code) => dateKind(164, code)))
      .toEqual(['date', 'date-time', 'time', undefined, undefined, undefined, undefined, 'date', 'date']);
    expect([serialDateText(0.5, dateKind(55, undefined)!, false), serialDateText(45293, dateKind(55, undefined)!, false), serialDateText(45293.25, dateKind(57, undefined)!, false)])
      .toEqual(['12:00:00', '2024-01-02', '2024-01-02 06:00:00']);
  });
});
