/** R-H8: the names people give columns are suggested as renames, and a user's mapping is read before every other header rule. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeHeaders, type ColumnMapping } from '../../core/rules/headers.ts';
import { detectChannel } from '../../core/rules/detect-channel.ts';
import { parseMapping } from '../../core/cli/args.ts';
import type { Channel, KeyName } from '../../core/model.ts';
import { runCli } from '../helpers/cli-run.ts';
import { tempDir } from '../helpers/service.ts';
import { testWorkerScript } from '../helpers/test-worker.ts';

const DEFAULT_KEYS: Record<Channel, KeyName> = { line: 'line_uid', email: 'email', whatsapp: 'phone' };
const analyze = (header: string[], channel: Channel, mapping?: ColumnMapping) => analyzeHeaders(header, { channel, key: DEFAULT_KEYS[channel], mapping });
const renames = (header: string[], channel: Channel) => analyze(header, channel).issues
  .filter((i) => i.code === 'header.alias').map((i) => [i.column, i.fix, i.severity]);

describe('common column names (R-H8)', () => {
  it('suggests the field a Chinese, English, Thai or Japanese name stands for, in the channel at hand', () => {
    expect(renames(['手機', '狀態', '姓名', '生日', '標籤'], 'whatsapp')).toEqual([
      ['手機', 'WhatsApp_mobile', 'error'], ['狀態', 'messaging_status', 'error'], ['姓名', 'display_name', 'warning'], ['生日', 'birthday', 'warning'], ['標籤', 'tag', 'warning'],
    ]);
    expect(renames(['line_uid', '手机号码', '会员编号', '备注', '名字'], 'line')).toEqual([
      ['手机号码', 'phone', 'warning'], ['会员编号', 'customer_id', 'warning'], ['备注', 'note', 'warning'], ['名字', 'name', 'warning'],
    ]);
    expect(renames(['E-mail Address', 'Phone Number', 'Full Name', 'Date of Birth', 'Member ID', 'status'], 'email')).toEqual([
      ['E-mail Address', 'email', 'error'], ['Phone Number', 'mobile', 'warning'], ['Full Name', 'display_name', 'warning'],
      ['Date of Birth', 'birthday', 'warning'], ['Member ID', 'customer_id', 'warning'], ['status', 'messaging_status', 'error'],
    ]);
    expect(renames(['อีเมล', 'เบอร์โทร', 'ชื่อ', 'เพศ', 'สถานะ'], 'email').map((r) => r[1])).toEqual(['email', 'mobile', 'display_name', 'gender', 'messaging_status']);
    expect(renames(['メールアドレス', '電話番号', '氏名', '生年月日'], 'email').map((r) => r[1])).toEqual(['email', 'mobile', 'display_name', 'birthday']);
  });

  it('suggests only fields that are not already a column, nor suggested for an earlier one', () => {
    // WhatsApp_mobile is there: 手機 can only be the other phone field.
    expect(renames(['WhatsApp_mobile', 'messaging_status', '手機'], 'whatsapp')).toEqual([['手機', 'mobile', 'warning']]);
    // Two phone columns in LINE: the first becomes phone, the second gets no suggestion.
    const analysis = analyze(['line_uid', '手機', '電話'], 'line');
    expect(analysis.issues.map((i) => [i.code, i.column])).toEqual([['header.alias', '手機'], ['header.unknown', '電話']]);
  });

  it('detects the channel from common names that stand for one field', () => {
    expect(detectChannel(['電子郵件', '狀態', '姓名'])).toBe('email');
    expect(detectChannel(['line_uid', '手機', '備註'])).toBe('line');
  });
});

describe('a user mapping (R-H8)', () => {
  it('reads mapped columns as their fields, keeps the user\'s names in messages, and leaves ignored columns out silently', () => {
    const analysis = analyze(['手機', '狀態', 'Remarks', 'x'], 'whatsapp', { 手機: 'WhatsApp_mobile', 狀態: 'messaging_status', Remarks: null });
    expect(analysis.columns.map((c) => [c.header, c.status, c.field])).toEqual([
      ['手機', 'field', 'WhatsApp_mobile'], ['狀態', 'field', 'messaging_status'], ['Remarks', 'skipped', undefined], ['x', 'skipped', undefined],
    ]);
    expect(analysis.issues.map((i) => [i.code, i.column])).toEqual([['header.unknown', 'x']]);
    expect(analysis.keyColumnPresent).toBe(true);
  });

  it('goes before the other header rules: a mapping onto a field another column has is a duplicate', () => {
    const analysis = analyze(['email', 'mail', 'messaging_status'], 'email', { mail: 'email' });
    expect(analysis.issues.map((i) => [i.code, i.column, i.params?.positions])).toEqual([['header.duplicate', 'email', '1, 2']]);
  });

  it('--map parses pairs, "-" to leave a column out, and refuses what is not a field', () => {
    expect(parseMapping('手機=phone, 備註=-,a=b=email')).toEqual({ 手機: 'phone', 備註: null, 'a=b': 'email' });
    expect(parseMapping('x=cl_custom_points')).toEqual({ x: 'cl_custom_points' });
    expect((parseMapping('x=telephone') as Error).message).toMatch(/^--map: "telephone" is not a MAAC field; use one of line_uid, phone,/);
    expect((parseMapping('justaname') as Error).message).toBe('--map takes header=field pairs separated by commas (got "justaname").');
  });

  it('checks a list by its mapped columns and writes the template\'s header names', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'zh.csv');
    fs.writeFileSync(file, '手機,狀態,姓名,備註\n0912345678,opted_in,王小明,vip\n');
    const out = path.join(dir, 'out');
    const run = await runCli({}, 'check', file, '--map', '手機=WhatsApp_mobile,狀態=messaging_status,姓名=display_name,備註=-', '--out', out);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('WhatsApp (detected from the headers)');
    expect(fs.readFileSync(path.join(out, 'zh.upload-ready.csv'), 'utf8').split(/\r?\n/).slice(0, 2)).toEqual([
      'WhatsApp_mobile,messaging_status,display_name,gender,customer_id,mobile,email,birthday,tag', '0912345678,opted_in,王小明,,,,,,',
    ]);
    // The same through the validation worker, which reads the file and maps its columns itself.
    const threaded = await runCli({ parallel: { script: testWorkerScript(), minBytes: 0 } },
      'check', file, '--map', '手機=WhatsApp_mobile,狀態=messaging_status,姓名=display_name,備註=-', '--json');
    expect(JSON.parse(threaded.stdout)).toMatchObject({ channel: 'whatsapp', summary: { rows: 1, create: 1 }, fileIssues: [{ code: 'file.channel_detected' }] });
    const twice = await runCli({}, 'check', file, '--map', '手機=WhatsApp_mobile,姓名=WhatsApp_mobile');
    expect([twice.code, twice.stderr]).toEqual([2, 'listprep: args.invalid: --map: "手機" and "姓名" are both mapped to WhatsApp_mobile; a field can be read from one column only.\n']);
    const wrong = await runCli({}, 'check', file, '--map', '電話=phone');
    expect([wrong.code, wrong.stderr]).toEqual([2, 'listprep: args.invalid: --map: the file has no column "電話". Its columns are: 手機, 狀態, 姓名, 備註.\n']);
  });
});
