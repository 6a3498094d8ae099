/**
 * Issue #17 item 5: find and replace, set a column for the filtered rows, exclude rows. Each is one
 * fix job and one undoable step; the preview counts what the edit would change; excluded rows stay
 * in the case and are left out of the upload-ready file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Service } from '../../core/api/service.ts';
import { fixed, makeService, openChecked, tempDir, waitJob } from '../helpers/service.ts';
import { testWorkerSettings } from '../helpers/test-worker.ts';

let api: Service | undefined;
afterEach(() => api?.close());

const LIST = [
  'customer_id,display_name,email,messaging_status,tag',
  'C-1,Amy Chen,amy@example.com,subscribed,vip',
  'C-2,Bob Lin,bob@example.com,subscribed,VIP',
  'C-3,Carol Wu,carol@example,subscribed,vip member',
  'C-4,Dan Ho,dan@example.com,subscribed,new',
].join('\n') + '\n';

/** `inWorkers`: fix jobs of many rows run in a worker thread, as in the app. */
async function emailCase(inWorkers = false) {
  const dir = tempDir();
  const file = path.join(dir, 'list.csv');
  fs.writeFileSync(file, LIST);
  api = makeService(inWorkers ? { worker: testWorkerSettings() } : {}).api;
  const caseId = await openChecked(api, file, { channel: 'email', key: 'email' });
  return { service: api, caseId };
}

async function cellsOf(service: Service, caseId: string) {
  return (await service.queryRows({ caseId, offset: 0, limit: 100 })).rows.map((r) => r.cells);
}

async function uploadFile(service: Service, caseId: string): Promise<string> {
  const dir = tempDir();
  const job = await waitJob(service, (await service.exportFiles({ caseId, dir, errorReport: false, rejectedRows: false })).jobId);
  expect(job.state).toBe('done');
  const name = fs.readdirSync(dir).find((n) => n.includes('upload-ready'))!;
  return fs.readFileSync(path.join(dir, name), 'utf8');
}

