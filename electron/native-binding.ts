/**
 * Which better_sqlite3.node the Electron app loads. Electron's ABI differs from Node's, so the app
 * never uses node_modules/better-sqlite3/build (that one is Node's, for `npm test` and the CLI):
 * - development (`npm start`): scripts/ensure-electron-native.ts builds an Electron-ABI copy into
 *   node_modules/.cache/listprep-electron-native/<platform>-<arch>/ with a stamp naming the
 *   Electron version it was built for;
 * - packaged: electron-builder copies that file to <resources>/native/ (extraResources).
 * The path goes to better-sqlite3's `nativeBinding` option through createService.
 * Pure: the file system comes in as a parameter.
 */
import path from 'node:path';

export const NATIVE_FILE = 'better_sqlite3.node';
export const STAMP_FILE = 'stamp.json';
export const NATIVE_CACHE = path.join('node_modules', '.cache', 'listprep-electron-native');

export interface NativeStamp {
  electron: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
  /** Electron's NODE_MODULE_VERSION. */
  abi?: string;
}

/** The per-platform folder under the project (the electron-builder config names the same folder). */
export function devNativeDir(projectRoot: string, platform: string, arch: string): string {
  return path.join(projectRoot, NATIVE_CACHE, `${platform}-${arch}`);
}

export function packagedNativePath(resourcesPath: string): string {
  return path.join(resourcesPath, 'native', NATIVE_FILE);
}

export interface NativeBindingContext {
  isPackaged: boolean;
  /** app.getAppPath(): the project root in development. */
  appPath: string;
  /** process.resourcesPath. */
  resourcesPath: string;
  electronVersion: string;
  platform: string;
  arch: string;
}

export interface FileProbe {
  exists(filePath: string): boolean;
  readText(filePath: string): string;
}

export type NativeBindingResolution =
  /** `path` undefined: let better-sqlite3 find its own binary (a packaged app rebuilt in place). */
  | { ok: true; path: string | undefined }
  | { ok: false; message: string };

export function resolveNativeBinding(ctx: NativeBindingContext, probe: FileProbe): NativeBindingResolution {
  if (ctx.isPackaged) {
    const packaged = packagedNativePath(ctx.resourcesPath);
    return { ok: true, path: probe.exists(packaged) ? packaged : undefined };
  }
  const dir = devNativeDir(ctx.appPath, ctx.platform, ctx.arch);
  const binary = path.join(dir, NATIVE_FILE);
  const fix = 'Run `npm run electron:native` (`npm start` runs it) to build better-sqlite3 for Electron.';
  if (!probe.exists(binary)) {
    return { ok: false, message: `better-sqlite3 has not been built for Electron ${ctx.electronVersion} (${ctx.platform}-${ctx.arch}): ${binary} is missing. ${fix}` };
  }
  const stamp = readStamp(path.join(dir, STAMP_FILE), probe);
  if (!stamp || stamp.electron !== ctx.electronVersion) {
    const builtFor = stamp ? `Electron ${stamp.electron}` : 'an unknown Electron';
    return { ok: false, message: `The Electron build of better-sqlite3 in ${dir} is for ${builtFor}, not Electron ${ctx.electronVersion}. ${fix}` };
  }
  return { ok: true, path: binary };
}

export function readStamp(stampPath: string, probe: FileProbe): NativeStamp | null {
  if (!probe.exists(stampPath)) return null;
  try {
    const stamp = JSON.parse(probe.readText(stampPath)) as Partial<NativeStamp>;
    return typeof stamp.electron === 'string' && typeof stamp.betterSqlite3 === 'string' ? (stamp as NativeStamp) : null;
  } catch {
    return null;
  }
}

/** Whether the cached build can be reused as it is. */
export function isStampCurrent(stamp: NativeStamp | null, wanted: NativeStamp): boolean {
  return !!stamp && stamp.electron === wanted.electron && stamp.betterSqlite3 === wanted.betterSqlite3 && stamp.platform === wanted.platform && stamp.arch === wanted.arch;
}
