/**
 * `npm run electron:native` (run by `npm start` and `npm run dist`): makes sure an Electron-ABI
 * build of better-sqlite3 exists in node_modules/.cache/listprep-electron-native/<platform>-<arch>/,
 * without touching node_modules/better-sqlite3/build (Node's build, which `npm test` loads).
 *
 * How: copy the better-sqlite3 package (minus its build/) into a scratch app folder inside the
 * cache, let @electron/rebuild rebuild it there for the installed Electron (it tries a prebuilt
 * binary with prebuild-install, then compiles with node-gyp against Electron's headers), and keep
 * the resulting better_sqlite3.node beside a stamp naming the Electron version.
 * Options: --force (rebuild even if the stamp matches), --arch <arch>.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { NATIVE_CACHE, NATIVE_FILE, STAMP_FILE, devNativeDir, isStampCurrent, readStamp, type NativeStamp } from '../electron/native-binding.ts';

const projectRoot = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  return JSON.parse(readFileSync(path.join(projectRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/** Loads the binary in Electron-as-Node when the Electron binary is installed (it is not on CI). */
function verifyWithElectron(binary: string): string {
  let electronPath: string;
  try {
    electronPath = require('electron') as unknown as string;
  } catch {
    return 'not verified (the electron package is missing)';
  }
  if (typeof electronPath !== 'string' || !existsSync(electronPath)) return 'not verified (the Electron binary is not installed)';
  const probe = `require(${JSON.stringify(binary)}); console.log('ok')`;
  const run = spawnSync(electronPath, ['-e', probe], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8' });
  if (run.status !== 0 || !run.stdout.includes('ok')) throw new Error(`Electron cannot load ${binary}:\n${run.stderr || run.stdout}`);
  return 'loaded by Electron';
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { force: { type: 'boolean' }, arch: { type: 'string' } }, strict: true });
  const arch = values.arch ?? process.arch;
  const platform = process.platform;
  const wanted: NativeStamp = {
    electron: packageVersion('electron'),
    betterSqlite3: packageVersion('better-sqlite3'),
    platform,
    arch,
  };
  const targetDir = devNativeDir(projectRoot, platform, arch);
  const targetBinary = path.join(targetDir, NATIVE_FILE);
  const stampPath = path.join(targetDir, STAMP_FILE);
  const probe = { exists: existsSync, readText: (file: string) => readFileSync(file, 'utf8') };

  if (!values.force && existsSync(targetBinary) && isStampCurrent(readStamp(stampPath, probe), wanted)) {
    console.log(`better-sqlite3 for Electron ${wanted.electron} (${platform}-${arch}) is ready: ${path.relative(projectRoot, targetBinary)}`);
    return;
  }

  // A scratch app whose only dependency is a pristine copy of better-sqlite3.
  const work = path.join(projectRoot, NATIVE_CACHE, `work-${platform}-${arch}`);
  rmSync(work, { recursive: true, force: true });
  const moduleCopy = path.join(work, 'node_modules', 'better-sqlite3');
  const source = path.join(projectRoot, 'node_modules', 'better-sqlite3');
  cpSync(source, moduleCopy, { recursive: true, filter: (from) => path.relative(source, from).split(path.sep)[0] !== 'build' });
  writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'listprep-native-work', private: true, dependencies: { 'better-sqlite3': wanted.betterSqlite3 } }, null, 2));

  console.log(`Building better-sqlite3 ${wanted.betterSqlite3} for Electron ${wanted.electron} (${platform}-${arch})…`);
  const { rebuild } = await import('@electron/rebuild');
  try {
    await rebuild({ buildPath: work, electronVersion: wanted.electron, arch, onlyModules: ['better-sqlite3'], force: true, mode: 'sequential' });
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(
      `Could not build better-sqlite3 for Electron ${wanted.electron}: ${error instanceof Error ? error.message : String(error)}\n` +
        'This needs either a prebuilt binary (GitHub releases of better-sqlite3) or Electron\'s headers plus a C++ toolchain (python3, make, g++).',
    );
  }
  const built = path.join(moduleCopy, 'build', 'Release', NATIVE_FILE);
  if (!existsSync(built)) throw new Error(`The rebuild finished but ${built} is missing.`);

  mkdirSync(targetDir, { recursive: true });
  copyFileSync(built, targetBinary);
  const verified = verifyWithElectron(targetBinary);
  const abi = (() => {
    try {
      return (require('node-abi') as { getAbi(target: string, runtime: string): string }).getAbi(wanted.electron, 'electron');
    } catch {
      return undefined;
    }
  })();
  writeFileSync(stampPath, JSON.stringify({ ...wanted, abi }, null, 2) + '\n');
  rmSync(work, { recursive: true, force: true });
  console.log(`better-sqlite3 for Electron ${wanted.electron} is ready (${verified}): ${path.relative(projectRoot, targetBinary)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
