/**
 * The help article's FAQ, each question answered by ListPrep's output for a concrete file
 * (issue #3's definition of done). Every test runs the real CLI in process with --json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../core/cli/main.ts';
import { fixture, tempDir } from './helpers/service.ts';

interface Report {
  summary: Record<string, number>;
  fileIssues: { code: string; column?: string; message: string }[];
  rows: { row: number; outcome: string; contactId?: string; issues: { code: string; column?: string; message: string; value?: string }[]; changes: { field: string; from: string; to: string }[] }[];
  unification?: { profiles: number; conflicts: { customerIds: string[]; unifiedContactIds: string[]; linkedBy: string[] }[] };
}

const dir = tempDir();
let n = 0;
function file(content: string): string {
  const target = path.join(dir, `faq-${n++}.csv`);
  fs.writeFileSync(target, content);
  return target;
}

async function check(...argv: string[]): Promise<Report> {
  let stdout = '';
  const out = new Writable({ write(chunk, _e, done) { stdout += String(chunk); done(); } });
  const err = new Writable({ write(_c, _e, done) { done(); } });
  await main(['check', ...argv, '--json'], { stdout: out as unknown as NodeJS.WriteStream, stderr: err as unknown as NodeJS.WriteStream });
  return JSON.parse(stdout) as Report;
}

const codes = (report: Report, row: number) => report.rows.find((r) => r.row === row)!.issues.map((i) => i.code);

describe('FAQ', () => {
  it('Q: If the imported phone has multiple duplicates in the system, which one gets updated?', async () => {
    const snapshot = file('contact_id,channel,WhatsApp_mobile,display_name,messaging_status,created_at\nOLD,whatsapp,+886912345678,Old,opted_in,2023-01-01 09:00:00\nNEW,whatsapp,0912345678,New,opted_in,2025-01-01 09:00:00\n');
    const list = file('WhatsApp_mobile,messaging_status,display_name\n0912345678,opted_in,Amy\n');
    const report = await check(list, '--contacts', snapshot);
    expect(report.rows[0]).toMatchObject({ outcome: 'update', contactId: 'NEW' });
    const multiple = report.rows[0].issues.find((i) => i.code === 'match.multiple')!;
    expect(multiple.message).toContain('most recently created one (NEW)');
    expect(multiple.message).toContain('OLD');
  });

  it('Q: Why didn\'t some fields update successfully?', async () => {
    const snapshot = fixture('contacts-snapshot.csv');
    // A blank cell, a header MAAC does not know, a channel primary key, and a customer_id with no match.
    const list = file('customer_id,line_uid,name,Nickname,note\nM-0001,U0000000000000000000000000000000f,,Mei,hello\nM-0404,,Nobody,,\n');
    const report = await check(list, '--channel', 'line', '--key', 'customer_id', '--contacts', snapshot);
    const row2 = report.rows.find((r) => r.row === 2)!;
    expect(row2).toMatchObject({ outcome: 'update', contactId: 'L1' });
    expect(row2.changes).toEqual([{ field: 'note', from: '', to: 'hello' }]); // blank name kept "美玲"
    expect(row2.issues.find((i) => i.code === 'update.primary_key_ignored')?.message).toContain('U7c9e1a2b3c4d5e6f708192a3b4c5d6e7');
    expect(report.fileIssues.find((i) => i.code === 'header.unknown')?.column).toBe('Nickname');
    expect(report.rows.find((r) => r.row === 3)).toMatchObject({ outcome: 'skip' });
    expect(codes(report, 3)).toContain('match.not_found');
  });

  it('Q: When importing tags, are existing tags overwritten?', async () => {
    const list = file('line_uid,tags\nU7c9e1a2b3c4d5e6f708192a3b4c5d6e7,"VIP,會員"\n');
    const report = await check(list, '--contacts', fixture('contacts-snapshot.csv'));
    expect(report.rows[0].changes).toEqual([{ field: 'tags', from: '會員', to: '會員,VIP' }]);
  });

  it('Q: Can I add and update contacts at the same time when importing data?', async () => {
    const list = file('email,messaging_status\nmeiling.chen@gmail.com,unsubscribed\nnew.person@example.com,subscribed\n');
    const report = await check(list, '--contacts', fixture('contacts-snapshot.csv'));
    expect(report.rows.map((r) => r.outcome)).toEqual(['unchanged', 'create']);
  });

  it('Q: Why were contacts merged after import?', async () => {
    const list = file('email,messaging_status,mobile,customer_id\nnew.person@example.com,subscribed,0933111222,M-0001\n');
    const report = await check(list, '--contacts', fixture('contacts-snapshot.csv'), '--unify');
    // The new EDM contact shares the phone 0933111222 with L1 (LINE) and E1 (EDM): one profile.
    expect(report.unification?.conflicts).toEqual([]);
    expect(report.unification?.profiles).toBe(3); // {L1, E1, new-2}, {W1}, {S1}
  });

  it('Q: Why weren\'t some contacts merged automatically, and an "identity conflict" appeared?', async () => {
    const list = file('WhatsApp_mobile,messaging_status,customer_id\n0955666778,opted_in,M-0004\n');
    const report = await check(list, '--contacts', fixture('contacts-snapshot.csv'), '--unify');
    expect(report.unification?.conflicts).toEqual([{ customerIds: ['M-0004', 'M-0009'], unifiedContactIds: expect.any(Array), linkedBy: ['phone=+886955666778'] }]);
    expect(report.unification!.conflicts[0].unifiedContactIds).toHaveLength(2);
  });

  it('Q: Why were some rows skipped during a WhatsApp import?', async () => {
    const report = await check(fixture('whatsapp-from-excel.csv'));
    const row4 = report.rows.find((r) => r.row === 4)!;
    expect(row4.outcome).toBe('skip');
    expect(row4.issues.find((i) => i.code === 'status.missing')?.message).toContain('MAAC skips this whole row');
  });

  it('Q: Why did an unsubscribed email not become subscribed?', async () => {
    const list = file('email,messaging_status,display_name\nmeiling.chen@gmail.com,subscribed,Mei-Ling Chen\n');
    const report = await check(list, '--contacts', fixture('contacts-snapshot.csv'));
    expect(report.rows[0]).toMatchObject({ outcome: 'update', contactId: 'E1' });
    expect(report.rows[0].changes).toEqual([{ field: 'display_name', from: '陳美玲', to: 'Mei-Ling Chen' }]);
    expect(report.rows[0].issues.find((i) => i.code === 'update.status_irreversible')?.message).toContain('cannot set it back to subscribed');
  });

  it('Q: When importing custom fields, the system says the field cannot be found: what should I do?', async () => {
    const list = file('WhatsApp_mobile,messaging_status,cl_custom_member_tier,cl_custom_old_segment,cl_custom_tier\n0912345678,opted_in,gold,x,y\n');
    const report = await check(list, '--fields', fixture('custom-fields.csv'));
    const unknown = report.fileIssues.find((i) => i.code === 'custom.unknown')!;
    expect(unknown.column).toBe('cl_custom_tier');
    expect(unknown.message).toContain('cannot be found');
    expect(report.fileIssues.find((i) => i.code === 'custom.archived')?.column).toBe('cl_custom_old_segment');
    expect(report.fileIssues.map((i) => i.code)).not.toContain('custom.undefined');
  });

  it('Q: What format requirements do imported custom field values have?', async () => {
    const list = file('WhatsApp_mobile,messaging_status,cl_custom_points,cl_custom_last_purchase,cl_custom_last_login\n0912345678,opted_in,"1,200",2025/3/1,2025-03-01 10:00\n');
    const report = await check(list, '--fields', fixture('custom-fields.csv'));
    expect(codes(report, 2)).toEqual(expect.arrayContaining(['custom.number.invalid', 'custom.date.invalid', 'custom.datetime.invalid']));
  });
});
