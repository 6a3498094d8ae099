import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import type { Metafile, Plugin } from 'esbuild';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../core/contract/api.ts';
import { buildMain, buildPreload, buildWorker, checkPreloadBundle } from '../../scripts/build-electron.mjs';

const outdir = mkdtempSync(path.join(os.tmpdir(), 'listprep-build-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const requiredModules = (metafile: Metafile) => Object.values(metafile.outputs).flatMap((output) => output.imports.filter((entry) => entry.external).map((entry) => entry.path));

describe('the preload bundle', () => {
  it('is one CJS file that requires only electron, without zod, and exposes the Api when run sandboxed', async () => {
    const result = await buildPreload({ outdir });
    expect(Object.keys(result.metafile.inputs).some((input) => input.includes('zod'))).toBe(false);
    expect(new Set(requiredModules(result.metafile))).toEqual(new Set(['electron']));

    // Run the built file the way a sandboxed preload runs: a require that knows only 'electron'.
    const exposeInMainWorld = vi.fn();
    const electron = { contextBridge: { exposeInMainWorld }, ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() }, webUtils: { getPathForFile: vi.fn() } };
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${name}`);
    };
    const code = readFileSync(path.join(outdir, 'preload.cjs'), 'utf8');
    const module = { exports: {} };
    vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, Promise, Object, TypeError, String, Error });
    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = exposeInMainWorld.mock.calls[0];
    expect(key).toBe('listprep');
    expect(Object.keys(api).sort()).toEqual(
      [...API_METHODS, 'pickFile', 'pickSavePath', 'pickFolder', 'revealPath', 'pathForDroppedFile', 'onMenuCommand', 'transport'].sort(),
    );
  });

  it('checkPreloadBundle refuses zod and foreign requires', () => {
    const output = (imports: string[]) => ({ 'preload.cjs': { bytes: 1, inputs: {}, imports: imports.map((p) => ({ path: p, kind: 'require-call' as const, external: true })), exports: [] } });
    expect(() => checkPreloadBundle({ inputs: { 'node_modules/zod/index.js': { bytes: 1, imports: [] } }, outputs: output(['electron']) } as unknown as Metafile)).toThrow(/zod/);
    expect(() => checkPreloadBundle({ inputs: {}, outputs: output(['electron', 'fs']) } as unknown as Metafile)).toThrow(/only 'electron'.*fs/);
    expect(() => checkPreloadBundle({ inputs: {}, outputs: output(['electron']) } as unknown as Metafile)).not.toThrow();
  });
});

describe('the job worker bundle', () => {
  it('bundles the job worker with only better-sqlite3 and Node built-ins external', async () => {
    const result = await buildWorker({ outdir });
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    expect(new Set(requiredModules(result.metafile).filter((name) => !builtins.has(name)))).toEqual(new Set(['better-sqlite3']));
    expect(readFileSync(path.join(outdir, 'worker.cjs'), 'utf8')).not.toMatch(/\bimport\.meta\b/);
  });
});

describe('the main bundle', () => {
  it('bundles the core and leaves only electron, better-sqlite3 and Node built-ins external', async () => {
    // Until core/api/service.ts lands, a stub stands in for it.
    const hasService = existsSync(path.resolve('core/api/service.ts'));
    const stub: Plugin = {
      name: 'service-stub',
      setup(build) {
        build.onResolve({ filter: /core\/api\/service\.ts$/ }, () => ({ path: 'service-stub', namespace: 'stub' }));
        build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export function createService() { return {}; }', loader: 'js' }));
      },
    };
    const result = await buildMain({ outdir, plugins: hasService ? [] : [stub] });
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    const externals = requiredModules(result.metafile).filter((name) => !builtins.has(name));
    expect(new Set(externals)).toEqual(new Set(['electron', ...(hasService ? ['better-sqlite3'] : [])]));
    const code = readFileSync(path.join(outdir, 'main.cjs'), 'utf8');
    expect(code).not.toMatch(/\bimport\.meta\b/);
    expect(Object.keys(result.metafile.inputs)).toContain('electron/security.ts');
  });
});
