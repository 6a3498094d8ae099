/**
 * Every issue code of the registry is produced by the real pipeline (reader → headers → rows →
 * simulation → unification) for a concrete file, with its severity from RULES.md, and is absent
 * where it must be. The last test proves the table covers the whole registry.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runCheck, type CheckRequest } from '../../core/check/run-check.ts';
import { ALL_CODES, CODES } from '../../core/rules/codes.ts';
import type { Contact, Issue } from '../../core/model.ts';
import { parseSnapshot, parseFieldDefinitions } from '../../core/snapshot/index.ts';
import { unify, DEFAULT_UNIFY_KEYS } from '../../core/unify/index.ts';
import { tempDir } from '../helpers/service.ts';
import { workbookBuffer } from '../csv/workbooks.ts';

interface Expectation {
  code: string;
  row?: number;
  column?: string;
  fix?: string;
  severity?: Issue['severity'];
}

interface Scenario {
  name: string;
  content: string | Buffer;
  options?: Omit<CheckRequest, 'path'>;
  expect: Expectation[];
  absent?: string[];
}

const dir = tempDir();
let counter = 0;

async function check(content: string | Buffer, options: Omit<CheckRequest, 'path'> = {}) {
  const file = path.join(dir, `case-${counter++}.csv`);
  fs.writeFileSync(file, content);
  const rowIssues: Issue[] = [];
  const outcomes = new Map<number, string>();
  const result = await runCheck({ path: file, today: '2026-11-28', importedAt: '2026-11-28 12:00:00', ...options }, {
    onRow: (checked, r) => {
      rowIssues.push(...checked.issues, ...r.issues);
      outcomes.set(checked.row, r.outcome);
    },
  });
  const issues = result.ok ? [...result.end.fileIssues, ...rowIssues] : [result.issue];
  return { issues, outcomes, result };
}

const snapshot = (csv: string): Contact[] => {
  const [header, ...lines] = csv.trim().split('\n').map((l) => l.split(','));
  return parseSnapshot(header, lines.map((cells, i) => ({ row: i + 2, cells })), { region: 'TW' }).contacts;
};

const WA = 'WhatsApp_mobile,messaging_status,display_name,gender,customer_id,mobile,email,birthday,tag';
const EDM = 'email,messaging_status,display_name,gender,customer_id,mobile,birthday,tag,consent_source,consent_at';
const LINE = 'line_uid,phone,customer_id,name,email,note,tags,fb_id,ig_id';

const twoSheets = await workbookBuffer([
  { name: 'March', rows: [['phone', 'name'], ['0912345678', 'Mei']] },
  { name: 'April', rows: [['phone', 'name'], ['0922333444', 'Wei']] },
]);

const scenarios: Scenario[] = [
  {
    name: 'a workbook with two sheets of rows (R-F7)',
    content: twoSheets,
    options: { channel: 'line', key: 'phone' },
    expect: [{ code: 'file.sheet_chosen', severity: 'info' }],
    absent: ['file.encoding', 'file.delimiter'],
  },
  {
    name: 'a workbook without the sheet asked for (R-F7)',
    content: twoSheets,
    options: { sheet: 'May' },
    expect: [{ code: 'file.sheet_missing', severity: 'error' }],
  },
  {
    name: 'a Big5 file with semicolons',
    content: iconv.encode('email;messaging_status;display_name\nmei@example.com;subscribed;陳美玲\n', 'big5'),
    expect: [{ code: 'file.encoding', severity: 'warning' }, { code: 'file.delimiter', severity: 'warning' }],
  },
  {
    name: "Excel's sep= hint line",
    content: 'sep=;\nemail;messaging_status\nmei@example.com;subscribed\n',
    options: { channel: 'email' },
    expect: [{ code: 'file.sep_line', severity: 'warning' }, { code: 'file.delimiter', severity: 'warning' }],
    absent: ['header.unknown', 'header.missing_required'],
  },
  {
    name: 'a UTF-8 file with one cell pasted in Windows-1252',
    content: Buffer.concat([Buffer.from(`${EDM}\nmei@example.com,subscribed,陳美玲,female,,,,,,\nrene@example.com,subscribed,Ren`), Buffer.from([0xe9]), Buffer.from('e,,,,,,,\n')]),
    expect: [{ code: 'cell.encoding', row: 3, column: 'display_name', fix: 'Renée', severity: 'error' }],
    absent: ['file.encoding'],
  },
  {
    name: 'a cell longer than any contact field (bounded memory)',
    content: `${EDM}\nmei@example.com,subscribed,${'x'.repeat(1_048_577)},,,,,,,\n`,
    expect: [{ code: 'cell.too_large', row: 2, column: 'display_name', severity: 'error' }],
  },
  { name: 'an empty file', content: '', expect: [{ code: 'file.empty', severity: 'error' }] },
  { name: 'a header with no rows', content: `${WA}\n`, expect: [{ code: 'file.empty' }] },
  { name: 'a header wider than any spreadsheet', content: `${WA},${'x,'.repeat(20_000)}\n0912345678,opted_in\n`, expect: [{ code: 'file.too_wide', severity: 'error' }], absent: ['file.empty'] },
  { name: 'binary bytes', content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0x14, 0, 0x06, 0, 0, 0, 0x21, 0]), expect: [{ code: 'file.binary', severity: 'error' }] },
  {
    name: 'ragged rows and an unterminated quote',
    content: `${WA}\n0912345678,opted_in,Amy,female,C1,,,,\n0912345679,opted_in\n"0912345670,opted_in,Bob,male,C2,,,,\n`,
    expect: [{ code: 'row.ragged', row: 3, severity: 'error' }, { code: 'file.unterminated_quote', row: 4, severity: 'error' }],
  },
  {
    name: 'channel detection and header problems',
    content: `messaging_status,WhatsApp mobile,display_name,display_name,created_at,external_member_id,cl_custom_points\nopted_in,0912345678,Amy,Amy,2024-01-01,x,5\n`,
    expect: [
      { code: 'file.channel_detected', severity: 'info' },
      { code: 'header.alias', column: 'WhatsApp mobile', fix: 'WhatsApp_mobile', severity: 'error' },
      { code: 'header.duplicate', column: 'display_name', severity: 'error' },
      { code: 'header.unknown', column: 'created_at', severity: 'warning' },
      { code: 'header.not_importable', column: 'external_member_id', severity: 'warning' },
      { code: 'custom.undefined', column: 'cl_custom_points', severity: 'info' },
      { code: 'key.column_missing', severity: 'error' },
      { code: 'key.column_missing', row: 2, severity: 'error' },
    ],
    absent: ['header.missing_required'],
  },
  {
    name: 'an EDM list without its status column',
    content: 'email,display_name\namy@example.com,Amy\n',
    options: { channel: 'email' },
    expect: [{ code: 'header.missing_required', severity: 'error' }, { code: 'required.missing', row: 2, severity: 'error' }],
  },
  {
    name: 'WhatsApp_mobile not first, custom fields against definitions',
    content: `messaging_status,WhatsApp_mobile,cl_custom_tier,cl_custom_old,cl_custom_points,cl_custom_last,cl_custom_seen,cl_custom_note\nopted_in,0912345678,x,y,1.2.3,2024-13-01,yesterday,${'長'.repeat(256)}\n`,
    options: {
      channel: 'whatsapp',
      definitions: parseFieldDefinitions(['key', 'type', 'status'], [
        ['points', 'number', 'active'], ['last', 'date', 'active'], ['seen', 'datetime', 'active'], ['note', 'text', 'active'], ['old', 'text', 'archived'],
      ].map((cells, i) => ({ row: i + 2, cells }))).definitions,
    },
    expect: [
      { code: 'header.order', severity: 'warning' },
      { code: 'custom.unknown', column: 'cl_custom_tier', severity: 'warning' },
      { code: 'custom.archived', column: 'cl_custom_old', severity: 'warning' },
      { code: 'custom.number.invalid', row: 2, severity: 'error' },
      { code: 'custom.date.invalid', row: 2, severity: 'error' },
      { code: 'custom.datetime.invalid', row: 2, severity: 'error' },
      { code: 'custom.text.too_long', row: 2, severity: 'error' },
    ],
  },
  {
    name: 'a WhatsApp list after a spreadsheet',
    content: `${WA}\n 0912345678 ,opted_in,Amy,F,C1,933111222,,78/05/20,"a,a"\n8.86933E+11,Opted In,Bob,male,,,,2099-01-01,"新客，VIP"\n+85261234567,opted_in,Chan,male,,,,1890-01-01,${'x'.repeat(51)}\n0223456789,opted_in,=HYPERLINK("x"),male,,,,,\n12,opted_in,null,male,,,,,\n0912345679,,Eve,female,,,,,\n`,
    options: { channel: 'whatsapp' },
    expect: [
      { code: 'cell.whitespace', row: 2, fix: '0912345678', severity: 'info' },
      { code: 'gender.invalid', row: 2, fix: 'female', severity: 'error' },
      { code: 'phone.leading_zero_lost', row: 2, fix: '+886933111222', severity: 'error' },
      { code: 'date.invalid', row: 2, fix: '1989-05-20', severity: 'error' },
      { code: 'tag.duplicate', row: 2, severity: 'info' },
      { code: 'phone.scientific', row: 3, severity: 'error' },
      { code: 'status.invalid', row: 3, fix: 'opted_in', severity: 'error' },
      { code: 'date.implausible', row: 3, severity: 'warning' },
      { code: 'tag.separator', row: 3, fix: '新客,VIP', severity: 'warning' },
      { code: 'phone.other_region', row: 4, severity: 'error' },
      { code: 'tag.too_long', row: 4, severity: 'error' },
      { code: 'phone.not_mobile', row: 5, severity: 'warning' },
      { code: 'cell.formula_like', row: 5, severity: 'warning' },
      { code: 'phone.invalid', row: 6, severity: 'error' },
      { code: 'cell.null_literal', row: 6, severity: 'warning' },
      { code: 'status.missing', row: 7, severity: 'error' },
    ],
    absent: ['phone.format', 'email.invalid'],
  },
  {
    name: 'an EDM list',
    content: `${EDM}\nmeiling.chen@gmial.com,subscribed,陳美玲,female,M-1,0933 111 222,1988-07-09,,Footer,2025-03-01 10:00\nZhiMing.Lin@Example.COM,subscribed,${'名'.repeat(256)},male,,,,,,\nyating@example,unsubscribed,,,,,,,,\nold@example.com,,,,,,,,,\n`,
    options: { timeZone: 'Asia/Taipei' },
    expect: [
      { code: 'email.domain_typo', row: 2, fix: 'meiling.chen@gmail.com', severity: 'warning' },
      { code: 'phone.format', row: 2, fix: '+886933111222', severity: 'info' },
      { code: 'datetime.invalid', row: 2, severity: 'error' },
      { code: 'email.case', row: 3, fix: 'zhiming.lin@example.com', severity: 'info' },
      { code: 'text.too_long', row: 3, severity: 'error' },
      { code: 'email.invalid', row: 4, severity: 'error' },
      { code: 'required.missing', row: 5, severity: 'error' },
      { code: 'email.offline_check', severity: 'info' },
      { code: 'risk.edm_list', severity: 'warning' },
    ],
  },
  {
    name: 'a date-time read in the file\'s time zone',
    content: `${EDM}\nmei@example.com,subscribed,,,,,,,,2025-03-01 10:00:00\n`,
    options: { timeZone: 'Asia/Taipei' },
    expect: [{ code: 'datetime.timezone', row: 2, fix: '2025-03-01 02:00:00', severity: 'info' }],
  },
  {
    name: 'a LINE list',
    content: `${LINE}\nU123,,,Amy,,${'n'.repeat(301)},,,\n,0912345678,,Bob,,,,,\n`,
    options: { key: 'phone' },
    expect: [{ code: 'line_uid.invalid', row: 2, severity: 'error' }, { code: 'text.long', row: 2, severity: 'warning' }, { code: 'key.missing', row: 2, severity: 'error' }],
  },
  {
    name: 'replaying against existing contacts',
    content: `${WA}\n0955666777,opted_in,張雅婷,female,M-0003,,,,\n0912000111,opted_in,A,female,,,,,\n0912000111,opted_in,B,female,,,,,\n0922000333,opted_in,Zed,,,,,,\n0922000444,not_subscribed,Yu,,,,,,\n`,
    options: {
      channel: 'whatsapp',
      snapshot: snapshot(`contact_id,channel,WhatsApp_mobile,customer_id,display_name,messaging_status,created_at\nW1,whatsapp,+886955666777,M-0003,張雅婷,opted_out,2024-06-01 09:00:00\nW7,whatsapp,0922000333,,Zed,opted_in,2023-01-01 09:00:00\nW8,whatsapp,0922000333,,Zed,opted_in,2024-01-01 09:00:00`),
    },
    expect: [
      { code: 'update.wa_reoptin', row: 2, severity: 'warning' },
      { code: 'key.duplicate_in_file', row: 4, severity: 'warning' },
      { code: 'match.multiple', row: 5, severity: 'warning' },
      { code: 'risk.wa_not_opted_in', severity: 'warning' },
    ],
  },
  {
    name: 'EDM statuses that cannot go back, primary keys, a customer_id key',
    content: `${EDM}\nmeiling.chen@gmail.com,subscribed,陳美玲,,M-0001,,,,,\nnobody@example.com,subscribed,,,M-9999,,,,,\n`,
    options: {
      key: 'customer_id',
      snapshot: snapshot(`contact_id,channel,email,customer_id,messaging_status,created_at\nE1,email,meiling.old@gmail.com,M-0001,unsubscribed,2024-02-01 09:00:00`),
    },
    expect: [
      { code: 'update.status_irreversible', row: 2, severity: 'warning' },
      { code: 'update.primary_key_ignored', row: 2, severity: 'info' },
      { code: 'match.not_found', row: 3, severity: 'error' },
    ],
  },
];

describe('every code, produced by the pipeline', () => {
  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const { issues } = await check(scenario.content, scenario.options);
      for (const want of scenario.expect) {
        const found = issues.filter((i) => i.code === want.code
          && (want.row === undefined || i.row === want.row)
          && (want.column === undefined || i.column === want.column)
          && (want.fix === undefined || i.fix === want.fix));
        expect(found, `${want.code}${want.row ? ` on row ${want.row}` : ''} in ${JSON.stringify(issues.map((i) => [i.row, i.code, i.fix]))}`).not.toHaveLength(0);
        expect(found[0].severity).toBe(want.severity ?? found[0].severity);
        expect(found[0].message.length).toBeGreaterThan(20);
        if (want.row !== undefined) expect(found[0].message).toMatch(new RegExp(`^Row ${want.row}`));
      }
      for (const code of scenario.absent ?? []) expect(issues.map((i) => i.code)).not.toContain(code);
    });
  }

  it('the outcomes of the WhatsApp sample follow R-U1 / R-W1', async () => {
    const { outcomes } = await check(fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/whatsapp-from-excel.csv')));
    expect([...outcomes]).toEqual([[2, 'fail'], [3, 'fail'], [4, 'skip'], [5, 'fail'], [6, 'fail'], [7, 'create']]);
  });

  it('identity.conflict comes from unification, snapshot codes from the snapshot reader', () => {
    const contacts = snapshot(`contact_id,channel,phone,customer_id,created_at\nA,sms,0912345678,C-1,2024-01-01 00:00:00\nB,sms,0912345678,C-2,2024-01-02 00:00:00\nB,line,,,\n`);
    const parsed = parseSnapshot(['contact_id', 'name'], [{ row: 2, cells: ['X', 'nobody'] }], { region: 'TW' });
    expect(parsed.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['snapshot.created_at_missing', 'snapshot.channel_unknown']));
    const dup = parseSnapshot(['contact_id', 'channel', 'phone', 'created_at'], [{ row: 2, cells: ['A', 'sms', '0912345678', ''] }, { row: 3, cells: ['A', 'sms', '0912345679', ''] }], { region: 'TW' });
    expect(dup.issues.map((i) => i.code)).toContain('snapshot.id_duplicate');
    const defs = parseFieldDefinitions(['key', 'type', 'status'], [{ row: 2, cells: ['x', 'colour', 'active'] }]);
    expect(defs.issues.map((i) => [i.code, i.severity])).toEqual([['definitions.invalid', 'error']]);
    const result = unify(contacts.slice(0, 2), { keys: DEFAULT_UNIFY_KEYS, region: 'TW' });
    expect(result.issues.map((i) => i.code)).toEqual(['identity.conflict', 'identity.conflict']);
    expect(CODES['identity.conflict'].severity).toBe('warning');
  });

  it('the table above covers every code of the registry', () => {
    const covered = new Set(scenarios.flatMap((s) => s.expect.map((e) => e.code)));
    for (const code of ['identity.conflict', 'snapshot.created_at_missing', 'snapshot.channel_unknown', 'snapshot.id_duplicate', 'definitions.invalid']) covered.add(code);
    // Reading failures that need a missing or unreadable path are covered in test/cli.
    for (const code of ['file.not_found', 'file.unreadable']) covered.add(code);
    // An output over an input (R-F4) is refused before any check runs: covered in test/cli and test/api.
    covered.add('output.is_input');
    expect(ALL_CODES.filter((c) => !covered.has(c))).toEqual([]);
  });
});
