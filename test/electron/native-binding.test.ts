import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  NATIVE_CACHE,
  devNativeDir,
  isStampCurrent,
  packagedNativePath,
  readStamp,
  resolveNativeBinding,
  type FileProbe,
  type NativeBindingContext,
  type NativeStamp,
} from '../../electron/native-binding.ts';

function probe(files: Record<string, string>): FileProbe {
  return {
    exists: (file) => Object.hasOwn(files, file),
    readText: (file) => {
      if (!Object.hasOwn(files, file)) throw new Error(`ENOENT ${file}`);
      return files[file];
    },
  };
}

const dev: NativeBindingContext = {
  isPackaged: false,
  appPath: '/repo',
  resourcesPath: '/repo/node_modules/electron/dist/resources',
  electronVersion: '41.7.1',
  platform: 'linux',
  arch: 'x64',
};
const devDir = path.join('/repo', 'node_modules', '.cache', 'listprep-electron-native', 'linux-x64');
const stamp = (electron: string) => JSON.stringify({ electron, betterSqlite3: '12.11.1', platform: 'linux', arch: 'x64', abi: '145' });

describe('paths', () => {
  it('keeps the Electron build away from node_modules/better-sqlite3/build', () => {
    expect(devNativeDir('/repo', 'linux', 'x64')).toBe(devDir);
    expect(NATIVE_CACHE).toBe(path.join('node_modules', '.cache', 'listprep-electron-native'));
    expect(devDir).not.toContain(path.join('better-sqlite3', 'build'));
    expect(packagedNativePath('/opt/ListPrep/resources')).toBe(path.join('/opt/ListPrep/resources', 'native', 'better_sqlite3.node'));
  });

  it('matches the folder electron-builder copies from (extraResources)', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { build: { extraResources: Array<{ from: string; to: string; filter: string[] }> } };
    const resource = pkg.build.extraResources.find((entry) => entry.to === 'native')!;
    expect(resource.from).toBe(`${NATIVE_CACHE.split(path.sep).join('/')}/\${platform}-\${arch}`);
    expect(resource.to).toBe('native');
    expect(resource.filter).toEqual(['better_sqlite3.node']);
  });
});

describe('resolveNativeBinding in development', () => {
  it('uses the cached build when its stamp names this Electron', () => {
    const files = { [path.join(devDir, 'better_sqlite3.node')]: 'bin', [path.join(devDir, 'stamp.json')]: stamp('41.7.1') };
    expect(resolveNativeBinding(dev, probe(files))).toEqual({ ok: true, path: path.join(devDir, 'better_sqlite3.node') });
  });

  it('says what to run when the build is missing', () => {
    const result = resolveNativeBinding(dev, probe({}));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain('Electron 41.7.1 (linux-x64)');
      expect(result.message).toContain('npm run electron:native');
    }
  });

  it('refuses a build made for another Electron, or without a readable stamp', () => {
    const binary = path.join(devDir, 'better_sqlite3.node');
    const other = resolveNativeBinding(dev, probe({ [binary]: 'bin', [path.join(devDir, 'stamp.json')]: stamp('40.0.0') }));
    expect(other).toEqual({ ok: false, message: expect.stringContaining('is for Electron 40.0.0, not Electron 41.7.1') });
    const garbled = resolveNativeBinding(dev, probe({ [binary]: 'bin', [path.join(devDir, 'stamp.json')]: '{not json' }));
    expect(garbled).toEqual({ ok: false, message: expect.stringContaining('an unknown Electron') });
    const none = resolveNativeBinding(dev, probe({ [binary]: 'bin' }));
    expect(none.ok).toBe(false);
  });
});

describe('resolveNativeBinding when packaged', () => {
  const packaged = { ...dev, isPackaged: true, resourcesPath: '/opt/ListPrep/resources' };
  it('uses resources/native/better_sqlite3.node', () => {
    const file = path.join('/opt/ListPrep/resources', 'native', 'better_sqlite3.node');
    expect(resolveNativeBinding(packaged, probe({ [file]: 'bin' }))).toEqual({ ok: true, path: file });
  });
  it("falls back to better-sqlite3's own lookup when that file is absent", () => {
    expect(resolveNativeBinding(packaged, probe({}))).toEqual({ ok: true, path: undefined });
  });
});

describe('stamps', () => {
  const wanted: NativeStamp = { electron: '41.7.1', betterSqlite3: '12.11.1', platform: 'linux', arch: 'x64' };
  it('is current only when Electron, better-sqlite3, platform and arch all match', () => {
    expect(isStampCurrent(wanted, wanted)).toBe(true);
    expect(isStampCurrent(null, wanted)).toBe(false);
    expect(isStampCurrent({ ...wanted, electron: '41.7.2' }, wanted)).toBe(false);
    expect(isStampCurrent({ ...wanted, betterSqlite3: '12.12.0' }, wanted)).toBe(false);
    expect(isStampCurrent({ ...wanted, arch: 'arm64' }, wanted)).toBe(false);
    expect(isStampCurrent({ ...wanted, platform: 'darwin' }, wanted)).toBe(false);
  });
  it('readStamp ignores files without the required fields', () => {
    expect(readStamp('/s', probe({ '/s': '{"electron":"41.7.1"}' }))).toBeNull();
    expect(readStamp('/s', probe({ '/s': stamp('41.7.1') }))).toMatchObject({ electron: '41.7.1', betterSqlite3: '12.11.1' });
  });
});
