import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, makeService, openChecked, tempDir, waitJob, fixed } from '../helpers/service.ts';
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
    const one = await fixed(api, api.applyFix({ caseId, fix: { kind: 'issue', row: 5, columnIndex: 1, code: 'status.invalid' } }));
    expect(one.changedRows).toBe(1);
    expect((await api.getRow({ caseId, row: 5 })).cells[1]).toBe('opted_in');
    const bulk = await fixed(api, api.applyFix({ caseId, fix: { kind: 'code', code: 'date.invalid' } }));
    expect(bulk.changedRows).toBe(3);
    for (const code of ['gender.invalid', 'phone.leading_zero_lost', 'tag.separator']) await fixed(api, api.applyFix({ caseId, fix: { kind: 'code', code } }));
    const row2 = await api.getRow({ caseId, row: 2 });
    expect(row2.outcome).toBe('create');
    expect(row2.cells.slice(0, 7)).toEqual(['+886933111222', 'opted_in', '陳美玲', 'female', 'M-0001', '+886933111222', '1988-07-09']);
    expect((await api.getRow({ caseId, row: 5 })).outcome).toBe('create');
    expect((await api.fixLog({ caseId })).map((f) => f.description)[1]).toBe('Accepted every date.invalid fix (3 rows)');

    await fixed(api, api.undo({ caseId })); // tag.separator
    await fixed(api, api.undo({ caseId })); // phone.leading_zero_lost
    expect((await api.getRow({ caseId, row: 2 })).outcome).toBe('fail');
    expect((await api.getRow({ caseId, row: 2 })).cells[0]).toBe('933111222');
    await fixed(api, api.redo({ caseId }));
    expect((await api.getRow({ caseId, row: 2 })).outcome).toBe('create');
    const summary = await api.getCase({ caseId });
    expect(summary.canUndo).toBe(true);
    expect(summary.canRedo).toBe(true);
  });

  it('edits a cell by hand and re-checks only that row', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    await fixed(api, api.applyFix({ caseId, fix: { kind: 'cell', row: 4, columnIndex: 1, value: 'opted_in' } }));
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
    const renamed = await fixed(api, api.applyFix({ caseId, fix: { kind: 'code', code: 'header.alias' } }));
    expect(renamed.changedRows).toBe(2);
    expect(renamed.recheckJobId).toMatch(/^[0-9a-f]{32}$/);
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

  it('exports for people: messages in the request language, a BOM on the files meant for spreadsheets only, rejected rows as fixed', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    await fixed(api, api.applyFix({ caseId, fix: { kind: 'code', code: 'phone.leading_zero_lost' } }));
    await fixed(api, api.applyFix({ caseId, fix: { kind: 'code', code: 'date.invalid' } }));
    const dir = tempDir();
    const job = await waitJob(api, (await api.exportFiles({ caseId, dir, conflicts: true, snapshot: true, lang: 'zh-TW' })).jobId);
    expect(job.state).toBe('done');
    const read = (kind: string) => fs.readFileSync(path.join(dir, `whatsapp-from-excel.${kind}.csv`), 'utf8');
    // RULES.md §8: the error report, rejected rows and conflict list start with a BOM; the upload-ready file and the snapshot have none.
    expect(['errors', 'rejected', 'conflicts', 'upload-ready', 'snapshot'].map((kind) => read(kind).startsWith('\uFEFF'))).toEqual([true, true, true, false, false]);
    const errors = read('errors').split('\r\n');
    expect(errors[0]).toBe('\uFEFFrow,column,field,value,code,severity,message,fix');
    expect(errors[1]).toBe('2,gender,gender,F,gender.invalid,error,第 2 列「gender」欄：「F」不是可接受的性別，MAAC 會拒絕此列。請使用 female、male 或 unknown。,female');
    // Row 2 as it stands after the accepted leading-zero and date fixes; what remains is the gender.
    const rejected = read('rejected').split('\r\n');
    expect(rejected[0]).toBe('\uFEFFWhatsApp_mobile,messaging_status,display_name,gender,customer_id,mobile,birthday,tag,listprep_issues');
    expect(rejected[1]).toBe('+886933111222,opted_in,陳美玲,F,M-0001,+886933111222,1988-07-09,"會員,台北",gender.invalid [gender] → female');
    // English by default.
    const en = tempDir();
    await waitJob(api, (await api.exportFiles({ caseId, dir: en })).jobId);
    expect(fs.readFileSync(path.join(en, 'whatsapp-from-excel.errors.csv'), 'utf8').split('\r\n')[1]).toBe('2,gender,gender,F,gender.invalid,error,"Row 2, column ""gender"": ""F"" is not an accepted gender, so MAAC rejects the row. Use female, male or unknown.",female');
  });

  it('saves a case and reopens it with everything restored', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    await fixed(api, api.applyFix({ caseId, fix: { kind: 'code', code: 'date.invalid' } }));
    const target = path.join(tempDir(), 'customer.listprep');
    await api.saveCaseAs({ caseId, path: target });
    const { caseId: reopened } = await api.openCase({ path: target });
    expect((await api.getRow({ caseId: reopened, row: 2 })).cells[6]).toBe('1988-07-09');
    expect((await api.fixLog({ caseId: reopened })).length).toBe(1);
    expect((await api.appInfo({})).recent.map((r) => r.casePath)).toContain(target);
  });

  it('says clearly when a file cannot be opened, and rejects unknown cases', async () => {
    ({ api } = makeService());
    await expect(api.openFile({ path: '/nonexistent/list.csv' })).rejects.toMatchObject({ code: 'file.not_found' });
    await expect(api.getCase({ caseId: 'nope' })).rejects.toMatchObject({ code: 'case.not_found' });
  });

  it('opens no case for a file that cannot be read at all, and says in plain words what it is', async () => {
    const made = makeService();
    api = made.api;
    const dir = tempDir();
    const write = (name: string, content: string | Buffer) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    };
    const png = write('photo.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    const jpeg = write('scan.csv', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]));
    const gif = write('anim.csv', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'));
    const pdf = write('report.csv', '%PDF-1.7\n%text only, no NUL\n1 0 obj\n');
    const xlsx = write('contacts.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0, 0x08, 0, 0, 0, 0x21, 0]));
    const xls = write('contacts.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    const empty = write('empty.csv', '');
    const headerOnly = write('header.csv', 'WhatsApp_mobile,messaging_status\n');
    const nul = write('nul.csv', 'email,name\na@b.co,Al\0ice\n');
    const refusals = [];
    for (const file of [png, jpeg, gif, pdf, xlsx, xls, empty, headerOnly, nul]) {
      const error = await api.openFile({ path: file }).then(() => undefined, (e: { code: string; message: string }) => e);
      refusals.push([path.basename(file), error?.code, error?.message]);
    }
    expect(refusals).toEqual([
      ['photo.csv', 'file.picture', 'This is a picture (PNG), not a list. Open the CSV file that holds your contacts instead.'],
      ['scan.csv', 'file.picture', 'This is a picture (JPEG), not a list. Open the CSV file that holds your contacts instead.'],
      ['anim.csv', 'file.picture', 'This is a picture (GIF), not a list. Open the CSV file that holds your contacts instead.'],
      ['report.csv', 'file.pdf', 'This is a PDF document, not a list. Open the CSV file that holds your contacts instead.'],
      // R-F7: a zip that is no workbook (here a cut one) and a .xls are named for what they are.
      ['contacts.xlsx', 'file.workbook', 'This is a zip archive, not a list (if it is an Excel workbook, it is damaged). Open the CSV file or the Excel workbook (.xlsx) that holds your contacts instead.'],
      ['contacts.xls', 'file.unreadable', `"${xls}" is an Excel 97–2003 workbook (.xls), which ListPrep does not read. Open it in your spreadsheet and choose "Save as" → "Excel Workbook (.xlsx)" or "CSV UTF-8 (comma delimited)", then open that file.`],
      ['empty.csv', 'file.empty', 'The file is empty: there is nothing in it to check. Open the right file.'],
      ['header.csv', 'file.header_only', 'The file has only a header row: there are no contacts in it. Add contacts below the header row, or open the right file.'],
      ['nul.csv', 'file.binary', 'This is not a text CSV file (it contains NUL bytes). In your spreadsheet, choose "Save as" → "CSV UTF-8 (comma delimited)" and open that file instead.'],
    ]);
    // No case was made for any of them: no case file, nothing in the recent list.
    expect(fs.readdirSync(path.join(made.dataDir, 'cases'))).toEqual([]);
    expect((await api.appInfo({})).recent).toEqual([]);
  });

  it('runs unification and lists identity conflicts with their contacts', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    await waitJob(api, (await api.loadSnapshot({ caseId, path: fixture('contacts-snapshot.csv') })).jobId);
    await fixed(api, api.applyFix({ caseId, fix: { kind: 'issue', row: 5, columnIndex: 1, code: 'status.invalid' } }));
    await fixed(api, api.applyFix({ caseId, fix: { kind: 'code', code: 'gender.invalid' } }));
    await fixed(api, api.applyFix({ caseId, fix: { kind: 'code', code: 'date.invalid' } }));
    await waitJob(api, (await api.runUnify({ caseId })).jobId);
    const unification = await api.getUnification({ caseId, offset: 0, limit: 10 });
    expect(unification.ran).toBe(true);
    expect(unification.conflicts).toHaveLength(1);
    expect(unification.conflicts[0]).toMatchObject({ customerIds: ['M-0004', 'M-0009'], linkedBy: ['phone=+886955666778'] });
    expect(unification.conflicts[0].contacts.map((c) => c.id).sort()).toEqual(['S1', 'new-5']);
  });

  it('lists who becomes one person, a page at a time, found by contact, customer ID or value, and exports it', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    await waitJob(api, (await api.loadSnapshot({ caseId, path: fixture('contacts-snapshot.csv') })).jobId);
    expect(await api.getProfiles({ caseId })).toEqual({ ran: false, total: 0, capped: false, profiles: [] });
    await fixed(api, api.applyFix({ caseId, fix: { kind: 'issue', row: 5, columnIndex: 1, code: 'status.invalid' } }));
    await fixed(api, api.applyFix({ caseId, fix: { kind: 'code', code: 'gender.invalid' } }));
    await fixed(api, api.applyFix({ caseId, fix: { kind: 'code', code: 'date.invalid' } }));
    await waitJob(api, (await api.runUnify({ caseId })).jobId);

    const all = await api.getProfiles({ caseId, offset: 0, limit: 50 });
    expect(all.total).toBe(4);
    // Snapshot L1 (M-0001) and E1 share 0933111222: one person. Row 5 (new-5, M-0004) and S1 (M-0009) are held apart.
    expect(all.profiles.map((p) => [p.conflict, p.members.map((m) => [m.contactId, m.name, m.customerId, m.linkedBy.join(' '), m.row ?? ''])])).toEqual([
      [true, [['S1', '0955666778', 'M-0009', '', '']]],
      [true, [['new-5', '王大同', 'M-0004', '', 5]]],
      [false, [['W1', '張雅婷', 'M-0003', '', 7]]],
      [false, [['E1', '陳美玲', '', 'phone=+886933111222', ''], ['L1', '美玲', 'M-0001', 'phone=+886933111222', '']]],
    ]);
    const second = await api.getProfiles({ caseId, offset: 1, limit: 2 });
    expect(second.profiles.map((p) => p.id)).toEqual(all.profiles.slice(1, 3).map((p) => p.id));
    const found = async (search: string) => (await api!.getProfiles({ caseId, search })).profiles.map((p) => p.members.map((m) => m.contactId).join('+'));
    expect(await found('NEW-5')).toEqual(['new-5']);
    expect(await found('M-0009')).toEqual(['S1']);
    expect(await found('meiling.chen')).toEqual(['E1+L1']);
    expect(await found('0955 666 77')).toEqual(['S1', 'new-5', 'W1']);
    expect(await found('大同')).toEqual(['new-5']);
    expect(await api.getProfiles({ caseId, search: 'zzz' })).toEqual({ ran: true, total: 0, capped: false, profiles: [] });

    // Rows name the contact they create or update by its best human value (issue #17: no internal ids as names).
    const page = await api.queryRows({ caseId, offset: 0, limit: 10, filter: {} });
    expect(page.rows.filter((r) => r.contactId !== undefined).map((r) => [r.row, r.contactId, r.contactName])).toEqual([[5, 'new-5', '王大同'], [7, 'W1', '張雅婷']]);
    expect((await api.getRow({ caseId, row: 7 })).contactName).toBe('張雅婷');
    // The conflict's contacts carry their best human value too.
    const { conflicts } = await api.getUnification({ caseId });
    expect(conflicts[0].contacts.map((c) => [c.id, c.name])).toEqual([['S1', '0955666778'], ['new-5', '王大同']]);

    const dir = tempDir();
    const job = await waitJob(api, (await api.exportFiles({ caseId, dir, uploadReady: false, errorReport: false, rejectedRows: false, profiles: true })).jobId);
    expect((job.result as { files: { kind: string; rows: number }[] }).files.map((f) => [f.kind, f.rows])).toEqual([['profiles', 5]]);
    expect(fs.readFileSync(path.join(dir, 'whatsapp-from-excel.profiles.csv'), 'utf8')).toBe(
      '\uFEFFunified_contact_id,contact_id,platform_type,customer_id,linked_by,row\r\n' +
        all.profiles.flatMap((p) => p.members.map((m) => `${p.id},${m.contactId},${m.channel},${m.customerId},${m.linkedBy.join('; ')},${m.row ?? ''}\r\n`)).join(''),
    );
  });

  it('refuses a profile list written over a file the case reads (R-F4)', async () => {
    ({ api } = makeService());
    const dir = tempDir();
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    const snapshot = path.join(dir, 'whatsapp-from-excel.profiles.csv');
    fs.copyFileSync(fixture('contacts-snapshot.csv'), snapshot);
    await waitJob(api, (await api.loadSnapshot({ caseId, path: snapshot })).jobId);
    const only = { caseId, dir, uploadReady: false, errorReport: false, rejectedRows: false };
    await expect(api.exportFiles({ ...only, profiles: true })).rejects.toMatchObject({ code: 'output.is_input' });
    expect(fs.readFileSync(snapshot, 'utf8')).toBe(fs.readFileSync(fixture('contacts-snapshot.csv'), 'utf8'));
    expect((await waitJob(api, (await api.exportFiles({ ...only, conflicts: true })).jobId)).state).toBe('done');
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
    await fixed(service, service.applyFix({ caseId, fix: { kind: 'code', code: 'datetime.timezone' } }));
    const after = await service.getRow({ caseId, row: 2 });
    expect(after.cells[2]).toBe('2025-03-01 02:00:00');
    expect(after.issues.map((i) => i.code)).not.toContain('datetime.timezone');
    await waitJob(service, (await service.setOptions({ caseId, region: 'TW' })).jobId); // a full re-check keeps it
    expect((await service.getRow({ caseId, row: 2 })).issues.map((i) => i.code)).not.toContain('datetime.timezone');
    await fixed(service, service.undo({ caseId }));
    expect((await service.getRow({ caseId, row: 2 })).issues.find((i) => i.code === 'datetime.timezone')?.fix).toBe('2025-03-01 02:00:00');
  });
});

