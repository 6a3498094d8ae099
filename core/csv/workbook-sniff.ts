/**
 * Tells a workbook from a text file by its bytes, not its name (RULES.md R-F7): an .xlsx is a zip
 * holding `xl/workbook.xml`; an .xls (and a password-protected .xlsx) is an OLE2 compound file;
 * an .ods is a zip whose `mimetype` says so. Anything else goes on to the CSV reader.
 */
import type { FileHandle } from 'node:fs/promises';
import { readZipDirectory, type ZipEntry } from './zip-entries.ts';
import { readAt } from './read-at.ts';

export type WorkbookSniff =
  | { kind: 'xlsx'; entries: ZipEntry[] }
  /** A workbook ListPrep does not read: say which, and how to save it. */
  | { kind: 'unsupported'; format: 'xls' | 'xlsb' | 'ods' }
  | { kind: 'protected' }
  | { kind: 'damaged'; reason: string };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** The stream an encrypted Office file keeps its package in (MS-OFFCRYPTO), as its directory names it. */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');
const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';
const SCAN_CHUNK = 1024 * 1024;

export async function sniffWorkbook(file: FileHandle, size: number): Promise<WorkbookSniff | undefined> {
  const head = await readAt(file, 0, Math.min(size, 4096));
  if (startsWith(head, OLE2_MAGIC)) return (await contains(file, size, ENCRYPTED_PACKAGE)) ? { kind: 'protected' } : { kind: 'unsupported', format: 'xls' };
  if (startsWith(head, EMPTY_ZIP_MAGIC)) return looksLikeWorkbook(head) ? { kind: 'damaged', reason: 'the zip inside it is empty' } : undefined;
  if (!startsWith(head, ZIP_MAGIC)) return undefined;

  const entries = await readZipDirectory(file, size);
  const names = entries?.map((entry) => entry.name);
  if (entries === undefined || names === undefined) {
    // No readable directory: a cut download or a damaged file. Only call it a workbook when it says it is one.
    return looksLikeWorkbook(head) ? { kind: 'damaged', reason: 'it is incomplete or damaged: its zip directory is missing' } : undefined;
  }
  if (names.includes('xl/workbook.xml')) return { kind: 'xlsx', entries };
  if (names.includes('xl/workbook.bin')) return { kind: 'unsupported', format: 'xlsb' };
  if (names.includes('mimetype') && head.toString('latin1').includes(ODS_MIMETYPE)) return { kind: 'unsupported', format: 'ods' };
  if (names.some((name) => name.startsWith('xl/'))) return { kind: 'damaged', reason: 'it has no workbook part (xl/workbook.xml)' };
  return undefined;
}

function looksLikeWorkbook(head: Buffer): boolean {
  const text = head.toString('latin1');
  return text.includes('xl/') || text.includes('[Content_Types].xml');
}

function startsWith(bytes: Buffer, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/** Whether `needle` occurs anywhere in the file (read in pieces that overlap by its length). */
async function contains(file: FileHandle, size: number, needle: Buffer): Promise<boolean> {
  for (let position = 0; position < size; position += SCAN_CHUNK - needle.length) {
    const chunk = await readAt(file, position, Math.min(SCAN_CHUNK, size - position));
    if (chunk.includes(needle)) return true;
    if (position + chunk.length >= size) break;
  }
  return false;
}
