/**
 * The hostile-input suite (issue #7): every file of hostile-files.ts goes through (a) the CLI,
 * (b) the CLI with --json --out, and (c) the Api service (check, unify, export, getCase). Each
 * must end with an exit code 0, 1 or 2 and a message (never a stack trace), within its timeout,
 * with the input file unchanged (hash, size, mtime) and Object.prototype untouched.
 * hostile-input.test.ts runs the small files, hostile-input-large.test.ts the large ones, so the
 * two run in parallel.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Outcome } from '../../core/model.ts';
import type { Service } from '../../core/api/service.ts';
import { makeService, tempDir, waitJob } from '../helpers/service.ts';
import { PROTO_NAMES, type HostileCase, type HostileFiles } from './hostile-files.ts';
import { cli, expectNoPollution, fingerprint, leftovers, parseCsv, STACK_FRAME } from './support.ts';

/** Where the Api's refusal is more precise than the reader's code (core/api/open-refusal.ts): a header and no rows. */
const API_REFUSAL: Record<string, string> = {
  'a header alone': 'file.header_only',
  'a header alone, BOM, no newline': 'file.header_only',
  'a single 30 MB line (no newline at all)': 'file.header_only',
};

interface JsonReport {
  channel: string;
  encoding: string;
  summary: Record<Outcome | 'rows', number>;
  fileIssues: { code: string; severity: string; message: string }[];
  rows: { row: number; outcome: Outcome; issues: { code: string; column?: string; value?: string; message: string }[] }[];
  files: { kind: string; path: string; rows: number }[];
}

interface Expectation {
  exit: 0 | 1 | 2;
  /** Exit 2: the code on stderr (`listprep: <code>: …`), also the case's file issue in the app. */
  stopCode?: string;
  rows?: number;
  outcomes?: Partial<Record<Outcome, number>>;
  /** File-level codes that must be reported. */
  fileCodes?: string[];
  /** Extra checks on the JSON report and the written folder. */
  report?(report: JsonReport, out: string): void;
  /** Extra checks through the Api once the case is checked. */
  service?(api: Service, caseId: string, files: HostileFiles): Promise<void>;
  timeout?: number;
}

const LINE_UID = (i: number) => `U${i.toString(16).padStart(32, '0')}`;
const uploadRows = (out: string, base: string) => parseCsv(fs.readFileSync(path.join(out, `${base}.upload-ready.csv`), 'utf8'));

