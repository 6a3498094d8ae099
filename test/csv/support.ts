/** Helpers for the CSV tests: temporary files and reading a table whole. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openTable, type CsvRecord, type OpenedTable, type RecordsOptions } from '../../core/csv/read.ts';

export const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

export async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'listprep-csv-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

let counter = 0;
export async function writeTemp(dir: string, data: string | Uint8Array, name = `file-${++counter}.csv`): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
}

export async function openOk(path: string): Promise<OpenedTable> {
  const result = await openTable(path);
  if (!result.ok) expect.fail(`expected ${path} to open, got ${result.issue.code}: ${result.issue.message}`);
  return result.table;
}

export async function readAll(table: OpenedTable, options?: RecordsOptions): Promise<CsvRecord[]> {
  const all: CsvRecord[] = [];
  for await (const batch of table.records(options)) all.push(...batch);
  return all;
}

/** Opens and reads a file written from `data`; returns the table and its records. */
export async function readTable(dir: string, data: string | Uint8Array): Promise<{ table: OpenedTable; records: CsvRecord[] }> {
  const table = await openOk(await writeTemp(dir, data));
  return { table, records: await readAll(table) };
}

/** [row, cells] pairs, for compact assertions. */
export function rowsOf(records: CsvRecord[]): [number, string[]][] {
  return records.map((record) => [record.row, record.cells]);
}

export function codesOf(records: CsvRecord[]): [number, string[]][] {
  return records.filter((record) => record.issues.length > 0).map((record) => [record.row, record.issues.map((issue) => issue.code)]);
}
