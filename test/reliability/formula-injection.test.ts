/**
 * Issue #7, nothing runs: cells that a spreadsheet would run as a formula (starting with = + - @,
 * a tab or a CR) are flagged `cell.formula_like`, and the files meant for spreadsheets (error
 * report, conflict list) neutralize them, tested on the written files from the CLI and the Api.
 * Files meant for MAAC or ListPrep (upload-ready, rejected rows, simulated snapshot) keep every
 * value exactly: MAAC must receive what the user wrote (docs/reliability.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeService, tempDir, waitJob } from '../helpers/service.ts';
import { cli, expectNoPollution, fingerprint, parseCsv } from './support.ts';

const UID = (i: number) => `U${String(i).padStart(32, '0')}`;
const HYPERLINK = '=HYPERLINK("http://evil.example","click")';
const DDE = `+cmd|' /C calc'!A0`;
const MINUS = `-2+3+cmd|' /C calc'!A0`;
const AT = `@SUM(1+1)*cmd|' /C calc'!A0`;

const csvCell = (value: string) => (/[",\r\n\t]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const LIST = [
  ['line_uid', 'phone', 'customer_id', 'name', 'email', 'note', 'tags'],
  [UID(1), '0912345678', 'C1', HYPERLINK, 'a@x.co', DDE, 'VIP'],
  [UID(2), '+886912345679', 'C2', MINUS, 'b@x.co', AT, 'new'],
  [UID(3), '', 'C3', '\t=1+1', 'c@x.co', '\r=2+2', 'VIP'],
  [UID(4), '', '-12', '-', 'd@x.co', '+5', '=x'],
].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';

// Two contacts share a phone but carry different customer IDs: a conflict whose cells start with triggers.
const SNAPSHOT = [
  'contact_id,channel,line_uid,phone,customer_id,external_member_id,name,created_at',
  `L1,line,${UID(9)},0955666777,=1+1,+SUM(1),=cmd,2024-01-01 00:00:00`,
  'S1,sms,,0955666777,@evil,,-x,2024-01-02 00:00:00',
].join('\n') + '\n';

/** Formula triggers, except a plain signed number (it cannot run anything). */
const RUNS = (cell: string) => /^[=+\-@\t\r]/.test(cell) && !/^[+-](?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(cell);

function expectNeutralized(file: string): string[][] {
  const rows = parseCsv(fs.readFileSync(file, 'utf8'));
  expect(rows.length).toBeGreaterThan(1);
  for (const row of rows) for (const cell of row) expect(RUNS(cell), `${path.basename(file)}: ${JSON.stringify(cell)}`).toBe(false);
  return rows;
}

let dir: string;
let list: string;
let snapshot: string;
let prints: ReturnType<typeof fingerprint>[];
beforeAll(() => {
  dir = tempDir('listprep-formula-');
  list = path.join(dir, 'formulas.csv');
  snapshot = path.join(dir, 'snapshot.csv');
  fs.writeFileSync(list, LIST);
  fs.writeFileSync(snapshot, SNAPSHOT);
  prints = [fingerprint(list), fingerprint(snapshot)];
});
afterAll(() => {
  expect([fingerprint(list), fingerprint(snapshot)]).toEqual(prints);
  expectNoPollution();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('cell.formula_like (R-V11)', () => {
  it('flags exactly the cells that would run, naming the trigger', async () => {
    const { code, stdout } = await cli('check', list, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { rows: { row: number; issues: { code: string; column?: string; params?: { first: string } }[] }[] };
    const flagged = report.rows.flatMap((r) => r.issues.filter((i) => i.code === 'cell.formula_like').map((i) => [r.row, i.column, i.params?.first]));
    expect(flagged).toEqual([
      [2, 'name', '='], [2, 'note', '+'],
      [3, 'name', '-'], [3, 'note', '@'],
      [4, 'name', 'TAB'], [4, 'note', 'CR'],
      [5, 'tags', '='],
    ]);
  });
});

describe('written files', () => {
  let out: string;
  beforeAll(async () => {
    out = path.join(dir, 'out-cli');
    const { code, stderr } = await cli('check', list, '--contacts', snapshot, '--unify', '--out', out);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('the error report neutralizes values and fixes (a leading apostrophe)', () => {
    const rows = expectNeutralized(path.join(out, 'formulas.errors.csv'));
    const header = rows[0];
    const cell = (row: string, column: string, code: string, name: string) =>
      rows.find((r) => r[0] === row && r[1] === column && r[4] === code)![header.indexOf(name)];
    expect(cell('2', 'name', 'cell.formula_like', 'value')).toBe(`'${HYPERLINK}`);
    expect(cell('2', 'note', 'cell.formula_like', 'value')).toBe(`'${DDE}`);
    expect(cell('3', 'name', 'cell.formula_like', 'value')).toBe(`'${MINUS}`);
    expect(cell('3', 'note', 'cell.formula_like', 'value')).toBe(`'${AT}`);
    expect(cell('4', 'name', 'cell.formula_like', 'value')).toBe(`'\t=1+1`);
    expect(cell('4', 'name', 'cell.whitespace', 'fix')).toBe(`'=1+1`); // accepting the fix would put = first
    expect(cell('4', 'note', 'cell.whitespace', 'fix')).toBe(`'=2+2`);
    expect(cell('5', 'tags', 'cell.formula_like', 'value')).toBe(`'=x`);
  });

  it('the conflict list neutralizes customer IDs and member IDs', () => {
    const rows = expectNeutralized(path.join(out, 'formulas.conflicts.csv'));
    const header = rows[0];
    const column = (name: string) => rows.slice(1).map((r) => r[header.indexOf(name)]).sort();
    expect(column('customer_id')).toEqual([`'=1+1`, `'@evil`]);
    expect(column('external_member_id')).toContain(`'+SUM(1)`);
  });

  it('the upload-ready file keeps values exactly as MAAC must receive them', () => {
    const rows = parseCsv(fs.readFileSync(path.join(out, 'formulas.upload-ready.csv'), 'utf8'));
    const header = rows[0];
    expect(rows.slice(1).map((r) => [r[header.indexOf('name')], r[header.indexOf('note')]])).toEqual([
      [HYPERLINK, DDE], [MINUS, AT], ['\t=1+1', '\r=2+2'], ['-', '+5'],
    ]);
  });

  it('the simulated snapshot keeps the values too (it is ListPrep\'s and MAAC\'s input, not a report)', () => {
    const rows = parseCsv(fs.readFileSync(path.join(out, 'formulas.snapshot.csv'), 'utf8'));
    const header = rows[0];
    expect(rows.find((r) => r[0] === 'L1')![header.indexOf('customer_id')]).toBe('=1+1');
  });
});

describe('the same through the Api export', () => {
  it('errors and conflicts neutralized, upload-ready as written', async () => {
    const { api, dataDir } = makeService();
    try {
      const { caseId, jobId } = await api.openFile({ path: list });
      await waitJob(api, jobId);
      await waitJob(api, (await api.loadSnapshot({ caseId, path: snapshot })).jobId);
      const out = path.join(dir, 'out-api');
      const job = await waitJob(api, (await api.exportFiles({ caseId, dir: out, conflicts: true })).jobId);
      expect(job.state).toBe('done');
      expectNeutralized(path.join(out, 'formulas.errors.csv'));
      const conflicts = expectNeutralized(path.join(out, 'formulas.conflicts.csv'));
      expect(conflicts.slice(1).map((r) => r[4]).sort()).toEqual([`'=1+1`, `'@evil`]);
      const upload = parseCsv(fs.readFileSync(path.join(out, 'formulas.upload-ready.csv'), 'utf8'));
      expect(upload[1][3]).toBe(HYPERLINK);
      // The row grid shows the raw value (the UI escapes it; see test/renderer).
      expect((await api.getRow({ caseId, row: 2 })).cells[3]).toBe(HYPERLINK);
    } finally {
      api.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
