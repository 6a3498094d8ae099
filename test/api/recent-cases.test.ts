/** The recent-cases list (issue #17): where each case is, and no entry for an open that failed. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RecentCases } from '../../core/api/recent-cases.ts';
import type { Service } from '../../core/api/service.ts';
import { fixture, makeService, openChecked, tempDir } from '../helpers/service.ts';

let api: Service | undefined;
afterEach(() => api?.close());

describe('RecentCases', () => {
  it('keeps the list file and the source path, newest first, and removes one by any spelling of its path', () => {
    const dir = tempDir('listprep-recent-');
    const recent = new RecentCases(path.join(dir, 'recent.json'));
    const a = path.join(dir, 'a.listprep');
    const b = path.join(dir, 'b.listprep');
    fs.writeFileSync(a, '');
    fs.writeFileSync(b, '');
    recent.add({ casePath: a, fileName: 'list.csv', sourcePath: '/lists/2025/list.csv' });
    recent.add({ casePath: b, fileName: 'list.csv' });
    expect(recent.list().map((r) => [r.casePath, r.fileName, r.sourcePath])).toEqual([[b, 'list.csv', undefined], [a, 'list.csv', '/lists/2025/list.csv']]);
    recent.remove(path.join(dir, '.', 'sub', '..', 'a.listprep'));
    expect(recent.list().map((r) => r.casePath)).toEqual([b]);
    // Removing what is not there writes nothing.
    const before = fs.statSync(path.join(dir, 'recent.json')).mtimeMs;
    recent.remove(path.join(dir, 'c.listprep'));
    expect(fs.statSync(path.join(dir, 'recent.json')).mtimeMs).toBe(before);
  });

  it('drops entries whose source path is not text, as it drops malformed ones', () => {
    const dir = tempDir('listprep-recent-');
    const file = path.join(dir, 'recent.json');
    const casePath = path.join(dir, 'a.listprep');
    fs.writeFileSync(casePath, '');
    fs.writeFileSync(file, JSON.stringify([{ casePath, fileName: 'x.csv', openedAt: 'now', sourcePath: 3 }, { casePath, fileName: 'y.csv', openedAt: 'now' }]));
    expect(new RecentCases(file).list().map((r) => r.fileName)).toEqual(['y.csv']);
  });
});

describe('the recent cases the service offers', () => {
  it('say whether a case was saved by the user, and name the list it came from', async () => {
    ({ api } = makeService());
    const list = fixture('whatsapp-from-excel.csv');
    const caseId = await openChecked(api, list);
    const saved = path.join(tempDir('listprep-recent-saved-'), 'spring.listprep');
    await api.saveCaseAs({ caseId, path: saved });
    const recent = (await api.appInfo({})).recent;
    expect(recent.map((r) => [path.basename(r.casePath) === 'spring.listprep', r.saved, r.fileName, r.sourcePath])).toEqual([
      [true, true, 'whatsapp-from-excel.csv', list],
      [false, false, 'whatsapp-from-excel.csv', list],
    ]);
  });

  it('a file that fails to open is not added; a recent case that fails to open now is taken off', async () => {
    ({ api } = makeService());
    const dir = tempDir('listprep-recent-fail-');
    const empty = path.join(dir, 'empty.csv');
    fs.writeFileSync(empty, '');
    await expect(api.openFile({ path: empty })).rejects.toMatchObject({ code: 'file.empty' });
    expect((await api.appInfo({})).recent).toEqual([]);

    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    const damaged = path.join(dir, 'damaged.listprep');
    const gone = path.join(dir, 'gone.listprep');
    await api.saveCaseAs({ caseId, path: damaged });
    await api.saveCaseAs({ caseId, path: gone });
    await api.closeCase({ caseId });
    expect((await api.appInfo({})).recent.map((r) => path.basename(r.casePath))).toEqual(['gone.listprep', 'damaged.listprep', expect.stringMatching(/\.listprep$/)]);

    fs.writeFileSync(damaged, 'not a case');
    await expect(api.openCase({ path: damaged })).rejects.toMatchObject({ code: 'case.unreadable' });
    fs.rmSync(gone);
    await expect(api.openCase({ path: gone })).rejects.toMatchObject({ code: 'file.not_found' });
    const left = (await api.appInfo({})).recent.map((r) => path.basename(r.casePath));
    expect(left).toHaveLength(1);
    expect(left).not.toContain('damaged.listprep');
    // Still on disk, so only the failed open took it off.
    expect(fs.existsSync(damaged)).toBe(true);
  });
});
