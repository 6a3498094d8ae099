/**
 * The bundled main process, booted under Node with a fake `electron`: it finds the packaged
 * native binding, starts the service with the bundled job worker, and serves the Api over its
 * IPC handlers (origin-checked, zod-validated). The fake records the hardening main.cjs installs
 * (every WebContents guarded, every permission denied, app:// served from the renderer folder)
 * and uses it, so a main.ts without hardenApp, hardenSession or handleAppProtocol fails here.
 * What only a real Electron can show (windows, dialogs) is covered by the unit tests of each module.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMain, buildWorker } from '../../scripts/build-electron.mjs';
import { APP_SCHEME_PRIVILEGES } from '../../electron/protocol.ts';
import { CONTENT_SECURITY_POLICY } from '../../electron/security.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'listprep-boot-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('the bundled main process', () => {
  it('boots, opens a list through IPC with the bundled worker, and refuses foreign or invalid calls', async () => {
    const outdir = path.join(work, 'dist', 'electron');
    await buildMain({ outdir });
    await buildWorker({ outdir });
    // Under Node the Node build of better-sqlite3 has the right ABI: stand it in for the packaged Electron build.
    const resources = path.join(work, 'resources');
    fs.mkdirSync(path.join(resources, 'native'), { recursive: true });
    const nodeBinding = path.join(path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    fs.copyFileSync(nodeBinding, path.join(resources, 'native', 'better_sqlite3.node'));
    // The renderer main.cjs serves over app:// (dist/renderer beside dist/electron).
    const index = '<!doctype html><title>ListPrep</title>';
    fs.mkdirSync(path.join(work, 'dist', 'renderer'));
    fs.writeFileSync(path.join(work, 'dist', 'renderer', 'index.html'), index);
    const userData = path.join(work, 'userData');
    fs.mkdirSync(userData);

    const run = spawnSync(process.execPath, [path.resolve(import.meta.dirname, 'fake-electron-host.cjs'), path.join(outdir, 'main.cjs'), userData, resources, path.resolve(import.meta.dirname, '../fixtures/whatsapp-from-excel.csv')], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_PATH: path.resolve(import.meta.dirname, '../../node_modules') } });
    expect(run.stderr).not.toMatch(/ERRORBOX|HOST FAILED|EXIT/);
    const result = JSON.parse(run.stdout.trim().split('\n').pop()!);
    // main.ts hands IPC the path-guarded Api: a path nobody chose is refused, a dialog's answer opens.
    expect(result.notGranted).toMatchObject({ ok: false, error: { code: 'path.not_granted' } });
    expect(result.picked).toEqual({ ok: true, value: path.resolve(import.meta.dirname, '../fixtures/whatsapp-from-excel.csv') });
    expect(result.job).toMatchObject({ state: 'done', kind: 'check' });
    expect(result.rows.total).toBe(6);
    expect(result.rows.rows[0].issues.map((i: { code: string }) => i.code)).toContain('phone.leading_zero_lost');
    expect(result.foreign).toMatchObject({ ok: false });
    expect(result.invalid).toMatchObject({ ok: false, error: { code: 'input.invalid' } });
    expect(result.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(result.loaded).toBe('app://listprep/index.html');
    expect(fs.readdirSync(path.join(userData, 'cases')).some((name) => name.endsWith('.listprep'))).toBe(true);

    // App quit (issue #16): the first will-quit is held while the running check is cancelled and the
    // cases closed (well within 2 s), then the app quits; nothing is held the second time.
    expect(result.quit.prevented).toBe(1);
    expect(result.quit.quitAfterMs).not.toBeNull();
    expect(result.quit.quitAfterMs).toBeLessThan(2000);
    expect(result.quit.jobState).toBe('cancelled');
    expect(result.quit.caseAfterQuit).toMatchObject({ ok: false, error: { code: 'case.not_found' } });
    const { hardening } = result;
    // hardenApp: every WebContents ever created gets the guards.
    expect(hardening.appEvents).toContain('web-contents-created');
    expect(hardening.webContents.events).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect']);
    expect(hardening.webContents.windowOpenEvil).toEqual([{ action: 'deny' }]);
    expect(hardening.webContents.windowOpenHelp).toEqual([{ action: 'deny' }]);
    expect(hardening.externalOpened).toEqual(['https://www.cresclab.com/help']); // in the browser, never in a window
    expect(hardening.webContents).toMatchObject({ navigateEvil: true, navigateFile: true, navigateApp: false, redirectEvil: true, redirectApp: false, attachWebview: true });
    // hardenSession: every permission request and check is denied.
    expect(hardening.permissionRequestAnswers).toEqual([[false, false, false, false, false]]);
    expect(hardening.permissionCheckAnswers).toEqual([[false, false, false, false, false]]);
    expect(hardening.devicePermissionAnswers).toEqual([false]);
    // registerAppScheme and handleAppProtocol: app:// is privileged and served from dist/renderer, with the CSP.
    expect(hardening.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { ...APP_SCHEME_PRIVILEGES.privileges } }]);
    expect(hardening.protocolSchemes).toEqual(['app']);
    expect(hardening.appIndex).toEqual({ status: 200, csp: CONTENT_SECURITY_POLICY, body: index });
    expect(hardening.appTraversal).toMatchObject({ status: 404, csp: CONTENT_SECURITY_POLICY });
    expect(hardening.appPost).toMatchObject({ status: 405 });
    expect(hardening.otherHost).toMatchObject({ status: 404 });
  });
});
