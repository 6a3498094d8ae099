/**
 * An export set, all or nothing (core/csv/file-set.ts): renamed into place together, the previous
 * set back whole when a rename fails, and what a dead process left cleaned by `recoverFolder`
 * (kills themselves: test/reliability/crash-recovery.test.ts).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileSet, recoverFolder } from '../../core/csv/file-set.ts';
import { tempDir } from '../helpers/service.ts';

afterEach(() => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
});

const contents = (dir: string) => Object.fromEntries(fs.readdirSync(dir).sort().map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]));
const stageAll = (set: FileSet, dir: string, files: Record<string, string>) => {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(set.stage(path.join(dir, name)), text);
};
/** A process id that is surely not running: a child that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('FileSet', () => {
  it('puts every staged file in place on commit, and nothing before', async () => {
    const dir = tempDir();
    const set = new FileSet();
    stageAll(set, dir, { 'a.csv': 'A', 'b.csv': 'B' });
    expect(fs.readdirSync(dir).every((n) => new RegExp(`^[ab]\\.csv\\.${process.pid}\\.[0-9a-f]{12}\\.listprep-tmp$`).test(n))).toBe(true);
    await set.commit();
    expect(contents(dir)).toEqual({ 'a.csv': 'A', 'b.csv': 'B' });
  });

  it('a rename failing after others succeeded puts the previous set back, whole, and leaves nothing over', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.csv'), 'old A');
    fs.writeFileSync(path.join(dir, 'b.csv'), 'old B');
    const set = new FileSet();
    stageAll(set, dir, { 'a.csv': 'new A', 'b.csv': 'new B', 'c.csv': 'new C' });
    const realRename = fsp.rename;
    vi.spyOn(fsp, 'rename').mockImplementation(async (from, to) => {
      if (String(to).endsWith('c.csv')) throw Object.assign(new Error('EACCES: permission denied, rename'), { code: 'EACCES' });
      return realRename(from, to);
    });
    syncBuiltinESMExports();
    await expect(set.commit()).rejects.toThrow(`Could not write "${path.join(dir, 'c.csv')}": permission was denied in the folder "${dir}" (or the file is open in another program). Nothing was written there. The files of the earlier export were left as they were. Choose a folder you are allowed to write to, or close the program that has the file open, then try again.`);
    expect(contents(dir)).toEqual({ 'a.csv': 'old A', 'b.csv': 'old B' });
  });

  it('discard removes the temporaries; a set cannot be staged into after it is settled', async () => {
    const dir = tempDir();
    const set = new FileSet();
    stageAll(set, dir, { 'a.csv': 'A' });
    set.discard();
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(() => set.stage(path.join(dir, 'b.csv'))).toThrow('This export set is already written.');
  });
});

describe('recoverFolder', () => {
  it('removes temporaries and kept copies of a dead process, keeps a running one\'s and everyone else\'s', () => {
    const dir = tempDir();
    const dead = deadPid();
    const files = {
      [`a.csv.${dead}.0123456789ab.listprep-tmp`]: 'dead temp',
      [`a.csv.${dead}.0123456789ab.listprep-old`]: 'dead kept',
      [`b.csv.${process.pid}.0123456789ab.listprep-tmp`]: 'live temp',
      'notes.listprep-tmp': 'not ours',
      'a.csv.0123456789ab.listprep-tmp': 'an older ListPrep: no process id, left alone',
      'a.csv': 'the user\'s',
    };
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    expect(recoverFolder(dir).sort()).toEqual([`a.csv.${dead}.0123456789ab.listprep-old`, `a.csv.${dead}.0123456789ab.listprep-tmp`]);
    expect(Object.keys(contents(dir))).toEqual(['a.csv', 'a.csv.0123456789ab.listprep-tmp', `b.csv.${process.pid}.0123456789ab.listprep-tmp`, 'notes.listprep-tmp']);
  });

  it('finishes a dead process\'s journaled set, but renames nothing out of the folder', () => {
    const dir = tempDir();
    const elsewhere = tempDir();
    const dead = deadPid();
    const temp = (name: string) => path.join(dir, `${name}.${dead}.0123456789ab.listprep-tmp`);
    fs.writeFileSync(temp('a.csv'), 'new A');
    fs.writeFileSync(path.join(dir, 'a.csv'), 'old A');
    fs.writeFileSync(path.join(elsewhere, 'x.csv'), 'keep');
    fs.writeFileSync(temp('x.csv'), 'should not leave the folder');
    fs.writeFileSync(path.join(dir, `.${dead}.0123456789ab.listprep-set`), JSON.stringify({ renames: [
      { from: temp('a.csv'), target: path.join(dir, 'a.csv'), kept: path.join(dir, `a.csv.${dead}.0123456789ab.listprep-old`) },
      { from: temp('x.csv'), target: path.join(elsewhere, 'x.csv'), kept: path.join(elsewhere, 'x.csv.old') },
    ] }));
    recoverFolder(dir);
    expect(contents(dir)).toEqual({ 'a.csv': 'new A' });
    expect(contents(elsewhere)).toEqual({ 'x.csv': 'keep' });
  });

  it('a folder that does not exist has nothing to clean', () => {
    expect(recoverFolder(path.join(tempDir(), 'missing'))).toEqual([]);
  });
});
