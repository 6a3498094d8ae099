/**
 * Streams the sheets of an .xlsx file (RULES.md R-F7). The zip is read through its directory
 * (zip-entries.ts), each sheet inflated and parsed as it is read (exceljs's SAX reader), so no sheet
 * is ever held whole. The workbook part, relationships and styles are read first (a date is only
 * known to be one by its style); the shared strings as far as the rows need them (shared-strings.ts).
 */
import type { Readable } from 'node:stream';
import parseSax from 'exceljs/lib/utils/parse-sax.js';
import { dateKind, isoCellText, numberText, serialDateText, unescapeOoxml, type DateKind } from './workbook-cells.ts';
import { openZipEntry, type ZipEntry } from './zip-entries.ts';
import { SharedStrings } from './shared-strings.ts';

/** A row of a sheet with at least one non-empty cell: the sheet's own row number, cells from column A. */
export interface SheetRow {
  row: number;
  cells: string[];
}

export interface WorkbookSheet {
  name: string;
  /** Hidden or very hidden in the workbook's tabs. */
  hidden: boolean;
  /** Its place among the workbook's tabs. */
  tab: number;
  entry: ZipEntry;
}

export interface WorkbookParts {
  path: string;
  /** The worksheets, in tab order (chart sheets left out). */
  sheets: WorkbookSheet[];
  strings: SharedStrings;
  date1904: boolean;
  /** Per cell style (`s`), its number format id and code. */
  styles: { numFmtId: number; code?: string }[];
}

interface SaxEvent {
  eventType: 'opentag' | 'text' | 'closetag';
  value: { name: string; attributes: Record<string, string> } | string;
}
type SaxTag = { name: string; attributes: Record<string, string> };

/** Thrown when the zip holds no workbook part or a part cannot be read. */
export class WorkbookError extends Error {}

