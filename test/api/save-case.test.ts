/**
 * Issue #16, item 1: "Save case as" is safe in every order, with jobs in worker threads as in the
 * app. Saving onto the file the case is open from is a checkpoint (one file for the case's
 * connection and its workers); onto another open case it is refused; a log left beside an old
 * file is never replayed into the new one.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, makeService, openChecked, tempDir, waitJob, fixed } from '../helpers/service.ts';
import { type Service } from '../../core/api/service.ts';
import { TEMP_SUFFIX } from '../../core/csv/atomic.ts';
import { testWorkerSettings } from '../helpers/test-worker.ts';

let api: Service | undefined;
afterEach(() => api?.close());

const withWorkers = () => makeService({ worker: testWorkerSettings() }).api;
/** The sample list checked and saved as `x`, its case closed: a case file to open again. */
const savedSample = async (service: Service, x: string) => {
  const first = await openChecked(service, fixture('whatsapp-from-excel.csv'));
  expect(await service.saveCaseAs({ caseId: first, path: x })).toEqual({ casePath: x });
  await service.closeCase({ caseId: first });
};

/** SQLite finds the file sound. */
const expectSound = (file: string) => {
  const db = new Database(file, { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
};

const done = async (service: Service, jobId: string | undefined) => {
  expect(jobId).toBeDefined();
  expect((await waitJob(service, jobId!, 30_000)).state).toBe('done');
};

describe('save case as, in every order', () => {
  it('open a list, save as X, reopen X, edit, save as X again, edit, re-check, bulk fix, reopen: nothing is lost', { timeout: 60_000 }, async () => {
    api = withWorkers();
    const dir = tempDir();
    const x = path.join(dir, 'customer.listprep');
    await savedSample(api, x);

    const { caseId } = await api.openCase({ path: x });
    await fixed(api, api.applyFix({ caseId, fix: { kind: 'cell', row: 4, columnIndex: 1, value: 'opted_in' } }));
    // Onto the file it is open from: nothing renamed, the same file stays under every connection.
    const inode = fs.statSync(x).ino;
    expect(await api.saveCaseAs({ caseId, path: x })).toEqual({ casePath: x });
    expect(fs.statSync(x).ino).toBe(inode);
    expect(fs.existsSync(`${x}-wal`) ? fs.statSync(`${x}-wal`).size : 0).toBe(0);

    await fixed(api, api.applyFix({ caseId, fix: { kind: 'cell', row: 3, columnIndex: 2, value: 'Edited after saving' } }));
    await fixed(api, api.applyFix({ caseId, fix: { kind: 'issue', row: 5, columnIndex: 1, code: 'status.invalid' } }));
    await done(api, (await api.setOptions({ caseId, region: 'TW' })).jobId); // a full re-check in a worker
    await fixed(api, api.applyFix({ caseId, fix: { kind: 'code', code: 'date.invalid' } }));
    const counts = await api.getCounts({ caseId, filter: {} });
    const log = (await api.fixLog({ caseId })).map((f) => f.description);
    expect(log).toHaveLength(4);
    await api.closeCase({ caseId });
    expect(fs.readdirSync(dir).filter((n) => n.endsWith(TEMP_SUFFIX))).toEqual([]);

    const { caseId: reopened } = await api.openCase({ path: x });
    expect((await api.getRow({ caseId: reopened, row: 4 })).cells[1]).toBe('opted_in');
    expect((await api.getRow({ caseId: reopened, row: 3 })).cells[2]).toBe('Edited after saving');
    expect((await api.getRow({ caseId: reopened, row: 5 })).cells[1]).toBe('opted_in');
    expect((await api.getRow({ caseId: reopened, row: 2 })).cells[6]).toBe('1988-07-09');
    expect(await api.getCounts({ caseId: reopened, filter: {} })).toEqual(counts);
    expect((await api.fixLog({ caseId: reopened })).map((f) => f.description)).toEqual(log);
    expectSound(x);
  });

  it('saving through a link to the open file is the same checkpoint', async () => {
    api = withWorkers();
    const dir = tempDir();
    const x = path.join(dir, 'customer.listprep');
    await savedSample(api, x);
    const link = path.join(dir, 'link.listprep');
    fs.symlinkSync(x, link);
    const { caseId } = await api.openCase({ path: x });
    await fixed(api, api.applyFix({ caseId, fix: { kind: 'code', code: 'date.invalid' } }));
    const inode = fs.statSync(x).ino;
    expect(await api.saveCaseAs({ caseId, path: link })).toEqual({ casePath: x });
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.statSync(x).ino).toBe(inode);
    await fixed(api, api.applyFix({ caseId, fix: { kind: 'code', code: 'gender.invalid' } }));
    await api.closeCase({ caseId });
    const { caseId: reopened } = await api.openCase({ path: link });
    expect((await api.fixLog({ caseId: reopened })).map((f) => f.fix)).toEqual([{ kind: 'code', code: 'date.invalid' }, { kind: 'code', code: 'gender.invalid' }]);
  });

  it('refuses to save onto the file of another open case, and leaves that case as it was', async () => {
    api = withWorkers();
    const dir = tempDir();
    const x = path.join(dir, 'customer.listprep');
    const one = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    await api.saveCaseAs({ caseId: one, path: x });
    await api.closeCase({ caseId: one });
    const { caseId: open } = await api.openCase({ path: x });
    const other = await openChecked(api, fixture('edm-big5.csv'));
    const before = fs.readFileSync(x);
    const refused = api.saveCaseAs({ caseId: other, path: path.join(dir, '.', 'customer.listprep') });
    await expect(refused).rejects.toMatchObject({ code: 'case.in_use' });
    await expect(refused).rejects.toThrow(`"${x}" is the file of another case open in ListPrep ("whatsapp-from-excel.csv"). Close that case first, or save under another name.`);
    expect(fs.readFileSync(x).equals(before)).toBe(true);
    expect((await api.getCase({ caseId: open })).fileName).toBe('whatsapp-from-excel.csv');
    // Its own file, the one in the data folder, is refused for another case too.
    const { casePath } = await api.getCase({ caseId: other });
    await expect(api.saveCaseAs({ caseId: open, path: casePath })).rejects.toMatchObject({ code: 'case.in_use' });
  });

  it('removes the copy a killed save left beside the file, and only copies whose process is gone', async () => {
    api = makeService().api;
    const dir = tempDir();
    const x = path.join(dir, 'customer.listprep');
    // A process id no process has (above Linux's pid_max), and this process's own.
    const stale = path.join(dir, `customer.listprep.4194399.0123456789ab${TEMP_SUFFIX}`);
    const live = path.join(dir, `customer.listprep.${process.pid}.0123456789ab${TEMP_SUFFIX}`);
    fs.writeFileSync(stale, 'half a copy');
    fs.writeFileSync(live, 'a copy being written');
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    await api.saveCaseAs({ caseId, path: x });
    expect(fs.readdirSync(dir).sort()).toEqual([path.basename(x), path.basename(live)].sort());
  });

  it('refuses to replace a case file another program has open', async () => {
    api = withWorkers();
    const dir = tempDir();
    const x = path.join(dir, 'customer.listprep');
    const one = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    await api.saveCaseAs({ caseId: one, path: x });
    const holder = new Database(x);
    try {
      holder.pragma('journal_mode = WAL');
      holder.prepare("UPDATE meta SET value = value WHERE name = 'case'").run();
      await expect(api.saveCaseAs({ caseId: one, path: x.replace('customer', './customer') })).rejects.toMatchObject({ code: 'case.in_use' });
      expect(holder.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      holder.close();
    }
  });

  it('a log left beside the old file by a killed ListPrep is not replayed into the new one', async () => {
    api = withWorkers();
    const dir = tempDir();
    const x = path.join(dir, 'customer.listprep');
    const big5 = await openChecked(api, fixture('edm-big5.csv'));
    await api.saveCaseAs({ caseId: big5, path: x });
    // What a killed process leaves: the file and its log with committed, uncheckpointed writes.
    const writer = new Database(x);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare("UPDATE meta SET value = json_set(value, '$.fileName', 'stale.csv') WHERE name = 'case'").run();
    const stale = path.join(dir, 'stale.listprep');
    fs.copyFileSync(x, stale);
    fs.copyFileSync(`${x}-wal`, `${stale}-wal`);
    writer.close();
    expect(fs.statSync(`${stale}-wal`).size).toBeGreaterThan(0);

    const whatsapp = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    await api.saveCaseAs({ caseId: whatsapp, path: stale });
    expect(fs.existsSync(`${stale}-wal`)).toBe(false);
    const { caseId } = await api.openCase({ path: stale });
    expect(await api.getCase({ caseId })).toMatchObject({ fileName: 'whatsapp-from-excel.csv', rows: 6, channel: 'whatsapp' });
    expectSound(stale);
  });

  it('a case file deleted while open is not "saved" by a checkpoint into nothing', async () => {
    api = withWorkers();
    const dir = tempDir();
    const x = path.join(dir, 'customer.listprep');
    await savedSample(api, x);
    const { caseId } = await api.openCase({ path: x });
    await fixed(api, api.applyFix({ caseId, fix: { kind: 'code', code: 'date.invalid' } }));
    for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name));
    await expect(api.saveCaseAs({ caseId, path: x })).rejects.toMatchObject({
      code: 'case.moved',
      message: `The case file "${x}" was moved, deleted or replaced by another program after ListPrep opened it, so saving there would not keep this case. Save it under another name.`,
    });
    // Under another name the copy holds the fix.
    const y = path.join(dir, 'rescued.listprep');
    await api.saveCaseAs({ caseId, path: y });
    await api.closeCase({ caseId });
    const { caseId: rescued } = await api.openCase({ path: y });
    expect((await api.fixLog({ caseId: rescued })).map((f) => f.fix)).toEqual([{ kind: 'code', code: 'date.invalid' }]);
  });
});
