/**
 * Reads a zip (an .xlsx) through its central directory: the list of entries first, then any entry
 * as a stream inflated as it is read. exceljs's streaming reader reads the zip front to back in one
 * pass instead, and intermittently loses the last entry (exceljs issue #3064, reproduced here on
 * Node 20 in 16 of 40 reads of a one-sheet workbook); reading by the directory cannot.
 */
import { readAt } from './read-at.ts';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated (the only two an .xlsx uses). */
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** The end-of-central-directory record sits in the last 22 bytes plus a comment of up to 64 KB. */
const TAIL_BYTES = 22 + 0xffff;
const END_OF_DIRECTORY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** A zip64 size or offset (a part over 4 GB): no workbook a spreadsheet writes has one. */
const ZIP64 = 0xffffffff;

/** The entries of the zip, or undefined when its directory is missing or damaged (a cut download). */
export async function readZipDirectory(file: FileHandle, size: number): Promise<ZipEntry[] | undefined> {
  const tailStart = Math.max(0, size - TAIL_BYTES);
  const tail = await readAt(file, tailStart, size - tailStart);
  const end = tail.lastIndexOf(END_OF_DIRECTORY);
  if (end < 0 || end + 22 > tail.length) return undefined;
  const count = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryStart = tail.readUInt32LE(end + 16);
  if (directoryStart + directorySize > size || directorySize > 64 * 1024 * 1024) return undefined;
  const directory = await readAt(file, directoryStart, directorySize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== DIRECTORY_ENTRY) return undefined;
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    entries.push({
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Thrown for a zip entry that cannot be read; its message is plain words for the user. */
export class ZipEntryError extends Error {}

/**
 * An entry's bytes, inflated as they are read. `onRead` gets the compressed bytes read so far
 * (progress). Destroy the stream to stop early.
 */
export async function openZipEntry(path: string, entry: ZipEntry, onRead?: (compressedBytes: number) => void): Promise<Readable> {
  if (entry.compressedSize === ZIP64 || entry.localHeaderOffset === ZIP64) throw new ZipEntryError('a part of it is too large');
  if (entry.method !== 0 && entry.method !== 8) throw new ZipEntryError('a part of it is compressed in a way ListPrep does not read');
  const file = await open(path, 'r');
  let dataStart: number;
  try {
    const header = await readAt(file, entry.localHeaderOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_HEADER) throw new ZipEntryError('its contents are damaged');
    dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (dataStart + entry.compressedSize > (await file.stat()).size) throw new ZipEntryError('it is incomplete (cut off before its end)');
  } finally {
    await file.close();
  }
  if (entry.compressedSize === 0) return Readable.from([]);
  const raw = createReadStream(path, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
  if (onRead !== undefined) raw.on('data', () => onRead(raw.bytesRead));
  if (entry.method === 0) return raw;
  const inflate = createInflateRaw();
  raw.on('error', (error) => inflate.destroy(error));
  inflate.on('close', () => raw.destroy());
  return raw.pipe(inflate);
}