const EXPECTED: Record<string, Expectation> = {
  'random bytes': { exit: 2, stopCode: 'file.binary' },
  'NUL bytes inside a CSV (one in a cell, then a run as a crashed save leaves)': { exit: 2, stopCode: 'file.binary' },
  'a tiny CSV with two NUL bytes': { exit: 2, stopCode: 'file.binary' },
  'a UTF-8 BOM alone': { exit: 2, stopCode: 'file.empty' },
  'a UTF-16 BOM alone': { exit: 2, stopCode: 'file.empty' },
  'a header alone': { exit: 2, stopCode: 'file.empty' },
  'a header alone, BOM, no newline': { exit: 2, stopCode: 'file.empty' },
  'invalid UTF-8 (overlong, lone continuation, cut sequence)': {
    // Not UTF-8, so the legacy detector decodes it (R-F1): every byte becomes a character, no row is lost.
    exit: 0, rows: 3, outcomes: { create: 3 }, fileCodes: ['file.encoding'],
    report: (report, out) => {
      expect(report.encoding).toBe('Windows-1252 (Western European)');
      expect(uploadRows(out, 'bad-utf8').slice(1).map((r) => r[3])).toEqual(['\u00c0\u00afA', '\u20ac\u20ac', '\u00e9\u2122\u00b3\u00e6\u2014']);
    },
  },
  'an unterminated quote at the very start': {
    exit: 1, rows: 2, outcomes: { fail: 2 }, fileCodes: ['file.unterminated_quote', 'key.column_missing', 'header.unknown'],
  },
  'an unterminated quote in the first data row': {
    // R-F3: the row where it starts fails; the rest of the file is still read.
    exit: 1, rows: 2, outcomes: { fail: 1, create: 1 },
    report: (report) => {
      expect(report.rows[0].issues.map((i) => i.code)).toEqual(expect.arrayContaining(['file.unterminated_quote']));
      expect(report.rows[1]).toMatchObject({ row: 3, outcome: 'create' });
    },
  },
  'a single 30 MB line (no newline at all)': { exit: 2, stopCode: 'file.empty', timeout: 20_000 },
  'a 30 MB data line after the header': {
    exit: 1, rows: 2, outcomes: { fail: 1, create: 1 }, timeout: 30_000,
    report: (report, out) => {
      // Issue #16: a cell over 1 Mi characters is cut to its first 1,024 and is cell.too_large (bounded memory).
      const tooLarge = report.rows[0].issues.find((i) => i.code === 'cell.too_large')!;
      expect(tooLarge).toMatchObject({ row: 2, column: 'name', severity: 'error' });
      expect(tooLarge.message).toContain('This cell holds 10,485,760 characters');
      expect(tooLarge.message).toContain('kept only the first 1,024 characters');
      expect(report.rows[1]).toMatchObject({ row: 3, outcome: 'create' });
      const rejected = parseCsv(fs.readFileSync(path.join(out, 'long-row.rejected.csv'), 'utf8'));
      expect(rejected[1][1]).toBe('長'.repeat(1024));
    },
    service: async (api, caseId) => {
      const row = await api.getRow({ caseId, row: 2 });
      expect(row.cells[1]).toBe('長'.repeat(1024));
      expect(row.issues.map((i) => i.code)).toContain('cell.too_large');
    },
  },
  'a 2 MB quoted cell full of commas and newlines': {
    exit: 1, rows: 2, outcomes: { fail: 1, create: 1 }, timeout: 20_000,
    report: (report, out) => {
      expect(report.rows[0].issues.find((i) => i.code === 'cell.too_large')).toMatchObject({ row: 2, column: 'note' });
      expect(report.rows[0].issues.find((i) => i.code === 'cell.too_large')!.message).toContain('This cell holds 1,835,008 characters') // 262,144 × 7: each "" is one quote;
      const rejected = parseCsv(fs.readFileSync(path.join(out, 'big-cell.rejected.csv'), 'utf8'));
      expect(rejected[1][1]).toBe(',\n,\r\n",'.repeat(2 * 1024 * 1024 / 8).slice(0, 1024));
      expect(rejected[1][2]).toBe('Ann');
    },
    service: async (api, caseId) => {
      expect((await api.getRow({ caseId, row: 2 })).cells[1]).toBe(',\n,\r\n",'.repeat(2 * 1024 * 1024 / 8).slice(0, 1024));
      expect((await api.getRow({ caseId, row: 3 })).cells).toEqual([LINE_UID(2), 'short', 'Bo']);
    },
  },
  'a 10,000-column header': {
    exit: 0, rows: 1, outcomes: { create: 1 }, timeout: 20_000,
    report: (report) => {
      expect(report.fileIssues.filter((i) => i.code === 'header.unknown')).toHaveLength(9_999);
    },
    service: async (api, caseId) => {
      const summary = await api.getCase({ caseId });
      expect(summary.columns).toHaveLength(10_000);
      expect((await api.getRow({ caseId, row: 2 })).cells[9_999]).toBe('9998');
    },
  },
  '__proto__, constructor and prototype as headers and values (list, snapshot, field definitions)': {
    // The names are just text: rows match the snapshot's `__proto__` and `prototype` contacts; the
    // last row fails on cl_custom_constructor (a Number field) holding text.
    exit: 1, rows: 4, outcomes: { update: 2, create: 1, fail: 1 }, fileCodes: ['header.unknown', 'custom.archived', 'definitions.invalid', 'snapshot.channel_unknown'],
    report: (report, out) => {
      expect(report.fileIssues.filter((i) => i.code === 'header.unknown').map((i) => i.message.match(/Column "([^"]+)"/)![1])).toEqual([...PROTO_NAMES]);
      const snapshot = parseCsv(fs.readFileSync(path.join(out, 'proto.snapshot.csv'), 'utf8'));
      const header = snapshot[0];
      const byId = new Map(snapshot.slice(1).map((r) => [r[header.indexOf('contact_id')], r]));
      expect(byId.get('__proto__')![header.indexOf('customer_id')]).toBe('__proto__');
      expect(byId.get('__proto__')![header.indexOf('cl_custom___proto__')]).toBe('__proto__');
      expect(byId.get('prototype')![header.indexOf('name')]).toBe('prototype');
    },
    service: async (api, caseId, files) => {
      await waitJob(api, (await api.loadSnapshot({ caseId, path: files.contacts! })).jobId);
      await waitJob(api, (await api.loadDefinitions({ caseId, path: files.fields! })).jobId);
      const summary = await api.getCase({ caseId });
      expect(summary).toMatchObject({ state: 'ready', snapshot: { contacts: 2 }, definitions: { count: 3 } });
      expect(summary.columns.filter((c) => c.status === 'custom').map((c) => c.header)).toEqual(['cl_custom___proto__', 'cl_custom_constructor']);
      const row = await api.getRow({ caseId, row: 2 });
      expect(row).toMatchObject({ outcome: 'update', contactId: '__proto__' });
      expect(row.cells[1]).toBe('__proto__');
      expect(row.contactBefore).toMatchObject({ name: '__proto__', customer_id: '__proto__', cl_custom___proto__: '__proto__' });
      expect(row.changes).toEqual([{ field: 'email', from: '', to: '__proto__@example.com' }, { field: 'cl_custom_constructor', from: '', to: '12' }]);
      const last = await api.getRow({ caseId, row: 5 });
      expect(last.outcome).toBe('fail');
      expect(last.issues.map((i) => i.code)).toEqual(['custom.number.invalid']);
      expect(last.cells[1]).toBe('{"__proto__":{"polluted":1}}');
      await waitJob(api, (await api.runUnify({ caseId })).jobId);
      expect((await api.getUnification({ caseId })).ran).toBe(true);
    },
  },
  '__proto__ in JSON field definitions': {
    exit: 1, rows: 1, fileCodes: ['definitions.invalid'],
    service: async (api, caseId, files) => {
      await waitJob(api, (await api.loadDefinitions({ caseId, path: files.fields! })).jobId);
      expect((await api.getCase({ caseId })).definitions).toMatchObject({ count: 3 });
      const row = await api.getRow({ caseId, row: 2 });
      expect(row.issues.map((i) => i.code)).toEqual([]);
      expect(row.outcome).toBe('create');
    },
  },
  'mixed line endings (CRLF, LF, lone CR)': {
    exit: 0, rows: 4, outcomes: { create: 4 },
    report: (report, out) => {
      expect(report.rows.map((r) => r.row)).toEqual([2, 3, 4, 6]);
      expect(uploadRows(out, 'mixed-eol').slice(1).map((r) => r[5])).toEqual(['a\rb', 'c', 'd\r\ne', 'f']);
    },
  },
  'Windows-1252 smart quotes': {
    exit: 0, rows: 2, outcomes: { create: 2 }, fileCodes: ['file.encoding'],
    report: (report, out) => {
      expect(report.encoding).toBe('Windows-1252 (Western European)');
      const rows = uploadRows(out, 'cp1252').slice(1);
      expect(rows.map((r) => [r[3], r[5]])).toEqual([['\u201cRen\u00e9e\u201d', '\u2018it\u2019s \u2026'], ['Fran\u00e7ois', 'caf\u00e9 \u20ac 5']]);
    },
  },
  'emoji and bidirectional overrides in names': {
    exit: 0, rows: 3, outcomes: { create: 3 },
    report: (_report, out) => {
      // Kept exactly as written: MAAC stores the text; showing the controls visibly is the UI's job.
      const rows = uploadRows(out, 'bidi').slice(1);
      expect(rows.map((r) => r[3])).toEqual(['\u202Eevil\u202C 👨‍👩‍👧‍👦', 'exe.\u202Egpj', '\u202E=HYPERLINK("http://x")']);
    },
  },
  '100,000 identical rows': {
    exit: 0, rows: 100_000, outcomes: { create: 1, unchanged: 99_999 }, timeout: 40_000,
    service: async (api, caseId) => {
      const counts = await api.getCounts({ caseId, filter: {} });
      expect(counts.byOutcome).toEqual({ create: 1, update: 0, unchanged: 99_999, skip: 0, fail: 0 });
      expect(counts.byCode).toEqual([{ code: 'key.duplicate_in_file', severity: 'warning', count: 99_999, fixable: 0 }]);
      const last = await api.queryRows({ caseId, offset: 99_990, limit: 50, filter: {} });
      expect(last.rows.map((r) => r.row).at(-1)).toBe(100_001);
    },
  },
};

/** Cases that take seconds: run in their own test file. */
export const LARGE = new Set(['a single 30 MB line (no newline at all)', 'a 30 MB data line after the header', 'a 2 MB quoted cell full of commas and newlines', 'a 10,000-column header', '100,000 identical rows']);
/** Cases whose files (b) already exports through the CLI: the Api path stops at reading the case back. */
const HEAVY = new Set(['100,000 identical rows', 'a 30 MB data line after the header']);

function expectCleanMessage(text: string): void {
  expect(text).not.toMatch(STACK_FRAME);
  expect(text).not.toMatch(/\b(TypeError|ReferenceError|RangeError|SyntaxError)\b/);
  expect(text).not.toContain('undefined');
}

function extraArgs(files: HostileFiles): string[] {
  return [...(files.contacts ? ['--contacts', files.contacts] : []), ...(files.fields ? ['--fields', files.fields] : [])];
}

/** Declares the suite for these cases (in the calling test file). */
export function describeHostile(cases: readonly HostileCase[]): void {
  let root: string;
  beforeAll(() => {
    root = tempDir('listprep-hostile-');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  afterEach(() => expectNoPollution());

  describe.each(cases)('hostile input: $name', (hostile) => {
    const expected = EXPECTED[hostile.name];
    let dir: string;
    let files: HostileFiles;
    let before: Record<string, ReturnType<typeof fingerprint>>;

    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(root, 'case-'));
      files = hostile.make(dir);
      before = Object.fromEntries(Object.values(files).map((f) => [f, fingerprint(f)]));
    });

    const expectInputsUnchanged = () => {
      for (const [file, print] of Object.entries(before)) expect(fingerprint(file), file).toEqual(print);
    };

    it('has an expectation', () => {
      expect(expected).toBeDefined();
    });

    it('(a) the CLI exits 0, 1 or 2 with a message, never a stack trace', { timeout: expected?.timeout ?? 10_000 }, async () => {
      const { code, stdout, stderr } = await cli('check', files.list, ...extraArgs(files));
      expect(code).toBe(expected.exit);
      expectCleanMessage(stderr);
      if (expected.exit === 2) {
        expect(stderr).toMatch(new RegExp(`^listprep: ${expected.stopCode!.replace('.', '\\.')}: .{30,}\\n$`));
        expect(stdout).toBe('');
      } else {
        expect(stderr).toBe('');
        expect(stdout).toContain(`${expected.rows} rows`);
      }
      expectInputsUnchanged();
      expectNoPollution();
    });

    it('(b) the CLI with --json --out writes valid JSON and complete files, or nothing', { timeout: expected?.timeout ?? 10_000 }, async () => {
      const out = path.join(dir, 'out-cli');
      const { code, stdout, stderr } = await cli('check', files.list, '--json', '--out', out, ...(files.contacts ? ['--unify'] : []), ...extraArgs(files));
      expect(code).toBe(expected.exit);
      expectCleanMessage(stderr);
      if (expected.exit === 2) {
        expect(stdout).toBe('');
        expect(stderr).toContain(`listprep: ${expected.stopCode}: `);
        expect(fs.readdirSync(out)).toEqual([]);
      } else {
        const report = JSON.parse(stdout) as JsonReport;
        expect(report.summary.rows).toBe(expected.rows);
        expect(report.rows).toHaveLength(expected.rows!);
        if (expected.outcomes) expect(report.summary).toMatchObject(expected.outcomes);
        for (const code of expected.fileCodes ?? []) expect(report.fileIssues.map((i) => i.code)).toContain(code);
        const kinds = report.files.map((f) => f.kind).sort();
        expect(kinds).toEqual(files.contacts ? ['conflicts', 'error-report', 'profiles', 'rejected-rows', 'snapshot', 'upload-ready'] : ['error-report', 'rejected-rows', 'upload-ready']);
        for (const file of report.files) expect(fs.statSync(file.path).size).toBeGreaterThan(0);
        expect(report.files.find((f) => f.kind === 'rejected-rows')!.rows).toBe((expected.outcomes?.fail ?? 0) + (expected.outcomes?.skip ?? 0));
        expect(leftovers(out)).toEqual([]);
        expected.report?.(report, out);
      }
      expectInputsUnchanged();
      expectNoPollution();
    });

    it('(c) the Api: the job ends, the case reads back, exports complete', { timeout: (expected?.timeout ?? 10_000) * (HEAVY.has(hostile.name) ? 2 : 1) }, async () => {
      const { api, dataDir } = makeService();
      try {
        if (expected.exit === 2) {
          // A file that cannot be read opens no case (issue #15): the Api says what it is, in plain words.
          const refused = (await api.openFile({ path: files.list }).then(() => undefined, (e: unknown) => e)) as { code: string; message: string } | undefined;
          expect(refused?.code).toBe(API_REFUSAL[hostile.name] ?? expected.stopCode);
          expectCleanMessage(refused?.message ?? '');
          expect(refused!.message.length).toBeGreaterThan(30);
          expect(fs.readdirSync(path.join(dataDir, 'cases'))).toEqual([]);
          return;
        }
        const { caseId, jobId } = await api.openFile({ path: files.list });
        const job = await waitJob(api, jobId, 60_000);
        expect(job.state).toBe('done');
        const summary = await api.getCase({ caseId });
        expectCleanMessage(JSON.stringify(summary.fileIssues.map((i) => i.message)));
        {
          expect(summary.state).toBe('ready');
          expect(summary.rows).toBe(expected.rows);
          expect((await api.queryRows({ caseId, offset: 0, limit: 5, filter: {} })).total).toBe(expected.rows);
          await expected.service?.(api, caseId, files);
          if (!HEAVY.has(hostile.name)) {
            const out = path.join(dir, 'out-api');
            const exported = await waitJob(api, (await api.exportFiles({ caseId, dir: out, conflicts: true, snapshot: true })).jobId, 60_000);
            expect(exported.error).toBeUndefined();
            expect(exported.state).toBe('done');
            const written = (exported.result as { files: { kind: string; path: string }[] }).files;
            for (const file of written) expect(fs.existsSync(file.path)).toBe(true);
            expect(leftovers(out)).toEqual([]);
          }
          expect((await api.getCase({ caseId })).state).toBe('ready');
        }
      } finally {
        api.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
      expectInputsUnchanged();
      expectNoPollution();
    });
  });
}
