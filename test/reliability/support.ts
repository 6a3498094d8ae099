/**
 * Helpers for the reliability tests: the CLI run in process with captured output, file hashes,
 * a prototype-pollution probe, the number of runs for property tests, and a listing of a folder's
 * leftovers (temporary files, partial exports).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'vitest';
import { main } from '../../core/cli/main.ts';
import { TEMP_SUFFIX } from '../../core/csv/atomic.ts';

/** Runs of a property: small in the normal suite, `LISTPREP_FUZZ_RUNS` in the fuzz mode (`npm run fuzz`). */
export function propertyRuns(normal: number): number {
  const fuzz = Number(process.env.LISTPREP_FUZZ_RUNS);
  return Number.isInteger(fuzz) && fuzz > 0 ? fuzz : normal;
}

/** True in the fuzz mode: tests give their properties more time. */
export const FUZZ_MODE = propertyRuns(0) > 0;

/** Runs `listprep` in this process, capturing stdout and stderr (never the real streams). */
export async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (write: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        write(String(chunk));
        done();
      },
    });
  const code = await main(argv, {
    stdout: sink((s) => (stdout += s)) as unknown as NodeJS.WriteStream,
    stderr: sink((s) => (stderr += s)) as unknown as NodeJS.WriteStream,
  });
  return { code, stdout, stderr };
}

export function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Size, modification time and content hash: what "the input was never written" means. */
export function fingerprint(file: string): { hash: string; size: number; mtimeMs: number } {
  const stat = fs.statSync(file);
  return { hash: sha256(file), size: stat.size, mtimeMs: stat.mtimeMs };
}

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

/** Object.prototype and Array.prototype have exactly their built-in properties; nothing was polluted. */
export function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  expect(typeof ({} as { constructor: unknown }).constructor).toBe('function');
  expect(({} as { toString(): string }).toString()).toBe('[object Object]');
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(Object.keys(Array.prototype)).toEqual([]);
}

/** A stack frame line as V8 prints it: what must never reach a user. */
export const STACK_FRAME = /\n\s+at /;

/** Files in a folder (recursively) that look like a temporary or partial export. */
export function leftovers(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    // Temporaries, and an export set's journal and kept copies (core/csv/file-set.ts).
    if (entry.isFile() && (entry.name.endsWith(TEMP_SUFFIX) || entry.name.includes('.tmp') || /\.listprep-(old|set)$/.test(entry.name))) out.push(path.join(entry.parentPath, entry.name));
  }
  return out;
}

/** Parses a CSV ListPrep wrote (RFC 4180, CRLF), fast enough for a 30 MB cell. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const cell = /(?:"([^"]*(?:""[^"]*)*)"|([^",\r\n]*))(,|\r\n|$)/y;
  let row: string[] = [];
  cell.lastIndex = 0;
  while (cell.lastIndex < text.length) {
    const match = cell.exec(text);
    if (match === null) throw new Error(`not a CSV ListPrep writes, at ${cell.lastIndex}`);
    row.push(match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2]);
    if (match[3] !== ',') {
      rows.push(row);
      row = [];
    }
    if (match[3] === '') break;
  }
  return rows;
}
