/**
 * Paths are capabilities (issue #16): in the app, the Api accepts only paths the user chose. The
 * guarded Api (core/api/path-guard.ts + electron/path-grants.ts) is what main.ts hands to IPC.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { apiContract, type Api } from '../../core/contract/api.ts';
import { dispatchApiCall } from '../../core/api/dispatch.ts';
import { guardApiPaths } from '../../core/api/path-guard.ts';
import { PathGrants } from '../../electron/path-grants.ts';
import { calledMethods, createFakeApi, type FakeApi } from './fake-api.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'listprep-grants-'));
const docs = path.join(root, 'docs');
mkdirSync(docs);
const list = path.join(docs, 'list.csv');
const secret = path.join(root, 'secret.csv');
writeFileSync(list, 'phone\n0912345678\n');
writeFileSync(secret, 'password\nhunter2\n');
const linkToSecret = path.join(docs, 'innocent.csv');
symlinkSync(secret, linkToSecret);
afterAll(() => rmSync(root, { recursive: true, force: true }));

let api: FakeApi;
let grants: PathGrants;
let guarded: Api;
const call = (method: keyof typeof apiContract, input: unknown) => dispatchApiCall(guarded, method, input);
const refused = { ok: false, error: { code: 'path.not_granted' } };

beforeEach(() => {
  api = createFakeApi();
  grants = new PathGrants();
  guarded = guardApiPaths(api, grants);
});

describe('nothing is granted by default', () => {
  it.each([
    ['openFile', { path: '/etc/shadow' }],
    ['openCase', { path: '/etc/passwd' }],
    ['saveCaseAs', { caseId: 'c1', path: '/home/u/.bashrc' }],
    ['loadSnapshot', { caseId: 'c1', path: '/etc/hosts' }],
    ['loadDefinitions', { caseId: 'c1', path: '/etc/hosts' }],
    ['exportFiles', { caseId: 'c1', dir: '/etc' }],
  ] as const)('%s with a path nobody chose is path.not_granted and never reaches the core', async (method, input) => {
    const result = await call(method, input);
    expect(result).toMatchObject(refused);
    expect(calledMethods(api)).toEqual([]);
    if (!result.ok) expect(result.error.message).toMatch(/not chosen in ListPrep's dialog.*Choose it in the dialog/);
  });

  it('the other methods pass through untouched', async () => {
    expect(await call('getCase', { caseId: 'c1' })).toMatchObject({ ok: true });
    expect(calledMethods(api)).toEqual(['getCase']);
  });
});

describe('a granted path, for its use only', () => {
  it('a list chosen for reading opens, but cannot be saved over, opened as a case or exported into', async () => {
    grants.grant(list, 'read');
    expect(await call('openFile', { path: list })).toMatchObject({ ok: true });
    expect(api.openFile).toHaveBeenCalledWith({ path: list });
    expect(await call('loadSnapshot', { caseId: 'c1', path: list })).toMatchObject({ ok: true });
    expect(await call('saveCaseAs', { caseId: 'c1', path: list })).toMatchObject(refused);
    expect(await call('openCase', { path: list })).toMatchObject(refused);
    expect(await call('exportFiles', { caseId: 'c1', dir: list })).toMatchObject(refused);
  });

  it('a save-dialog path is written, and afterwards may be opened as a case (it joins the recent list)', async () => {
    const target = path.join(docs, 'q3.listprep');
    grants.grant(target, 'save');
    expect(await call('openCase', { path: target })).toMatchObject(refused);
    api.saveCaseAs.mockResolvedValueOnce({ casePath: target });
    expect(await call('saveCaseAs', { caseId: 'c1', path: target })).toEqual({ ok: true, value: { casePath: target } });
    expect(grants.isGranted(target, 'case')).toBe(true);
    expect(await call('openFile', { path: target })).toMatchObject(refused);
  });

  it('an export folder grants that folder, not its subfolders or its parent', async () => {
    grants.grant(docs, 'export');
    expect(await call('exportFiles', { caseId: 'c1', dir: docs })).toMatchObject({ ok: true });
    expect(await call('exportFiles', { caseId: 'c1', dir: path.join(docs, 'sub') })).toMatchObject(refused);
    expect(await call('exportFiles', { caseId: 'c1', dir: root })).toMatchObject(refused);
    expect(await call('openFile', { path: list })).toMatchObject(refused);
  });
});

describe('.., links and relative paths', () => {
  it('`..` that resolves to the granted file is that file (and the core gets the resolved path); anywhere else is refused', async () => {
    grants.grant(list, 'read');
    expect(await call('openFile', { path: `${docs}/sub/../list.csv` })).toMatchObject({ ok: true });
    expect(api.openFile).toHaveBeenLastCalledWith({ path: list });
    expect(await call('openFile', { path: `${docs}/../secret.csv` })).toMatchObject(refused);
    expect(await call('openFile', { path: `${docs}/list.csv/../../secret.csv` })).toMatchObject(refused);
  });

  it('a relative path is refused with its own message, even when it names a granted file from the working directory', async () => {
    grants.grant(list, 'read');
    const relative = path.relative(process.cwd(), list);
    const result = await call('openFile', { path: relative });
    expect(result).toMatchObject(refused);
    if (!result.ok) expect(result.error.message).toContain('it is not a full path');
    expect(await call('exportFiles', { caseId: 'c1', dir: 'out' })).toMatchObject(refused);
    expect(calledMethods(api)).toEqual([]);
  });

  it('a chosen link grants the link only: the file it points to, named directly, is refused', async () => {
    grants.grant(linkToSecret, 'read');
    expect(await call('openFile', { path: linkToSecret })).toMatchObject({ ok: true });
    expect(await call('openFile', { path: secret })).toMatchObject(refused);
  });

  it('a granted folder does not grant a link inside it to another folder', async () => {
    const out = path.join(root, 'out');
    mkdirSync(out);
    symlinkSync('/etc', path.join(out, 'etc'));
    grants.grant(out, 'export');
    expect(await call('exportFiles', { caseId: 'c1', dir: path.join(out, 'etc') })).toMatchObject(refused);
  });
});

describe('drops and files from the OS', () => {
  it('a dropped regular file is granted for reading; a .listprep one also as a case', async () => {
    expect(grants.grantHandedFile(list)).toBe(true);
    expect(grants.isGranted(list, 'read')).toBe(true);
    expect(grants.isGranted(list, 'case')).toBe(false);
    const caseFile = path.join(docs, 'old.listprep');
    writeFileSync(caseFile, 'x');
    expect(grants.grantHandedFile(caseFile)).toBe(true);
    expect(grants.isGranted(caseFile, 'case')).toBe(true);
    expect(grants.isGranted(caseFile, 'save')).toBe(false);
  });

  it('a folder, a device, a missing file, a relative path or a non-string is never granted', () => {
    for (const bad of [docs, '/dev/zero', path.join(docs, 'missing.csv'), 'list.csv', '', 42, null, '/a\u0000b']) {
      expect(grants.grantHandedFile(bad)).toBe(false);
    }
    expect(grants.isGranted(docs, 'read')).toBe(false);
    expect(grants.isGranted('/dev/zero', 'read')).toBe(false);
  });
});

describe('what the start screen offers', () => {
  it('samples become readable and recent cases openable, once appInfo has offered them', async () => {
    const sample = path.join(root, 'samples', 'line.csv');
    const recentCase = path.join(docs, 'recent.listprep');
    api.appInfo.mockResolvedValueOnce({ version: '1', samples: [{ name: 'line.csv', path: sample, purpose: 'list' }], recent: [{ casePath: recentCase, fileName: 'a.csv', openedAt: 'x' }] });
    expect(await call('openFile', { path: sample })).toMatchObject(refused);
    await call('appInfo', {});
    expect(await call('openFile', { path: sample })).toMatchObject({ ok: true });
    expect(await call('openCase', { path: recentCase })).toMatchObject({ ok: true });
    expect(await call('saveCaseAs', { caseId: 'c1', path: sample })).toMatchObject(refused);
    expect(await call('saveCaseAs', { caseId: 'c1', path: recentCase })).toMatchObject(refused);
  });
});
