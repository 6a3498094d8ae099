/** Small workbooks for the R-F7 tests, written by exceljs's writer (as a spreadsheet would store them). */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

export type CellValue = ExcelJS.CellValue;

export interface SheetSpec {
  name: string;
  /** Rows from row 1 (undefined leaves a row out); each cell as exceljs takes it. */
  rows?: (CellValue[] | undefined)[];
  /** Per cell address, a number format (e.g. { B2: 'yyyy-mm-dd' }). */
  formats?: Record<string, string>;
  hiddenRows?: number[];
  hiddenColumns?: number[];
  state?: 'visible' | 'hidden';
}

export async function workbookBuffer(sheets: SheetSpec[], options: { date1904?: boolean } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  if (options.date1904) workbook.properties.date1904 = true;
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name, { state: spec.state ?? 'visible' });
    (spec.rows ?? []).forEach((cells, i) => {
      if (cells !== undefined) sheet.getRow(i + 1).values = cells;
    });
    for (const [address, format] of Object.entries(spec.formats ?? {})) sheet.getCell(address).numFmt = format;
    for (const row of spec.hiddenRows ?? []) sheet.getRow(row).hidden = true;
    for (const column of spec.hiddenColumns ?? []) sheet.getColumn(column).hidden = true;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The same workbook with its parts in Excel's order: workbook, relationships, shared strings and
 * styles before the sheets (exceljs writes the workbook part last, where exceljs's own streaming
 * reader loses it now and then: exceljs issue #3064).
 */
export async function withPartsFirst(buffer: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buffer);
  const first = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'];
  const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  const ordered = new JSZip();
  for (const name of [...first.filter((n) => names.includes(n)), ...names.filter((n) => !first.includes(n))]) {
    ordered.file(name, await zip.files[name].async('nodebuffer'));
  }
  return ordered.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A zip with the given entries, stored as given (for an .ods and a look-alike). */
export async function zipBuffer(entries: Record<string, string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(entries)) zip.file(name, text, { compression: name === 'mimetype' ? 'STORE' : 'DEFLATE' });
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** An OLE2 compound file header (what an .xls starts with), optionally naming the stream an encrypted .xlsx keeps. */
export function ole2Buffer(encrypted: boolean): Buffer {
  const header = Buffer.alloc(1536);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  if (encrypted) Buffer.from('EncryptedPackage', 'utf16le').copy(header, 1024);
  else Buffer.from('Workbook', 'utf16le').copy(header, 1024);
  return header;
}
