/**
 * Issue #16, item 7: messages a user can act on where the system had only codes. A full disk under
 * the case (SQLITE_FULL), a device chosen as a list (/dev/zero), a header wider than any
 * spreadsheet. (Read-only disks and folders: export-failures.test.ts; write reasons: test/csv/write.test.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Service } from '../../core/api/service.ts';
import { CaseStore } from '../../core/store/case-store.ts';
import { dispatchApiCall, toErrorShape } from '../../core/api/dispatch.ts';
import { describeError } from '../../core/jobs/job-context.ts';
import { fixture, makeService, openChecked, tempDir, waitJob } from '../helpers/service.ts';
import { cli, STACK_FRAME } from './support.ts';

let api: Service | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  api?.close();
  api = undefined;
});

const FULL = 'The disk that holds this case is full, so the last change was not saved. Free some space on that disk, then try again.';
/** What better-sqlite3 throws when the disk fills up. */
const sqliteFull = () => Object.assign(new Error('database or disk is full'), { name: 'SqliteError', code: 'SQLITE_FULL' });

describe('a full disk under the case (SQLITE_FULL)', () => {
  it('an Api call answers storage.full in words, not the SQLite code', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    vi.spyOn(CaseStore.prototype, 'setMeta').mockImplementation(() => {
      throw sqliteFull();
    });
    const result = await dispatchApiCall(api, 'setOptions', { caseId, region: 'TW' });
    expect(result).toEqual({ ok: false, error: { code: 'storage.full', message: FULL } });
  });

  it('a fix job that hits it fails with the same words and changes nothing: no row, no log entry', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    const before = await api.queryRows({ caseId, offset: 0, limit: 100 });
    // The rows are written after the log entry, in the same transaction: the entry is rolled back too.
    vi.spyOn(CaseStore.prototype, 'writeRows').mockImplementation(() => {
      throw sqliteFull();
    });
    const job = await waitJob(api, (await api.applyFix({ caseId, fix: { kind: 'code', code: 'date.invalid' } })).jobId);
    expect(job).toMatchObject({ state: 'failed', error: FULL });
    vi.restoreAllMocks();
    expect(await api.fixLog({ caseId })).toEqual([]);
    expect(await api.queryRows({ caseId, offset: 0, limit: 100 })).toEqual(before);
    expect((await api.getCase({ caseId })).canUndo).toBe(false);
  });

  it('a job that hits it fails with the same words, and the case says why', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    vi.spyOn(CaseStore.prototype, 'setFileIssues').mockImplementation(() => {
      throw sqliteFull();
    });
    const job = await waitJob(api, (await api.setOptions({ caseId, region: 'TW' })).jobId);
    expect(job).toMatchObject({ state: 'failed', error: FULL });
    const summary = await api.getCase({ caseId });
    expect(summary.state).toBe('failed');
    expect(JSON.stringify(summary)).not.toContain('SQLITE');
  });

  it('"Save case as" onto a full disk', async () => {
    ({ api } = makeService());
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    vi.spyOn(CaseStore.prototype, 'saveAs').mockImplementation(() => {
      throw sqliteFull();
    });
    const target = path.join(tempDir(), 'customer.listprep');
    await expect(api.saveCaseAs({ caseId, path: target })).rejects.toMatchObject({
      code: 'export.failed',
      message: `Could not save the case to "${target}": the disk is full. Nothing was changed there. Free some space on that disk, or choose a folder on another disk, then try again.`,
    });
    expect(fs.readdirSync(path.dirname(target))).toEqual([]);
  });

  it('the other disk failures get words too; anything else keeps its own message', () => {
    const withCode = (code: string) => Object.assign(new Error(`${code}: raw`), { code });
    expect(toErrorShape(withCode('SQLITE_IOERR_WRITE'))).toMatchObject({ code: 'storage.failed' });
    expect(toErrorShape(withCode('SQLITE_READONLY_DBMOVED'))).toMatchObject({ code: 'storage.read_only' });
    expect(toErrorShape(withCode('SQLITE_CORRUPT'))).toMatchObject({ code: 'case.damaged' });
    expect(toErrorShape(withCode('SQLITE_BUSY'))).toMatchObject({ code: 'case.busy' });
    expect(describeError(withCode('ENOSPC'))).toBe(FULL);
    expect(toErrorShape({ code: 'export.failed', message: 'Could not write.' })).toEqual({ code: 'export.failed', message: 'Could not write.' });
    expect(describeError(new Error('The check was cancelled.'))).toBe('The check was cancelled.');
  });
});

