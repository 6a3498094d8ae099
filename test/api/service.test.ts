import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, makeService, openChecked, tempDir, waitJob } from '../helpers/service.ts';
import { sourceWorkerSettings, type Service } from '../../core/api/service.ts';
import { writeWhatsAppList } from '../bench/generate.ts';

let api: Service | undefined;
afterEach(() => api?.close());

const codesOf = (issues: { code: string }[]) => issues.map((i) => i.code).sort();

describe('the Api service over a real case store', () => {
  it('opens a file, detects the channel, and pages every row with its issues', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    const summary = await api.getCase({ caseId });
    expect(summary).toMatchObject({ channel: 'whatsapp', channelDetected: true, key: 'phone', region: 'TW', state: 'ready', rows: 6, encoding: 'UTF-8' });
    expect(summary.sourceHash).toMatch(/^[0-9a-f]{64}$/);
    const page = await api.queryRows({ caseId, offset: 0, limit: 100, filter: {} });
    expect(page.total).toBe(6);
    expect(page.rows.map((r) => [r.row, r.outcome])).toEqual([[2, 'fail'], [3, 'fail'], [4, 'skip'], [5, 'fail'], [6, 'fail'], [7, 'create']]);
    expect(codesOf(page.rows[0].issues)).toContain('phone.leading_zero_lost');
    expect(page.rows[0].issues.find((i) => i.code === 'phone.leading_zero_lost')?.message).toMatch(/^Row 2, column "WhatsApp_mobile": /);
  });

  it('filters by code, column, outcome and text, and counts by code and column', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    const byCode = await api.queryRows({ caseId, offset: 0, limit: 10, filter: { code: 'date.invalid' } });
    expect(byCode.rows.map((r) => r.row)).toEqual([2, 3, 5]);
    const skipped = await api.queryRows({ caseId, offset: 0, limit: 10, filter: { outcome: 'skip' } });
    expect(skipped.rows.map((r) => r.row)).toEqual([4]);
    const text = await api.queryRows({ caseId, offset: 0, limit: 10, filter: { text: 'Chan Tai' } });
    expect(text.rows.map((r) => r.row)).toEqual([6]);
    const counts = await api.getCounts({ caseId, filter: {} });
    expect(counts.byOutcome).toEqual({ create: 1, update: 0, unchanged: 0, skip: 1, fail: 4 });
    expect(counts.byCode.find((c) => c.code === 'date.invalid')).toMatchObject({ count: 3, fixable: 3, severity: 'error' });
    expect(counts.byColumn.find((c) => c.column === 'birthday')).toMatchObject({ columnIndex: 6, count: 3 });
    const phoneColumn = await api.getCounts({ caseId, filter: { columnIndex: 0 } });
    expect(phoneColumn.rows).toBe(5);
  });

  it('accepts one fix, a bulk fix, undoes and redoes them, and re-simulates the touched rows', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    const one = await api.applyFix({ caseId, fix: { kind: 'issue', row: 5, columnIndex: 1, code: 'status.invalid' } });
    expect(one.changedRows).toBe(1);
    expect((await api.getRow({ caseId, row: 5 })).cells[1]).toBe('opted_in');
    const bulk = await api.applyFix({ caseId, fix: { kind: 'code', code: 'date.invalid' } });
    expect(bulk.changedRows).toBe(3);
    for (const code of ['gender.invalid', 'phone.leading_zero_lost', 'tag.separator']) await api.applyFix({ caseId, fix: { kind: 'code', code } });
    const row2 = await api.getRow({ caseId, row: 2 });
    expect(row2.outcome).toBe('create');
    expect(row2.cells.slice(0, 7)).toEqual(['+886933111222', 'opted_in', '陳美玲', 'female', 'M-0001', '+886933111222', '1988-07-09']);
    expect((await api.getRow({ caseId, row: 5 })).outcome).toBe('create');
    expect((await api.fixLog({ caseId })).map((f) => f.description)[1]).toBe('Accepted every date.invalid fix (3 rows)');

    await api.undo({ caseId }); // tag.separator
    await api.undo({ caseId }); // phone.leading_zero_lost
    expect((await api.getRow({ caseId, row: 2 })).outcome).toBe('fail');
    expect((await api.getRow({ caseId, row: 2 })).cells[0]).toBe('933111222');
    await api.redo({ caseId });
    expect((await api.getRow({ caseId, row: 2 })).outcome).toBe('create');
    const summary = await api.getCase({ caseId });
    expect(summary.canUndo).toBe(true);
    expect(summary.canRedo).toBe(true);
  });

  it('edits a cell by hand and re-checks only that row', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    await api.applyFix({ caseId, fix: { kind: 'cell', row: 4, columnIndex: 1, value: 'opted_in' } });
    const row4 = await api.getRow({ caseId, row: 4 });
    expect(row4.outcome).toBe('create');
    expect(codesOf(row4.issues)).toEqual(['phone.format']);
    // Row 7 carries the same key: it now updates what row 4 created.
    const row7 = await api.getRow({ caseId, row: 7 });
    expect(row7.outcome).toBe('update');
    expect(row7.contactId).toBe('new-4');
  });

  it('loads a contact snapshot and shows each field before and after', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    const { jobId } = await api.loadSnapshot({ caseId, path: fixture('contacts-snapshot.csv') });
    expect((await waitJob(api, jobId)).state).toBe('done');
    const row7 = await api.getRow({ caseId, row: 7 });
    expect(row7).toMatchObject({ outcome: 'update', contactId: 'W1' });
    expect(row7.contactBefore).toMatchObject({ WhatsApp_mobile: '+886955666777', messaging_status: 'opted_out' });
    expect(row7.changes).toContainEqual({ field: 'gender', from: '', to: 'female' });
    expect((await api.getCase({ caseId })).snapshot).toMatchObject({ fileName: 'contacts-snapshot.csv', contacts: 4 });
  });

  it('renames a header with one click and re-checks the file', async () => {
    ({ api } = makeService());
    const dir = tempDir();
    const file = path.join(dir, 'aliased.csv');
    fs.writeFileSync(file, 'WhatsApp_mobile,Status,name\n0912345678,opted_in,Amy\n');
    const caseId = await openChecked(api, file, { channel: 'whatsapp' });
    expect((await api.getRow({ caseId, row: 2 })).outcome).toBe('skip');
    const summary = await api.getCase({ caseId });
    expect(summary.fileIssues.filter((i) => i.code === 'header.alias').map((i) => [i.column, i.fix, i.severity])).toEqual([['Status', 'messaging_status', 'error'], ['name', 'display_name', 'warning']]);
    const { jobId } = await api.applyFix({ caseId, fix: { kind: 'code', code: 'header.alias' } });
    await waitJob(api, jobId!);
    expect((await api.getRow({ caseId, row: 2 })).outcome).toBe('create');
    expect((await api.getCase({ caseId })).columns.map((c) => c.field)).toEqual(['WhatsApp_mobile', 'messaging_status', 'display_name']);
    expect(fs.readFileSync(file, 'utf8')).toBe('WhatsApp_mobile,Status,name\n0912345678,opted_in,Amy\n'); // R-F4
  });

  it('exports the upload-ready file, error report and rejected rows atomically', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('edm-big5.csv'));
    const dir = tempDir();
    const { jobId } = await api.exportFiles({ caseId, dir, conflicts: true, snapshot: true });
    const job = await waitJob(api, jobId);
    expect(job.state).toBe('done');
    const files = (job.result as { files: { kind: string; path: string }[] }).files;
    expect(files.map((f) => f.kind).sort()).toEqual(['conflicts', 'error-report', 'rejected-rows', 'snapshot', 'upload-ready']);
    const upload = fs.readFileSync(path.join(dir, 'edm-big5.upload-ready.csv'), 'utf8');
    expect(upload.split('\r\n')[0]).toBe('email,messaging_status,display_name,gender,customer_id,mobile,birthday,tag,consent_source,consent_at');
    expect(upload).toContain('林志明');
    expect(fs.readdirSync(dir).some((n) => n.includes('listprep-tmp'))).toBe(false);
  });

  it('saves a case and reopens it with everything restored', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    await api.applyFix({ caseId, fix: { kind: 'code', code: 'date.invalid' } });
    const target = path.join(tempDir(), 'customer.listprep');
    await api.saveCaseAs({ caseId, path: target });
    const { caseId: reopened } = await api.openCase({ path: target });
    expect((await api.getRow({ caseId: reopened, row: 2 })).cells[6]).toBe('1988-07-09');
    expect((await api.fixLog({ caseId: reopened })).length).toBe(1);
    expect((await api.appInfo({})).recent.map((r) => r.casePath)).toContain(target);
  });

  it('says clearly when a file cannot be opened, and rejects unknown cases and busy cases', async () => {
    ({ api } = makeService());
    await expect(api.openFile({ path: '/nonexistent/list.csv' })).rejects.toMatchObject({ code: 'file.not_found' });
    await expect(api.getCase({ caseId: 'nope' })).rejects.toMatchObject({ code: 'case.not_found' });
    const dir = tempDir();
    const empty = path.join(dir, 'empty.csv');
    fs.writeFileSync(empty, '');
    const { caseId, jobId } = await api.openFile({ path: empty });
    await waitJob(api, jobId);
    const summary = await api.getCase({ caseId });
    expect(summary.state).toBe('failed');
    expect(summary.fileIssues.map((i) => i.code)).toEqual(['file.empty']);
  });

  it('runs unification and lists identity conflicts with their contacts', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    await waitJob(api, (await api.loadSnapshot({ caseId, path: fixture('contacts-snapshot.csv') })).jobId);
    await api.applyFix({ caseId, fix: { kind: 'issue', row: 5, columnIndex: 1, code: 'status.invalid' } });
    await api.applyFix({ caseId, fix: { kind: 'code', code: 'gender.invalid' } });
    await api.applyFix({ caseId, fix: { kind: 'code', code: 'date.invalid' } });
    await waitJob(api, (await api.runUnify({ caseId })).jobId);
    const unification = await api.getUnification({ caseId, offset: 0, limit: 10 });
    expect(unification.ran).toBe(true);
    expect(unification.conflicts).toHaveLength(1);
    expect(unification.conflicts[0]).toMatchObject({ customerIds: ['M-0004', 'M-0009'], linkedBy: ['phone=+886955666778'] });
    expect(unification.conflicts[0].contacts.map((c) => c.id).sort()).toEqual(['S1', 'new-5']);
  });
});