/** An element's name without its namespace prefix (some writers use `x:row`). */
function local(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** The part's XML events, a chunk's worth at a time (an await per event would be most of the reading time). */
async function* xmlEvents(stream: Readable): AsyncGenerator<SaxEvent[]> {
  try {
    yield* parseSax(stream) as AsyncIterable<SaxEvent[]>;
  } finally {
    stream.destroy();
  }
}

async function* partEvents(path: string, entries: ReadonlyMap<string, ZipEntry>, name: string | undefined): AsyncGenerator<SaxEvent[]> {
  const entry = name === undefined ? undefined : entries.get(name);
  if (entry !== undefined) yield* xmlEvents(await openZipEntry(path, entry));
}

/** A relationship's target as a zip entry name (relative to xl/, or absolute from the root). */
function partName(target: string): string {
  const absolute = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  return absolute.replace(/\/\.\//g, '/');
}

export async function readWorkbookParts(path: string, zip: readonly ZipEntry[]): Promise<WorkbookParts> {
  const entries = new Map(zip.map((e) => [e.name, e]));
  if (!entries.has('xl/workbook.xml')) throw new WorkbookError('it has no workbook part (xl/workbook.xml)');

  const rels = new Map<string, { target: string; type: string }>();
  for await (const events of partEvents(path, entries, 'xl/_rels/workbook.xml.rels')) for (const { eventType, value } of events) {
    if (eventType !== 'opentag' || local((value as SaxTag).name) !== 'Relationship') continue;
    const { attributes } = value as SaxTag;
    rels.set(attributes.Id ?? '', { target: partName(attributes.Target ?? ''), type: attributes.Type ?? '' });
  }
  const partOfType = (type: string, fallback: string) => [...rels.values()].find((r) => r.type.endsWith(`/${type}`))?.target ?? fallback;

  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  for await (const events of partEvents(path, entries, 'xl/workbook.xml')) for (const { eventType, value } of events) {
    if (eventType !== 'opentag') continue;
    const { name, attributes } = value as SaxTag;
    if (local(name) === 'workbookPr') date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
    if (local(name) !== 'sheet') continue;
    const rId = Object.entries(attributes).find(([key]) => key === 'r:id' || key.endsWith(':id'))?.[1];
    const rel = rId === undefined ? undefined : rels.get(rId);
    const entry = rel === undefined ? undefined : entries.get(rel.target);
    if (entry === undefined || !rel!.type.endsWith('/worksheet')) continue;
    sheets.push({ name: attributes.name ?? '', hidden: attributes.state === 'hidden' || attributes.state === 'veryHidden', tab: sheets.length, entry });
  }
  return { path, sheets, date1904, strings: sharedStrings(path, entries, partOfType('sharedStrings', 'xl/sharedStrings.xml')), styles: await readStyles(path, entries, partOfType('styles', 'xl/styles.xml')) };
}

function sharedStrings(path: string, entries: ReadonlyMap<string, ZipEntry>, name: string): SharedStrings {
  const entry = entries.get(name);
  return new SharedStrings(entry === undefined ? undefined : () => openZipEntry(path, entry));
}

/** Each cell style's number format: all a reader needs of the styles to tell a date from a number. */
async function readStyles(path: string, entries: ReadonlyMap<string, ZipEntry>, name: string): Promise<{ numFmtId: number; code?: string }[]> {
  const codes = new Map<number, string>();
  const formats: number[] = [];
  let inCellXfs = false;
  for await (const events of partEvents(path, entries, name)) for (const { eventType, value } of events) {
    if (eventType === 'text') continue;
    const { name: tagName, attributes } = value as SaxTag;
    const tag = local(tagName);
    if (tag === 'cellXfs') inCellXfs = eventType === 'opentag';
    else if (eventType !== 'opentag') continue;
    else if (tag === 'numFmt') codes.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
    else if (tag === 'xf' && inCellXfs) formats.push(Number(attributes.numFmtId ?? 0));
  }
  return formats.map((numFmtId) => ({ numFmtId, code: codes.get(numFmtId) }));
}

/** Columns beyond this are not read (Excel's last is XFD, 16,384): a crafted reference cannot make a huge row. */
const MAX_SHEET_COLUMNS = 16_384;

/** The cells of one `<c>` being read. */
interface CellState {
  column: number;
  type: string;
  style: number;
  value: string;
  inline: string;
}

/**
 * The sheet's non-empty rows, in order, parsed as its part is inflated. Stopping the iteration
 * early closes the file. `onRead` gets the compressed bytes read so far (progress).
 */
export async function* sheetRows(parts: WorkbookParts, sheet: WorkbookSheet, onRead?: (compressedBytes: number) => void): AsyncGenerator<SheetRow> {
  const kinds = new Map<number, DateKind>();
  const kindOf = (style: number): DateKind => {
    if (!kinds.has(style)) {
      const format = parts.styles[style];
      kinds.set(style, format === undefined ? undefined : dateKind(format.numFmtId, format.code));
    }
    return kinds.get(style);
  };
  const stream = await openZipEntry(parts.path, sheet.entry, onRead);
  let rowNumber = 0;
  let nextColumn = 0;
  let cells: string[] | undefined;
  let cell: CellState | undefined;
  let capture: 'v' | 't' | undefined;
  let phonetic = 0;
  for await (const events of xmlEvents(stream)) {
    for (const { eventType, value } of events) {
      if (eventType === 'text') {
        if (cell !== undefined && capture !== undefined && phonetic === 0) {
          if (capture === 'v') cell.value += value as string;
          else cell.inline += value as string;
        }
        continue;
      }
      const { name: tagName, attributes } = value as SaxTag;
      const name = local(tagName);
      if (eventType === 'opentag') {
        switch (name) {
          case 'row': {
            // `r` may be left out (the next row) by some writers; a damaged one is taken as left out.
            const r = Number(attributes.r);
            rowNumber = Number.isSafeInteger(r) && r > rowNumber ? r : rowNumber + 1;
            cells = [];
            nextColumn = 0;
            break;
          }
          case 'c':
            if (cells !== undefined) {
              const referenced = attributes.r !== undefined ? columnOf(attributes.r) : -1;
              const column = referenced >= 0 ? referenced : nextColumn;
              nextColumn = column + 1;
              cell = { column, type: attributes.t ?? 'n', style: attributes.s !== undefined ? Number(attributes.s) : 0, value: '', inline: '' };
            }
            break;
          case 'v':
            capture = 'v';
            break;
          case 't':
            capture = 't';
            break;
          case 'rPh':
            phonetic++;
            break;
        }
        continue;
      }
      switch (name) {
        case 'v':
        case 't':
          capture = undefined;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'c':
          if (cell !== undefined && cells !== undefined && cell.column < MAX_SHEET_COLUMNS) {
            if (cell.type === 's' && !parts.strings.has(Number(cell.value))) await parts.strings.reach(Number(cell.value));
            const text = cellText(cell, parts, kindOf);
            if (text !== '') {
              while (cells.length < cell.column) cells.push('');
              cells[cell.column] = text;
            }
          }
          cell = undefined;
          break;
        case 'row':
          if (cells !== undefined && cells.length > 0) yield { row: rowNumber, cells };
          cells = undefined;
          break;
      }
    }
  }
}

/** "BC12" → 54 (0-based column of a cell reference). */
function columnOf(reference: string): number {
  let column = 0;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i);
    if (code >= 65 && code <= 90) column = column * 26 + code - 64;
    else if (code >= 97 && code <= 122) column = column * 26 + code - 96;
    else break;
  }
  return column - 1;
}

function cellText(cell: CellState, parts: WorkbookParts, kindOf: (style: number) => DateKind): string {
  switch (cell.type) {
    case 's':
      return cell.value === '' ? '' : parts.strings.items[Number(cell.value)] ?? '';
    case 'inlineStr':
      return unescapeOoxml(cell.inline);
    case 'str':
      return unescapeOoxml(cell.value);
    case 'b':
      return cell.value === '' ? '' : cell.value.trim() === '0' ? 'FALSE' : 'TRUE';
    case 'e':
      return cell.value;
    case 'd':
      return isoCellText(cell.value);
    default: {
      if (cell.value === '') return '';
      const number = Number(cell.value);
      if (Number.isNaN(number)) return cell.value;
      const kind = kindOf(cell.style);
      return (kind !== undefined && serialDateText(number, kind, parts.date1904)) || numberText(number);
    }
  }
}