describe('a device chosen as a list (/dev/zero)', () => {
  const expected = 'The file "/dev/zero" cannot be read (it is a device, not a file). Choose a CSV or text file you are allowed to read, and close any program that has it locked, then try again.';

  it('the Api says it is a device, not a folder', async () => {
    ({ api } = makeService());
    await expect(api.openFile({ path: '/dev/zero' })).rejects.toMatchObject({ code: 'file.unreadable', message: expected });
  });

  it('the CLI says so in one line, in both languages', async () => {
    expect(await cli('check', '/dev/zero')).toEqual({ code: 2, stdout: '', stderr: `listprep: file.unreadable: ${expected}\n` });
    const zh = await cli('check', '/dev/zero', '--lang', 'zh-TW');
    expect(zh.stderr).toBe('listprep: file.unreadable: 無法讀取檔案「/dev/zero」（這是裝置，不是檔案）。請選擇有讀取權限的 CSV 或文字檔，並關閉鎖定此檔案的程式後再試一次。\n');
  });

  it('a folder is still called a folder', async () => {
    ({ api } = makeService());
    const dir = tempDir();
    await expect(api.openFile({ path: dir })).rejects.toMatchObject({ code: 'file.unreadable', message: expect.stringContaining('(it is a folder, not a file)') });
  });
});

describe('a header wider than any spreadsheet (file.too_wide)', () => {
  const message = (columns: number) => `A row of this file has ${columns.toLocaleString('en')} columns, more than any spreadsheet holds (ListPrep reads up to 20,000), so it is not a contact list MAAC can import. It may be a damaged export or a file of another kind: open it in a text editor to check, keep only the real columns, then open it again.`;

  it('a header alone of a million columns is not "only a header row"', async () => {
    const file = path.join(tempDir(), 'wide.csv');
    fs.writeFileSync(file, `${Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',')}\n`);
    expect(await cli('check', file)).toEqual({ code: 2, stdout: '', stderr: `listprep: file.too_wide: ${message(1_000_000)}\n` });
    expect((await cli('check', file, '--lang', 'zh-TW')).stderr).toBe('listprep: file.too_wide: 此檔案有一列多達 1,000,000 欄，超過任何試算表的上限（ListPrep 最多讀取 20,000 欄），因此不是 MAAC 能匯入的聯絡人名單。它可能是損壞的匯出檔或其他類型的檔案：請用文字編輯器開啟確認，只保留實際的欄位後再開啟一次。\n');
  });

  it('a line of separators is not "empty"; 200,000 columns before a row do not crash', async () => {
    const dir = tempDir();
    const commas = path.join(dir, 'commas.csv');
    fs.writeFileSync(commas, `${','.repeat(1_000_000)}\n`);
    expect((await cli('check', commas)).stderr).toBe(`listprep: file.too_wide: ${message(1_000_001)}\n`);
    const wide = path.join(dir, 'wide-with-row.csv');
    fs.writeFileSync(wide, `${Array.from({ length: 200_000 }, (_, i) => `c${i}`).join(',')}\n0912345678,opted_in\n`);
    const run = await cli('check', wide);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `listprep: file.too_wide: ${message(200_000)}\n` });
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('the app opens no case for it, saying the same; 20,000 columns still open', async () => {
    ({ api } = makeService());
    const dir = tempDir();
    const wide = path.join(dir, 'wide.csv');
    fs.writeFileSync(wide, `${Array.from({ length: 20_001 }, (_, i) => `c${i}`).join(',')}\n1,2\n`);
    await expect(api.openFile({ path: wide })).rejects.toMatchObject({ code: 'file.too_wide', message: message(20_001) });
    const limit = path.join(dir, 'limit.csv');
    fs.writeFileSync(limit, `WhatsApp_mobile,messaging_status,${Array.from({ length: 19_998 }, (_, i) => `c${i}`).join(',')}\n0912345678,opted_in\n`);
    const opened = await api.openFile({ path: limit });
    expect((await waitJob(api, opened.jobId)).state).toBe('done');
    expect((await api.getCase({ caseId: opened.caseId })).columns).toHaveLength(20_000);
  });
});
