/**
 * Issue #7, nothing lost: a failing export (the folder is a file, a path under a file, the disk
 * fills up, permission denied, the final rename fails) says so clearly, leaves no partial file and
 * no temporary file, and leaves an earlier complete export exactly as it was. The tests run as
 * root, so disk-full and permission errors are injected (inject.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../core/api/service.ts';
import { CsvSink } from '../../core/report/csv-sink.ts';
import { writeCsvAtomic } from '../../core/csv/write.ts';
import { writeWhatsAppList } from '../bench/generate.ts';
import { makeService, tempDir, waitJob } from '../helpers/service.ts';
import { failMkdirReadOnly, failTempOpen, failTempRename, failTempWrites } from './inject.ts';
import { cli, expectNoPollution, fingerprint, leftovers, STACK_FRAME } from './support.ts';

const ROWS = 3_000;
let root: string;
let list: string;
let listPrint: ReturnType<typeof fingerprint>;
let api: Service;
let caseId: string;
let restore: (() => void) | undefined;

beforeAll(async () => {
  root = tempDir('listprep-export-failures-');
  list = path.join(root, 'list.csv');
  await writeWhatsAppList(list, ROWS, 3);
  listPrint = fingerprint(list);
  ({ api } = makeService());
  const opened = await api.openFile({ path: list });
  expect((await waitJob(api, opened.jobId)).state).toBe('done');
  caseId = opened.caseId;
});

afterEach(() => {
  restore?.();
  restore = undefined;
  expect(fingerprint(list)).toEqual(listPrint);
  expectNoPollution();
});

afterAll(() => {
  api.close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Every file in a folder with its content hash, to show an earlier export was left as it was. */
function snapshotFolder(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((name) => [name, fingerprint(path.join(dir, name)).hash]));
}

async function exportTo(dir: string, extra: { conflicts?: boolean; snapshot?: boolean } = {}) {
  return waitJob(api, (await api.exportFiles({ caseId, dir, ...extra })).jobId, 30_000);
}

const EXPORT_NAMES = ['list.errors.csv', 'list.rejected.csv', 'list.upload-ready.csv'];

