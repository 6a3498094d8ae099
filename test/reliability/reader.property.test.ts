/**
 * Fuzzing the reader and the whole check pipeline with arbitrary bytes: CSV-shaped text in every
 * encoding ListPrep detects, with quotes, delimiters, BOMs, NULs and line endings mixed in, and
 * plain random bytes. `openTable` and `records()` never throw; `runCheck` never throws and counts
 * every row once; the input file is never written. Runs: LISTPREP_FUZZ_RUNS (`npm run fuzz`).
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, OUTCOMES } from '../../core/model.ts';
import { hasByteEscapes } from '../../core/csv/cell-encoding.ts';
import { openTable } from '../../core/csv/read.ts';
import { runCheck } from '../../core/check/run-check.ts';
import { isIssueCode } from '../../core/rules/codes.ts';
import { loadFieldDefinitions, loadSnapshot } from '../../core/snapshot/index.ts';
import { tempDir } from '../helpers/service.ts';
import { expectNoPollution, FUZZ_MODE, propertyRuns } from './support.ts';

const TIMEOUT = FUZZ_MODE ? 6 * 3_600_000 : 30_000;
const FILE_FAILURES = ['file.not_found', 'file.unreadable', 'file.empty', 'file.binary', 'file.too_wide'];

/** Pieces a CSV is made of, and pieces that break CSVs. */
const token = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      '"', '""', ',', ';', '\t', '|', '\n', '\r', '\r\n', ' ', '\u3000', '\uFEFF', '\0', '\x1b',
      'line_uid', 'phone', 'WhatsApp_mobile', 'messaging_status', 'email', 'name', 'tags', 'cl_custom_x',
      '__proto__', 'constructor', 'prototype', '=1+1', '+886912345678', '0912345678', '8.86912E+11',
      'opted_in', 'subscribed', 'a@b.co', '1990/1/2', '陳美玲', 'สมชาย', '😀', '\u202E', '\uD83D', 'null',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
);
const text = fc.array(token, { maxLength: 120 }).map((pieces) => pieces.join(''));

const ENCODINGS = ['utf8', 'utf8-bom', 'utf16le', 'utf16le-bom', 'utf16be-bom', 'big5', 'gb18030', 'shift_jis', 'windows-874', 'windows-1252'] as const;
const encoded = fc.tuple(text, fc.constantFrom(...ENCODINGS)).map(([value, encoding]) => {
  if (encoding === 'utf8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(value)]);
  if (encoding === 'utf16le-bom') return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(value, 'utf16le')]);
  if (encoding === 'utf16be-bom') return Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(value, 'utf16be')]);
  return iconv.encode(value, encoding);
});

/** Bytes: encoded CSV-ish text (most often), raw random bytes, or text with random bytes spliced in. */
const fileBytes = fc.oneof(
  { weight: 5, arbitrary: encoded },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 1_500 }).map((b) => Buffer.from(b)) },
  {
    weight: 2,
    arbitrary: fc.tuple(encoded, fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.nat()).map(([bytes, noise, at]) => {
      const cut = bytes.length === 0 ? 0 : at % bytes.length;
      return Buffer.concat([bytes.subarray(0, cut), Buffer.from(noise), bytes.subarray(cut)]);
    }),
  },
);

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = tempDir('listprep-reader-fuzz-');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  expectNoPollution();
});

function writeInput(bytes: Uint8Array): string {
  const file = path.join(dir, `input-${++counter}.csv`);
  fs.writeFileSync(file, bytes);
  return file;
}

function expectUnchanged(file: string, bytes: Uint8Array): void {
  expect(fs.readFileSync(file).equals(Buffer.from(bytes))).toBe(true);
  fs.rmSync(file);
}