describe('a check that does not finish', () => {
  const bigList = (rows: number) => {
    const file = path.join(tempDir(), 'big.csv');
    const lines = ['WhatsApp_mobile,messaging_status'];
    for (let i = 0; i < rows; i++) lines.push(`09${String(10_000_000 + i)},opted_in`);
    fs.writeFileSync(file, lines.join('\n'));
    return file;
  };
  /** Waits until the running check has stored some rows (jobs run inline here, batch by batch). */
  const someRowsChecked = async (service: Service, caseId: string) => {
    for (let i = 0; i < 2000 && (await service.getCase({ caseId })).rows === 0; i++) await new Promise((r) => setTimeout(r, 1));
  };

  it('a cancelled first check leaves the case incomplete: rows checked, the share of the file read, export refused', async () => {
    const { api: service } = makeService();
    api = service;
    const file = bigList(60_000);
    const { caseId, jobId } = await service.openFile({ path: file });
    await someRowsChecked(service, caseId);
    await service.cancelJob({ jobId });
    expect((await waitJob(service, jobId)).state).toBe('cancelled');
    const summary = await service.getCase({ caseId });
    const stored = (await service.getCounts({ caseId, filter: {} })).rows;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(60_000);
    expect(summary.state).toBe('failed');
    expect(summary.rows).toBe(stored);
    expect(summary.incomplete).toMatchObject({ reason: 'cancelled', checkedRows: stored });
    expect(summary.incomplete?.totalRows).toBeUndefined(); // the read did not finish: the row count is unknown
    expect(summary.incomplete?.percent).toBeGreaterThanOrEqual(1); // rows were read: never "0 %"
    expect(summary.incomplete?.percent).toBeLessThan(100);

    const out = tempDir();
    await expect(service.exportFiles({ caseId, dir: out })).rejects.toMatchObject({
      code: 'case.incomplete',
      message: `Only ${stored.toLocaleString('en')} rows (about ${summary.incomplete!.percent}% of the file) were checked: the check was cancelled. Only a complete check is exported: check again first, or ask for a partial export (its files are marked .partial).`,
    });
    expect(fs.readdirSync(out)).toEqual([]);
    // Fixes wait for the whole file: Check again reads it from the start and would drop them.
    await expect(service.applyFix({ caseId, fix: { kind: 'cell', row: 2, columnIndex: 1, value: 'opted_out' } })).rejects.toMatchObject({
      code: 'case.partly_read',
      message: 'Only part of the file has been read, and a fix made now would be lost when Check again reads the whole file. Check again first, then fix.',
    });
    await expect(service.undo({ caseId })).rejects.toMatchObject({ code: 'case.partly_read' });
    expect((await service.fixLog({ caseId })).length).toBe(0);
  });

  it('a partial export is written only when asked for, and every file name says .partial', async () => {
    const { api: service } = makeService();
    api = service;
    const { caseId, jobId } = await service.openFile({ path: bigList(60_000) });
    await someRowsChecked(service, caseId);
    await service.cancelJob({ jobId });
    await waitJob(service, jobId);
    const stored = (await service.getCase({ caseId })).incomplete!.checkedRows;
    const out = tempDir();
    const job = await waitJob(service, (await service.exportFiles({ caseId, dir: out, partial: true })).jobId);
    expect(job.state).toBe('done');
    expect(fs.readdirSync(out).sort()).toEqual(['big.partial.errors.csv', 'big.partial.rejected.csv', 'big.partial.upload-ready.csv']);
    expect(fs.readFileSync(path.join(out, 'big.partial.upload-ready.csv'), 'utf8').split('\r\n').filter(Boolean)).toHaveLength(stored + 1);
  });

  it('Check again after a cancelled first check reads the whole file, and the case is complete again', async () => {
    const { api: service } = makeService();
    api = service;
    const { caseId, jobId } = await service.openFile({ path: bigList(30_000) });
    await someRowsChecked(service, caseId);
    await service.cancelJob({ jobId });
    await waitJob(service, jobId);
    // Changing an option does not pretend the stored part is the whole file: it reads the file again too.
    const again = await waitJob(service, (await service.recheckCase({ caseId })).jobId);
    expect(again.state).toBe('done');
    const summary = await service.getCase({ caseId });
    expect(summary).toMatchObject({ state: 'ready', rows: 30_000, incomplete: null });
    expect((await service.getCounts({ caseId, filter: {} })).rows).toBe(30_000);
    const out = tempDir();
    expect((await waitJob(service, (await service.exportFiles({ caseId, dir: out })).jobId)).state).toBe('done');
    expect(fs.readdirSync(out).sort()).toEqual(['big.errors.csv', 'big.rejected.csv', 'big.upload-ready.csv']);
  });

  it('a cancelled re-check knows both counts: N of M rows; changing an option after a cancelled first check reads the file again', async () => {
    const { api: service } = makeService();
    api = service;
    const file = bigList(30_000);
    const { caseId, jobId } = await service.openFile({ path: file });
    await someRowsChecked(service, caseId);
    await service.cancelJob({ jobId });
    await waitJob(service, jobId);
    expect((await waitJob(service, (await service.setOptions({ caseId, region: 'TW' })).jobId)).state).toBe('done');
    expect(await service.getCase({ caseId })).toMatchObject({ state: 'ready', rows: 30_000, incomplete: null });

    const recheck = (await service.setOptions({ caseId, region: 'HK' })).jobId;
    for (let i = 0; i < 2000 && (await service.getJob({ jobId: recheck })).done === 0; i++) await new Promise((r) => setTimeout(r, 1));
    await service.cancelJob({ jobId: recheck });
    await waitJob(service, recheck);
    const job = await service.getJob({ jobId: recheck });
    const summary = await service.getCase({ caseId });
    expect(summary.state).toBe('failed');
    expect(summary.incomplete).toEqual({
      reason: 'cancelled', checkedRows: job.done, totalRows: 30_000,
      failure: 'The check was cancelled before it finished, so some rows are missing or out of date. Check again to check every row.',
    });
    expect(job.done).toBeGreaterThan(0);
    expect(job.done).toBeLessThan(30_000);
    await expect(service.exportFiles({ caseId, dir: tempDir() })).rejects.toMatchObject({ code: 'case.incomplete' });
    // Every row is stored: fixes are not blocked after a cancelled re-check.
    expect((await fixed(service, service.applyFix({ caseId, fix: { kind: 'cell', row: 2, columnIndex: 1, value: 'opted_out' } }))).changedRows).toBe(1);
    expect((await waitJob(service, (await service.recheckCase({ caseId })).jobId)).state).toBe('done');
    expect((await service.getRow({ caseId, row: 2 })).cells[1]).toBe('opted_out');
    expect((await service.getCase({ caseId })).incomplete).toBeNull();
  });
});
