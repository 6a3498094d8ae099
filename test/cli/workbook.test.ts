/** R-F7 through the command: a workbook checked end to end, its sheet named, outputs still CSV. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/service.ts';
import { runCli } from '../helpers/cli-run.ts';
import { parseCliArgs, USAGE } from '../../core/cli/args.ts';
import { workbookBuffer } from '../csv/workbooks.ts';
import { testWorkerScript } from '../helpers/test-worker.ts';

const helperThreads = { parallel: { script: testWorkerScript(), minBytes: 0 } };
const dir = tempDir();
const book = path.join(dir, 'contacts.xlsx');
fs.writeFileSync(book, await workbookBuffer([
  { name: 'Notes' },
  {
    name: 'March',
    rows: [
      ['WhatsApp_mobile', 'messaging_status', 'display_name', 'birthday'],
      [886912345678, 'opted_in', 'Mei', new Date(Date.UTC(1988, 6, 9))],
      [912345679, 'opted_in', 'Wei'],
    ],
    formats: { D2: 'yyyy/m/d' },
  },
  { name: 'April', rows: [['WhatsApp_mobile', 'messaging_status', 'display_name'], ['+886922333444', 'opted_in', 'Lin']] },
]));

interface Report {
  sheet?: string;
  encoding: string;
  fileIssues: { code: string; severity: string }[];
  rows: { row: number; outcome: string; issues: { code: string; column?: string; value?: string; fix?: string }[] }[];
}

describe('listprep check on a workbook', () => {
  it('reads the first sheet with rows, keeps the exact digits and writes CSV with the template header', async () => {
    const out = tempDir();
    const { code, stdout, stderr } = await runCli({}, 'check', book, '--out', out, '--fix', 'all');
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout.split('\n').slice(0, 2)).toEqual([
      `File: ${book} · sheet "March"`,
      '  Excel workbook (.xlsx) · 2 rows · WhatsApp (detected from the headers) · key phone · region TW',
    ]);
    expect(stdout).toContain('info    file.sheet_chosen: The workbook has more than one sheet with data. ListPrep read "March"; the others are "April".');
    const upload = fs.readFileSync(path.join(out, 'contacts.upload-ready.csv'), 'utf8').split('\r\n');
    expect(upload.slice(0, 3)).toEqual([
      'WhatsApp_mobile,messaging_status,display_name,gender,customer_id,mobile,email,birthday,tag',
      '+886912345678,opted_in,Mei,,,,,1988-07-09,',
      '+886912345679,opted_in,Wei,,,,,,',
    ]);
  });

  it('reports the stored digits: a whole 12-digit phone is a format issue, a lost zero is phone.leading_zero_lost', async () => {
    const { stdout } = await runCli({}, 'check', book, '--json');
    const report = JSON.parse(stdout) as Report;
    expect([report.sheet, report.encoding]).toEqual(['March', 'Excel workbook (.xlsx)']);
    expect(report.fileIssues.map((i) => [i.code, i.severity])).toEqual([['file.sheet_chosen', 'info'], ['file.channel_detected', 'info']]);
    const phoneIssues = report.rows.map((r) => [r.row, r.issues.filter((i) => i.column === 'WhatsApp_mobile').map((i) => [i.code, i.value, i.fix])]);
    expect(phoneIssues).toEqual([
      [2, [['phone.format', '886912345678', '+886912345678']]],
      [3, [['phone.leading_zero_lost', '912345679', '+886912345679']]],
    ]);
    expect(report.rows.flatMap((r) => r.issues.map((i) => i.code))).not.toContain('phone.scientific');
  });

  it('reads the sheet named by --sheet, and refuses one that does not exist in one line', async () => {
    const { code, stdout } = await runCli({}, 'check', book, '--sheet', 'April', '--json');
    const report = JSON.parse(stdout) as Report;
    expect([code, report.sheet, report.fileIssues.map((i) => i.code), report.rows.map((r) => [r.row, r.outcome])]).toEqual([0, 'April', ['file.channel_detected'], [[2, 'create']]]);
    // With a validation worker offered, a workbook is still read once, on this thread: the same report.
    expect((await runCli(helperThreads, 'check', book, '--sheet', 'April', '--json')).stdout).toBe(stdout);

    const missing = await runCli({}, 'check', book, '--sheet', 'May');
    expect([missing.code, missing.stdout]).toEqual([2, '']);
    expect(missing.stderr).toBe('listprep: file.sheet_missing: The workbook has no sheet named "May". Its sheets are "Notes", "March", "April". Choose one of these names (--sheet NAME in the command line).\n');
  });

  it('refuses --sheet on a CSV, in one line', async () => {
    const csv = path.join(dir, 'plain.csv');
    fs.writeFileSync(csv, 'WhatsApp_mobile,messaging_status\n+886912345678,opted_in\n');
    const { code, stderr } = await runCli({}, 'check', csv, '--sheet', 'March');
    expect([code, stderr]).toEqual([2, `listprep: args.invalid: --sheet: "${csv}" is a text file, not an Excel workbook, so it has no sheets. Leave out --sheet.\n`]);
  });

  it('documents --sheet and refuses an empty name', () => {
    expect(USAGE).toContain('--sheet NAME');
    expect(parseCliArgs(['check', 'a.xlsx', '--sheet', ' '])).toEqual({ kind: 'error', message: '--sheet needs the name of a sheet (e.g. --sheet "Contacts").' });
  });

  it('refuses an .xls in one line saying how to save it', async () => {
    const xls = path.join(dir, 'old.xls');
    fs.writeFileSync(xls, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]));
    const { code, stderr } = await runCli({}, 'check', xls);
    expect(code).toBe(2);
    expect(stderr).toBe(`listprep: file.unreadable: "${xls}" is an Excel 97–2003 workbook (.xls), which ListPrep does not read. Open it in your spreadsheet and choose "Save as" → "Excel Workbook (.xlsx)" or "CSV UTF-8 (comma delimited)", then open that file.\n`);
  });
});
