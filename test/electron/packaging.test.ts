import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const config = pkg.build;
const require = createRequire(import.meta.url);

function pngSize(file: string): { width: number; height: number; rgba: boolean } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), rgba: bytes[25] === 6 };
}

describe('package.json for Electron', () => {
  it('starts from the bundled main and has the scripts', () => {
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(pkg.scripts.build).toBe('npm run build:renderer && npm run build:electron');
    expect(pkg.scripts['build:electron']).toBe('node scripts/build-electron.mjs');
    expect(pkg.scripts.start).toMatch(/^npm run build && npm run electron:native && electron \.$/);
    expect(pkg.scripts.dist).toMatch(/npm run electron:native && electron-builder$/);
    expect(pkg.scripts.web).toBe('node --import tsx web/main.ts');
  });
});

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = require('builder-util');
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('names the app and packs dist/ into an asar with native files unpacked', () => {
    expect(config.appId).toBe('com.listprep.app');
    expect(config.productName).toBe('ListPrep');
    expect(config.files).toEqual(['dist/electron/**/*', 'dist/renderer/**/*', 'package.json', '!**/*.map']);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['**/*.node']);
  });

  it('ships the Electron-ABI better-sqlite3 from the cache instead of rebuilding node_modules in place', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.extraResources).toContainEqual({ from: 'node_modules/.cache/listprep-electron-native/${platform}-${arch}', to: 'native', filter: ['better_sqlite3.node'] });
  });

  it('ships the sample inputs as resources/samples (main.ts reads them from there)', () => {
    expect(config.extraResources).toContainEqual({ from: 'test/fixtures', to: 'samples', filter: ['*.csv', '*.txt'] });
    expect(readFileSync('electron/main.ts', 'utf8')).toContain("path.join(process.resourcesPath, 'samples')");
  });

  it('flips the fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage + deb (Office), dmg and nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Office');
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('has 512×512 and 256×256 RGBA icons in build/', () => {
    expect(config.directories.buildResources).toBe('build');
    expect(pngSize(path.join('build', 'icon.png'))).toEqual({ width: 512, height: 512, rgba: true });
    expect(pngSize(path.join('build', 'icons', '512x512.png'))).toEqual({ width: 512, height: 512, rgba: true });
    expect(pngSize(path.join('build', 'icons', '256x256.png'))).toEqual({ width: 256, height: 256, rgba: true });
    expect(config.mac.icon).toBe('build/icon.png');
    expect(config.win.icon).toBe('build/icon.png');
    expect(config.linux.icon).toBe('build/icons');
  });
});