describe('reader (arbitrary bytes)', () => {
  it('openTable and records() never throw: a table, or one clear file-level issue', { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(fileBytes, async (bytes) => {
        const file = writeInput(bytes);
        const opened = await openTable(file);
        if (!opened.ok) {
          expect(FILE_FAILURES).toContain(opened.issue.code);
          expect(opened.issue.message).toMatch(/^[A-Z].{30,}$/s);
          expectUnchanged(file, bytes);
          return;
        }
        const { header, headerRow, fileIssues } = opened.table;
        expect(header.length).toBeGreaterThan(0);
        for (const issue of fileIssues) expect(['file.encoding', 'file.delimiter', 'file.unterminated_quote', 'file.sep_line', 'cell.encoding']).toContain(issue.code);
        let previous = headerRow;
        for await (const batch of opened.table.records()) {
          for (const record of batch) {
            expect(record.row).toBeGreaterThan(previous);
            previous = record.row;
            expect(record.cells.every((cell) => typeof cell === 'string')).toBe(true);
            expect(record.cells.some((cell) => cell.trim() !== '')).toBe(true);
            for (const issue of record.issues) {
              expect(['row.ragged', 'file.unterminated_quote', 'cell.encoding']).toContain(issue.code);
              expect(issue.row).toBe(record.row);
            }
            // R-F5: nothing replaced silently: a cell of a UTF-8 file keeping bytes that are not UTF-8 is reported.
            if (opened.table.encoding.id === 'utf-8') expect(record.issues.filter((i) => i.code === 'cell.encoding').map((i) => i.columnIndex))
              .toEqual(record.cells.flatMap((cell, index) => (hasByteEscapes(cell) ? [index] : [])));
            expect(record.issues.some((i) => i.code === 'row.ragged')).toBe(record.cells.length !== header.length);
          }
        }
        expectUnchanged(file, bytes);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('runCheck on arbitrary bytes, under each channel: never throws, every row counted once', { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(fileBytes, fc.constantFrom(undefined, ...CHANNELS), async (bytes, channel) => {
        const file = writeInput(bytes);
        const outcomes: string[] = [];
        const result = await runCheck(
          { path: file, channel, importedAt: '2025-01-01 00:00:00', today: '2025-01-01' },
          { onRow: (checked, rowResult) => void outcomes.push(rowResult.outcome) },
        );
        if (result.ok) {
          const { summary, fileIssues } = result.end;
          expect(summary.rows).toBe(outcomes.length);
          expect(OUTCOMES.reduce((n, o) => n + summary[o], 0)).toBe(summary.rows);
          for (const outcome of outcomes) expect(OUTCOMES).toContain(outcome);
          for (const issue of fileIssues) {
            expect(isIssueCode(issue.code)).toBe(true);
            expect(issue.message).not.toMatch(/\{\w+\}|undefined|NaN|\[object Object\]/);
          }
        } else {
          expect(FILE_FAILURES).toContain(result.issue.code);
        }
        expectUnchanged(file, bytes);
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it('contact snapshots and field definitions (CSV and JSON) from arbitrary bytes: never throw', { timeout: TIMEOUT }, async () => {
    const json = fc.oneof(
      fc.json(),
      fc.array(fc.record({ key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'points', ''), fc.string()), type: fc.constantFrom('text', 'Number', 'date_time', '__proto__', 1), status: fc.constantFrom('active', 'archived', '', null) }, { requiredKeys: [] })).map((v) => JSON.stringify(v)),
      fc.constantFrom('{"__proto__":{"polluted":1}}', '[{"__proto__":{"polluted":1},"key":"a","type":"text"}]', '[{"constructor":{"prototype":{"polluted":1}}}]'),
    ).map((text) => Buffer.from(text));
    await fc.assert(
      fc.asyncProperty(fileBytes, json, async (bytes, jsonBytes) => {
        const file = writeInput(bytes);
        const snapshot = await loadSnapshot(file, { region: 'TW' });
        for (const contact of snapshot.contacts) {
          expect(Object.getPrototypeOf(contact.fields)).toBe(null);
          for (const value of Object.values(contact.fields)) expect(typeof value).toBe('string');
        }
        for (const issue of snapshot.issues) expect(isIssueCode(issue.code)).toBe(true);
        const csvDefinitions = await loadFieldDefinitions(file);
        for (const d of csvDefinitions.definitions) expect(['text', 'number', 'date', 'datetime']).toContain(d.type);
        expectUnchanged(file, bytes);
        const jsonFile = path.join(dir, `definitions-${++counter}.json`);
        fs.writeFileSync(jsonFile, jsonBytes);
        const jsonDefinitions = await loadFieldDefinitions(jsonFile);
        for (const d of jsonDefinitions.definitions) {
          expect(typeof d.key).toBe('string');
          expect(['active', 'archived']).toContain(d.status);
        }
        expectUnchanged(jsonFile, jsonBytes);
        expectNoPollution();
      }),
      { numRuns: propertyRuns(150) },
    );
  });
});
