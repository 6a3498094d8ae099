/** R-H8 in a case: the column mapping is part of the case, read by every check, fix and export. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeService, tempDir, waitJob, fixed } from '../helpers/service.ts';
import { type Service } from '../../core/api/service.ts';
import { testWorkerSettings } from '../helpers/test-worker.ts';

let api: Service | undefined;
afterEach(() => {
  api?.close();
  api = undefined;
});

describe('a column mapping in a case (R-H8)', () => {
  it('is kept with the case, drives re-checks, fixes and the upload-ready file, and can be cleared', async () => {
    const { api: service } = makeService({ worker: testWorkerSettings() });
    api = service;
    const dir = tempDir();
    const file = path.join(dir, 'members.csv');
    fs.writeFileSync(file, '手機,狀態,姓名,內部代碼\n0912345678,opted_in,王小明,x1\n912345679,opted_in,李娜,x2\n');
    const { caseId, jobId } = await service.openFile({ path: file, channel: 'whatsapp' });
    await waitJob(service, jobId);
    expect((await service.getCounts({ caseId, filter: {} })).byOutcome.skip).toBe(2);

    const mapping = { 手機: 'WhatsApp_mobile', 狀態: 'messaging_status', 姓名: 'display_name', 內部代碼: null };
    await waitJob(service, (await service.setOptions({ caseId, mapping })).jobId);
    const summary = await service.getCase({ caseId });
    expect(summary.mapping).toEqual(mapping);
    expect(summary.columns.map((c) => [c.header, c.status, c.field])).toEqual([
      ['手機', 'field', 'WhatsApp_mobile'], ['狀態', 'field', 'messaging_status'], ['姓名', 'field', 'display_name'], ['內部代碼', 'skipped', undefined],
    ]);
    expect(summary.fileIssues.map((i) => i.code)).not.toContain('header.unknown');
    const row3 = await service.getRow({ caseId, row: 3 });
    expect(row3.issues.map((i) => [i.code, i.column])).toEqual([['phone.leading_zero_lost', '手機']]);

    await fixed(service, service.applyFix({ caseId, fix: { kind: 'code', code: 'phone.leading_zero_lost' } }));
    expect((await service.getRow({ caseId, row: 3 })).outcome).toBe('create');

    const out = path.join(dir, 'out');
    const exported = await waitJob(service, (await service.exportFiles({ caseId, dir: out, uploadReady: true, errorReport: false, rejectedRows: false })).jobId);
    expect(exported.state).toBe('done');
    const upload = fs.readdirSync(out).find((n) => n.includes('upload-ready'))!;
    expect(fs.readFileSync(path.join(out, upload), 'utf8').split(/\r?\n/).slice(0, 3)).toEqual([
      'WhatsApp_mobile,messaging_status,display_name,gender,customer_id,mobile,email,birthday,tag',
      '0912345678,opted_in,王小明,,,,,,',
      '+886912345679,opted_in,李娜,,,,,,',
    ]);

    // A mapping that cannot be used is refused in words, and the case keeps its mapping.
    await expect(service.setOptions({ caseId, mapping: { 手機: 'WhatsApp_mobile', 姓名: 'WhatsApp_mobile' } })).rejects.toMatchObject({
      code: 'input.invalid', message: 'This column mapping cannot be used: "手機" and "姓名" are both mapped to WhatsApp_mobile; a field can be read from one column only.',
    });
    await expect(service.setOptions({ caseId, mapping: { 電話: 'mobile' } })).rejects.toMatchObject({ code: 'input.invalid', message: 'This column mapping cannot be used: the file has no column "電話". Its columns are: 手機, 狀態, 姓名, 內部代碼.' });
    await expect(service.setOptions({ caseId, mapping: { 手機: 'line_uid' } })).rejects.toMatchObject({ code: 'input.invalid' });
    expect((await service.getCase({ caseId })).mapping).toEqual(mapping);

    await waitJob(service, (await service.setOptions({ caseId, mapping: {} })).jobId);
    expect((await service.getCase({ caseId })).mapping).toEqual({});
    expect((await service.getCounts({ caseId, filter: {} })).byOutcome.skip).toBe(2);
  });

  it('is in the fix log: undo puts the previous mapping back and checks again, redo applies it again', async () => {
    const { api: service } = makeService({ worker: testWorkerSettings() });
    api = service;
    const file = path.join(tempDir(), 'members.csv');
    fs.writeFileSync(file, '手機,狀態,姓名,聯絡\n0912345678,opted_in,王小明, a@example.com \n0922333444,opted_out,李娜,b@example.com\n0922333444,opted_out,,c@example.com\n');
    const { caseId, jobId } = await service.openFile({ path: file, channel: 'whatsapp' });
    await waitJob(service, jobId);
    const before = await service.getCase({ caseId });
    expect(before.fileIssues.filter((i) => i.code === 'header.alias').map((i) => [i.column, i.fix, i.params?.guessed])).toEqual([
      ['手機', 'WhatsApp_mobile', undefined], ['狀態', 'messaging_status', undefined], ['姓名', 'display_name', undefined], ['聯絡', 'email', 'values'],
    ]);
    // Samples: up to three distinct non-blank values per column, trimmed, in file order.
    expect((await service.columnSamples({ caseId })).columns).toEqual([
      ['0912345678', '0922333444'], ['opted_in', 'opted_out'], ['王小明', '李娜'], ['a@example.com', 'b@example.com', 'c@example.com'],
    ]);

    const first = { 手機: 'WhatsApp_mobile', 狀態: 'messaging_status' };
    await waitJob(service, (await service.setOptions({ caseId, mapping: first })).jobId);
    const second = { 手機: 'WhatsApp_mobile', 狀態: 'messaging_status', 聯絡: 'email', 姓名: null };
    await waitJob(service, (await service.setOptions({ caseId, mapping: second })).jobId);
    // The same mapping again is no change, and logs nothing.
    await waitJob(service, (await service.setOptions({ caseId, mapping: { ...second } })).jobId);
    expect((await service.fixLog({ caseId })).map((e) => [e.fix, e.changedRows, e.undone])).toEqual([
      [{ kind: 'mapping', before: {}, after: first }, 2, false],
      [{ kind: 'mapping', before: first, after: second }, 2, false],
    ]);
    expect((await service.getCase({ caseId })).columns.map((c) => c.field)).toEqual(['WhatsApp_mobile', 'messaging_status', undefined, 'email']);

    const undone = await fixed(service, service.undo({ caseId }));
    expect(undone.recheckJobId).toBeDefined();
    const afterUndo = await service.getCase({ caseId });
    expect([afterUndo.mapping, afterUndo.columns.map((c) => c.field), afterUndo.canRedo]).toEqual([first, ['WhatsApp_mobile', 'messaging_status', undefined, undefined], true]);
    expect(afterUndo.fileIssues.filter((i) => i.code === 'header.alias').map((i) => i.column)).toEqual(['姓名', '聯絡']);

    await fixed(service, service.undo({ caseId }));
    expect((await service.getCase({ caseId })).mapping).toEqual({});
    expect((await service.getCounts({ caseId, filter: {} })).byOutcome.skip).toBe(3);

    await fixed(service, service.redo({ caseId }));
    await fixed(service, service.redo({ caseId }));
    expect((await service.getCase({ caseId })).mapping).toEqual(second);
    expect((await service.fixLog({ caseId })).map((e) => e.undone)).toEqual([false, false]);
  }, 120_000);
});