describe('spreadsheet-like edits', () => {
  it('previews and applies a find and replace in one column, case-insensitive, and undo/redo restore it exactly', async () => {
    const { service, caseId } = await emailCase();
    const before = await cellsOf(service, caseId);
    const fix = { kind: 'replace' as const, find: 'vip', replace: 'Gold', columnIndex: 4 };
    expect(await service.previewEdit({ caseId, fix })).toEqual({ cells: 3, rows: 3, complete: true });
    expect(await service.previewEdit({ caseId, fix: { ...fix, matchCase: true } })).toEqual({ cells: 2, rows: 2, complete: true });
    expect(await service.previewEdit({ caseId, fix: { ...fix, wholeCell: true } })).toEqual({ cells: 2, rows: 2, complete: true });
    // In column 2 (display_name) there is no "vip": nothing would change.
    expect(await service.previewEdit({ caseId, fix: { ...fix, columnIndex: 1 } })).toEqual({ cells: 0, rows: 0, complete: true });

    expect(await fixed(service, service.applyFix({ caseId, fix }))).toEqual({ changedRows: 3 });
    const after = await cellsOf(service, caseId);
    expect(after.map((c) => c[4])).toEqual(['Gold', 'Gold', 'Gold member', 'new']);
    expect((await service.fixLog({ caseId })).map((e) => [e.description, e.changedRows])).toEqual([['Replaced "vip" with "Gold" in column 5 (3 rows)', 3]]);

    await fixed(service, service.undo({ caseId }));
    expect(await cellsOf(service, caseId)).toEqual(before);
    await fixed(service, service.redo({ caseId }));
    expect(await cellsOf(service, caseId)).toEqual(after);
  });

  it('replaces in every column, every match in a cell, and re-checks the touched rows (in a worker)', async () => {
    const { service, caseId } = await emailCase(true);
    const badRow = (await service.queryRows({ caseId, offset: 0, limit: 10, filter: { severity: 'error' } })).rows.map((r) => r.row);
    expect(badRow).toEqual([4]);
    expect(await service.previewEdit({ caseId, fix: { kind: 'replace', find: '@example', replace: '@mail.example' } })).toEqual({ cells: 4, rows: 4, complete: true });
    await fixed(service, service.applyFix({ caseId, fix: { kind: 'replace', find: 'carol@example', replace: 'carol@example.org', wholeCell: true } }));
    expect((await service.getRow({ caseId, row: 4 })).cells[2]).toBe('carol@example.org');
    expect((await service.queryRows({ caseId, offset: 0, limit: 10, filter: { severity: 'error' } })).total).toBe(0);
  });

  it('a replace that makes two rows share a key re-simulates them, and undo restores every row exactly', async () => {
    const { service, caseId } = await emailCase();
    const page = async () => (await service.queryRows({ caseId, offset: 0, limit: 100 })).rows;
    const before = await page();
    expect(before.map((r) => r.outcome)).toEqual(['create', 'create', 'fail', 'create']);
    // bob@ becomes amy@: row 3 now repeats row 2's key (R-M6 replays them together).
    await fixed(service, service.applyFix({ caseId, fix: { kind: 'replace', find: 'bob@', replace: 'amy@', columnIndex: 2 } }));
    const after = await page();
    expect(after[1].cells[2]).toBe('amy@example.com');
    expect(after[1].issues.map((i) => i.code)).toContain('key.duplicate_in_file');
    expect(after[1].outcome).not.toBe('create');
    await fixed(service, service.undo({ caseId }));
    expect(await page()).toEqual(before);
    await fixed(service, service.redo({ caseId }));
    expect(await page()).toEqual(after);
  });

  it('sets a column for the filtered rows only', async () => {
    const { service, caseId } = await emailCase();
    const fix = { kind: 'set' as const, value: 'checked', columnIndex: 4, filter: { text: 'example.com' } };
    expect(await service.previewEdit({ caseId, fix })).toEqual({ cells: 3, rows: 3, complete: true });
    expect(await fixed(service, service.applyFix({ caseId, fix }))).toEqual({ changedRows: 3 });
    expect((await cellsOf(service, caseId)).map((c) => c[4])).toEqual(['checked', 'checked', 'vip member', 'checked']);
    expect((await service.fixLog({ caseId }))[0].description).toBe('Set column 5 to "checked" (3 rows)');
    await expect(service.applyFix({ caseId, fix: { ...fix, columnIndex: 9 } })).rejects.toMatchObject({ code: 'input.invalid' });
  });

  it('excludes rows: marked, counted, left out of the upload-ready file, and undo brings them back', async () => {
    const { service, caseId } = await emailCase();
    const fullUpload = await uploadFile(service, caseId);
    expect(fullUpload).toContain('bob@example.com');
    expect(await service.previewEdit({ caseId, fix: { kind: 'exclude', rows: [3], excluded: true } })).toEqual({ cells: 1, rows: 1, complete: true });
    expect(await fixed(service, service.applyFix({ caseId, fix: { kind: 'exclude', rows: [3], excluded: true } }))).toEqual({ changedRows: 1 });
    expect((await service.getRow({ caseId, row: 3 })).excluded).toBe(true);
    expect((await service.queryRows({ caseId, offset: 0, limit: 10 })).rows.map((r) => r.excluded ?? false)).toEqual([false, true, false, false]);
    const counts = await service.getCounts({ caseId, filter: {} });
    expect(counts.rows).toBe(4);
    expect(counts.excluded).toEqual({ rows: 1, uploadable: 1 });
    // Excluding it again changes nothing (no second log entry).
    expect(await service.previewEdit({ caseId, fix: { kind: 'exclude', rows: [3], excluded: true } })).toEqual({ cells: 0, rows: 0, complete: true });

    const upload = await uploadFile(service, caseId);
    expect(upload).not.toContain('bob@example.com');
    expect(upload.split('\n').filter((l) => l !== '')).toEqual(fullUpload.split('\n').filter((l) => l !== '' && !l.includes('bob@example.com')));
    expect((await service.fixLog({ caseId })).map((e) => e.description)).toEqual(['Excluded 1 row from the upload-ready file']);

    await fixed(service, service.undo({ caseId }));
    expect((await service.getRow({ caseId, row: 3 })).excluded).toBeUndefined();
    expect((await service.getCounts({ caseId, filter: {} })).excluded).toBeUndefined();
    expect(await uploadFile(service, caseId)).toBe(fullUpload);
  });

  it('excludes and includes the rows of a filter (in a worker)', async () => {
    const { service, caseId } = await emailCase(true);
    await fixed(service, service.applyFix({ caseId, fix: { kind: 'exclude', filter: { text: 'vip' }, excluded: true } }));
    expect((await service.getCounts({ caseId, filter: {} })).excluded).toEqual({ rows: 3, uploadable: 2 });
    // The grid's "excluded rows only" filter, with the other filters and sorts, and its counts.
    expect((await service.queryRows({ caseId, offset: 0, limit: 10, filter: { excluded: true } })).rows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect((await service.queryRows({ caseId, offset: 0, limit: 10, filter: { excluded: true }, sort: { by: 'row', dir: 'desc' } })).rows.map((r) => r.row)).toEqual([4, 3, 2]);
    expect((await service.queryRows({ caseId, offset: 1, limit: 10, filter: { excluded: true, severity: 'error' } }))).toMatchObject({ total: 1, rows: [] });
    expect((await service.queryRows({ caseId, offset: 0, limit: 10, filter: { excluded: true, text: 'BOB' } })).rows.map((r) => r.row)).toEqual([3]);
    const excludedCounts = await service.getCounts({ caseId, filter: { excluded: true } });
    expect([excludedCounts.rows, excludedCounts.byOutcome.fail, excludedCounts.bySeverity.error, excludedCounts.byCode.map((c) => [c.code, c.count])]).toEqual([3, 1, 1, [['email.invalid', 1]]]);
    // Setting a value for the excluded rows reaches only them.
    expect(await service.previewEdit({ caseId, fix: { kind: 'set', value: 'x', columnIndex: 4, filter: { excluded: true } } })).toEqual({ cells: 3, rows: 3, complete: true });
    expect(await fixed(service, service.applyFix({ caseId, fix: { kind: 'exclude', filter: {}, excluded: false } }))).toEqual({ changedRows: 3 });
    expect((await service.getCounts({ caseId, filter: {} })).excluded).toBeUndefined();
    await expect(service.applyFix({ caseId, fix: { kind: 'exclude', rows: [99], excluded: true } })).rejects.toMatchObject({ code: 'input.invalid' });
    await expect(service.applyFix({ caseId, fix: { kind: 'exclude', excluded: true } })).rejects.toMatchObject({ code: 'input.invalid' });
  });
});