describe('a check in a worker thread', () => {
  it('reports done with every row readable, then copies its log into the case file and empties it', { timeout: 60_000 }, async () => {
    const made = makeService({ worker: sourceWorkerSettings() });
    api = made.api;
    const list = path.join(tempDir(), 'list.csv');
    await writeWhatsAppList(list, 30_000);
    const { caseId, jobId } = await api.openFile({ path: list });
    expect((await waitJob(api, jobId, 50_000)).state).toBe('done');
    // Done means readable: every row is there before the log is copied.
    expect((await api.queryRows({ caseId, offset: 29_990, limit: 100, filter: {} })).rows).toHaveLength(10);
    const wal = path.join(made.dataDir, 'cases', `${caseId}.listprep-wal`);
    const deadline = Date.now() + 20_000;
    while (fs.statSync(wal).size > 0) {
      if (Date.now() > deadline) throw new Error(`the log still holds ${fs.statSync(wal).size} bytes`);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await api.getCounts({ caseId, filter: {} })).rows).toBe(30_000);
  });
});

describe('time-zone conversions (R-V7) apply once', () => {
  it('accepting datetime.timezone converts a cell once and is not proposed again', async () => {
    const { api: service } = makeService();
    api = service;
    const dir = tempDir();
    const file = path.join(dir, 'edm.csv');
    fs.writeFileSync(file, 'email,messaging_status,consent_at\namy@example.com,subscribed,2025-03-01 10:00:00\n');
    const { caseId, jobId } = await service.openFile({ path: file, timeZone: 'Asia/Taipei' });
    await waitJob(service, jobId);
    const before = await service.getRow({ caseId, row: 2 });
    expect(before.issues.find((i) => i.code === 'datetime.timezone')?.fix).toBe('2025-03-01 02:00:00');
    await service.applyFix({ caseId, fix: { kind: 'code', code: 'datetime.timezone' } });
    const after = await service.getRow({ caseId, row: 2 });
    expect(after.cells[2]).toBe('2025-03-01 02:00:00');
    expect(after.issues.map((i) => i.code)).not.toContain('datetime.timezone');
    await waitJob(service, (await service.setOptions({ caseId, region: 'TW' })).jobId); // a full re-check keeps it
    expect((await service.getRow({ caseId, row: 2 })).issues.map((i) => i.code)).not.toContain('datetime.timezone');
    await service.undo({ caseId });
    expect((await service.getRow({ caseId, row: 2 })).issues.find((i) => i.code === 'datetime.timezone')?.fix).toBe('2025-03-01 02:00:00');
  });
});

describe('a check that does not finish', () => {
  it('leaves the case failed with a reason when the check is cancelled, never stuck checking', async () => {
    const { api: service } = makeService();
    api = service;
    const dir = tempDir();
    const file = path.join(dir, 'big.csv');
    const lines = ['WhatsApp_mobile,messaging_status'];
    for (let i = 0; i < 60_000; i++) lines.push(`09${String(10_000_000 + i)},opted_in`);
    fs.writeFileSync(file, lines.join('\n'));
    const { caseId, jobId } = await service.openFile({ path: file });
    await service.cancelJob({ jobId });
    expect((await waitJob(service, jobId)).state).toBe('cancelled');
    const summary = await service.getCase({ caseId });
    expect(summary.state).toBe('failed');
  });
});