describe('exporting into a place that is not a folder', () => {
  it('the Api refuses a folder that is a file, clearly, and leaves the file alone', async () => {
    const file = path.join(root, 'not-a-folder');
    fs.writeFileSync(file, 'keep me');
    const call = api.exportFiles({ caseId, dir: file });
    await expect(call).rejects.toMatchObject({ code: 'export.failed' });
    const message = (await call.catch((e: Error) => e)) as Error;
    expect(message.message).toBe(`Cannot write to "${file}": it is a file, not a folder. Nothing was written; choose another folder.`);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('the Api refuses a path under a file', async () => {
    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, 'x');
    const dir = path.join(file, 'exports');
    await expect(api.exportFiles({ caseId, dir })).rejects.toMatchObject({
      code: 'export.failed',
      message: `Cannot write to "${dir}": a part of the path is a file, not a folder. Nothing was written; choose another folder.`,
    });
  });

  it('the CLI says so in one line (exit 2) for --out that is a file, and for a path under a file', async () => {
    const file = path.join(root, 'out-file');
    fs.writeFileSync(file, 'keep me');
    const asFile = await cli('check', list, '--out', file);
    expect(asFile).toMatchObject({ code: 2, stdout: '' });
    expect(asFile.stderr).toBe(`listprep: export.failed: Cannot write to "${file}": it is a file, not a folder. Nothing was written; choose another folder.\n`);
    const under = await cli('check', list, '--out', path.join(file, 'sub'), '--json');
    expect(under.code).toBe(2);
    expect(under.stdout).toBe('');
    expect(under.stderr).toMatch(/^listprep: export\.failed: Cannot write to ".*out-file\/sub": a part of the path is a file, not a folder\./);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('apply --to under a file fails clearly and writes nothing', async () => {
    const file = path.join(root, 'to-file');
    fs.writeFileSync(file, 'x');
    const contacts = path.join(root, 'contacts.csv');
    fs.writeFileSync(contacts, 'contact_id,channel,WhatsApp_mobile,created_at\nW1,whatsapp,+886912345678,2024-01-01 00:00:00\n');
    const { code, stderr } = await cli('apply', list, '--contacts', contacts, '--to', path.join(file, 'after.csv'));
    expect(code).toBe(2);
    expect(stderr).toBe(`listprep: export.failed: Could not write "${path.join(file, 'after.csv')}": "${file}" is not a folder. Nothing was written there. Choose another folder, then try again.\n`);
  });
});

describe('the disk fills up in the middle of an export', () => {
  it('the Api job fails with "the disk is full", no temporary file, and the earlier export is intact', async () => {
    const dir = path.join(root, 'full');
    expect((await exportTo(dir)).state).toBe('done');
    const earlier = snapshotFolder(dir);
    expect(Object.keys(earlier)).toEqual(EXPORT_NAMES);

    restore = await failTempWrites('ENOSPC', 64 * 1024);
    const job = await exportTo(dir);
    restore();
    restore = undefined;
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/^Could not write ".*\/full\/list\.[a-z-]+\.csv": the disk is full\. Nothing was written there\. Free some space on that disk, or choose a folder on another disk, then try again\.$/);
    expect(job.error).not.toMatch(STACK_FRAME);
    expect(snapshotFolder(dir)).toEqual(earlier);
    expect(leftovers(dir)).toEqual([]);
    // The case is untouched and a new export works once there is room again.
    expect((await api.getCase({ caseId })).state).toBe('ready');
    expect((await exportTo(dir)).state).toBe('done');
    expect(snapshotFolder(dir)).toEqual(earlier);
  });

  it('the disk fills up at the first byte: the job fails and nothing is written', async () => {
    const dir = path.join(root, 'full-at-once');
    restore = await failTempWrites('ENOSPC', 0);
    const job = await exportTo(dir);
    expect(job.state).toBe('failed');
    expect(job.error).toContain('the disk is full');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('while writing the simulated snapshot (after the streamed files): the job fails and no file of the set is written', async () => {
    const dir = path.join(root, 'full-snapshot');
    restore = await failTempWrites('ENOSPC', 100, 'handles');
    const job = await exportTo(dir, { snapshot: true, conflicts: true });
    expect(job.state).toBe('failed');
    expect(job.error).toBe(`Could not write "${path.join(dir, 'list.snapshot.csv')}": the disk is full. Nothing was written there. Free some space on that disk, or choose a folder on another disk, then try again.`);
    expect(leftovers(dir)).toEqual([]);
    // All or nothing (issue #16): the streamed files, complete on disk, were not put in place either.
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('writeCsvAtomic: a full disk leaves neither the target nor a temporary file', async () => {
    const dir = path.join(root, 'full-atomic');
    fs.mkdirSync(dir);
    const target = path.join(dir, 'snapshot.csv');
    restore = await failTempWrites('ENOSPC', 100);
    const rows = Array.from({ length: 2_000 }, (_, i) => [`W${i}`, 'whatsapp', `+88691234${String(i).padStart(4, '0')}`]);
    await expect(writeCsvAtomic(target, ['contact_id', 'channel', 'WhatsApp_mobile'], rows)).rejects.toThrow(
      `Could not write "${target}": the disk is full. Nothing was written there. Free some space on that disk, or choose a folder on another disk, then try again.`,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('the CLI with --out: exit 2, one clear line, no partial or temporary file', async () => {
    const dir = path.join(root, 'cli-full');
    restore = await failTempWrites('ENOSPC', 32 * 1024);
    const { code, stdout, stderr } = await cli('check', list, '--out', dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^listprep: export\.failed: Could not write ".*cli-full\/list\.[a-z-]+\.csv": the disk is full\. .*\n$/);
    expect(stderr.split('\n')).toHaveLength(2);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('an I/O error mid-export is reported in plain words, no temporary file', async () => {
    const dir = path.join(root, 'eio');
    restore = await failTempWrites('EIO', 16 * 1024);
    const job = await exportTo(dir);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/^Could not write ".*\/eio\/list\.[a-z-]+\.csv": the disk reported an error while writing\. Nothing was written there\. Check that the disk \(or network share\) is still connected, or choose another folder, then try again\.$/);
    expect(job.error).not.toContain('EIO');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('permission denied', () => {
  it('creating the temporary file: the job fails saying permission was denied, nothing written', async () => {
    const dir = path.join(root, 'denied');
    restore = failTempOpen('EACCES');
    const job = await exportTo(dir, { snapshot: true });
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/^Could not write ".*denied\/list\.[a-z-]+\.csv": permission was denied in the folder ".*denied" \(or the file is open in another program\)\. Nothing was written there\. Choose a folder you are allowed to write to, or close the program that has the file open, then try again\.$/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('renaming into place (the target is locked): the job fails, no temporary file is left, no file of the set is in place', async () => {
    const dir = path.join(root, 'locked');
    restore = failTempRename('EACCES', (target) => target.endsWith('.upload-ready.csv'));
    const job = await exportTo(dir);
    expect(job.state).toBe('failed');
    expect(job.error).toBe(`Could not write "${path.join(dir, 'list.upload-ready.csv')}": permission was denied in the folder "${dir}" (or the file is open in another program). Nothing was written there. The files of the earlier export were left as they were. Choose a folder you are allowed to write to, or close the program that has the file open, then try again.`);
    expect(leftovers(dir)).toEqual([]);
    // The error report and rejected rows were renamed before the failure: they were taken back.
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a rename failing between the files of a set leaves the previous set whole (issue #16: all or nothing)', async () => {
    const dir = path.join(root, 'between-renames');
    expect((await exportTo(dir, { conflicts: true, snapshot: true })).state).toBe('done');
    const earlier = snapshotFolder(dir);
    expect(Object.keys(earlier)).toEqual(['list.conflicts.csv', 'list.errors.csv', 'list.rejected.csv', 'list.snapshot.csv', 'list.upload-ready.csv']);
    // A different set (the report in Chinese): the error report and rejected rows are renamed, then the upload-ready file fails.
    restore = failTempRename('EACCES', (target) => target.endsWith('.upload-ready.csv'));
    const job = await waitJob(api, (await api.exportFiles({ caseId, dir, conflicts: true, snapshot: true, lang: 'zh-TW' })).jobId, 30_000);
    restore();
    restore = undefined;
    expect(job.state).toBe('failed');
    expect(snapshotFolder(dir)).toEqual(earlier);
    expect(leftovers(dir)).toEqual([]);
    // Once the target can be written, the new set replaces the old one whole.
    expect((await waitJob(api, (await api.exportFiles({ caseId, dir, conflicts: true, snapshot: true, lang: 'zh-TW' })).jobId, 30_000)).state).toBe('done');
    const after = snapshotFolder(dir);
    expect(after['list.errors.csv']).not.toBe(earlier['list.errors.csv']);
    expect(after['list.upload-ready.csv']).toBe(earlier['list.upload-ready.csv']);
  });

  it('saving the case under a file fails clearly and leaves no temporary file', async () => {
    const file = path.join(root, 'save-file');
    fs.writeFileSync(file, 'x');
    const target = path.join(file, 'copy.listprep');
    const error = (await api.saveCaseAs({ caseId, path: target }).catch((e: unknown) => e)) as { code: string; message: string };
    expect(error).toMatchObject({ code: 'export.failed' });
    expect(error.message).toBe(`Could not save the case to "${target}": "${file}" is not a folder. Nothing was changed there. Choose another folder, then try again.`);
    expect(fs.readdirSync(root).filter((n) => n.includes('listprep-tmp'))).toEqual([]);
  });
});

describe('a read-only disk (issue #16: no raw EROFS, no "free space", no "does not exist")', () => {
  const READ_ONLY = 'is on a read-only disk. Nothing was written';
  const ADVICE = 'Choose a folder on a disk you can write to (not a read-only drive, disk image or share), then try again.';

  it('an export into a folder on it: the job says the disk is read-only and what to do', async () => {
    const dir = path.join(root, 'read-only');
    fs.mkdirSync(dir);
    restore = failTempOpen('EROFS');
    const job = await exportTo(dir);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(new RegExp(`^Could not write ".*/read-only/list\\.[a-z-]+\\.csv": the folder "${dir}" ${READ_ONLY} there\\. ${ADVICE.replace(/[().]/g, '\\$&')}$`));
    expect(job.error).not.toMatch(/EROFS|free|space/i);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a folder to make on it: the Api and the CLI say read-only, not "does not exist"', async () => {
    const dir = path.join(root, 'ro-mount', 'exports');
    fs.mkdirSync(path.dirname(dir));
    restore = failMkdirReadOnly(path.dirname(dir));
    const expected = `Cannot write to "${dir}": the folder "${dir}" ${READ_ONLY}. ${ADVICE}`;
    await expect(api.exportFiles({ caseId, dir })).rejects.toMatchObject({ code: 'export.failed', message: expected });
    const run = await cli('check', list, '--out', dir);
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: `listprep: export.failed: ${expected}\n` });
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('backpressure', () => {
  it('a long streamed file does not pile up listeners on its stream (one per wait would leak)', async () => {
    const dir = path.join(root, 'listeners');
    fs.mkdirSync(dir);
    const sink = new CsvSink(path.join(dir, 'big.csv'), ['a', 'b'], { neutralizeFormulas: true });
    const stream = (sink as unknown as { stream: fs.WriteStream }).stream;
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const cell = 'x'.repeat(20_000); // each row is past the stream's buffer: every write waits for drain
      for (let i = 0; i < 200; i++) await sink.write([cell, String(i)]);
      expect(stream.listenerCount('error')).toBeLessThanOrEqual(1);
      expect(stream.listenerCount('drain')).toBe(0);
      expect(await sink.commit()).toBe(200);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
    expect(fs.statSync(path.join(dir, 'big.csv')).size).toBeGreaterThan(200 * 20_000);
  });
});
