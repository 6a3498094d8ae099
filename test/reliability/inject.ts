/**
 * Simulated file-system failures for export tests. The tests run as root, so permission and
 * disk-full errors are injected into the fs functions the writers call (write streams use
 * fs.open/fs.write/fs.writev; atomic writes use FileHandle.write; renames use fs.promises.rename),
 * and only for ListPrep's temporary files, so nothing else in the process is affected.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { vi } from 'vitest';
import { TEMP_SUFFIX } from '../../core/csv/atomic.ts';

export function errnoError(code: 'ENOSPC' | 'EACCES' | 'EIO' | 'EXDEV' | 'EROFS' | 'ENOENT', syscall: string, path?: string): NodeJS.ErrnoException {
  const text: Record<string, [number, string]> = {
    ENOSPC: [-28, 'no space left on device'],
    EACCES: [-13, 'permission denied'],
    EIO: [-5, 'i/o error'],
    EXDEV: [-18, 'cross-device link not permitted'],
    EROFS: [-30, 'read-only file system'],
    ENOENT: [-2, 'no such file or directory'],
  };
  const [errno, description] = text[code];
  const error = new Error(`${code}: ${description}, ${syscall}${path ? ` '${path}'` : ''}`) as NodeJS.ErrnoException;
  Object.assign(error, { code, errno, syscall, ...(path ? { path } : {}) });
  return error;
}

const isTemp = (file: unknown) => typeof file === 'string' && file.endsWith(TEMP_SUFFIX);

type Callback = (error: NodeJS.ErrnoException | null, ...rest: unknown[]) => void;

/**
 * Fails writes to temporary files once `allowBytes` bytes went through: write streams (the
 * streamed exports) and FileHandle writes (the atomic writer) alike, or `only` one of them.
 * Returns a restore function.
 */
export async function failTempWrites(code: 'ENOSPC' | 'EIO', allowBytes = 0, only?: 'streams' | 'handles'): Promise<() => void> {
  const tempFds = new Set<number>();
  let written = 0;
  const realOpen = fs.open;
  const openSpy = vi.spyOn(fs, 'open').mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
    const callback = rest.pop() as Callback;
    return (realOpen as (...args: unknown[]) => void)(file, ...rest, (error: NodeJS.ErrnoException | null, fd: number) => {
      if (!error && isTemp(file)) tempFds.add(fd);
      callback(error, fd);
    });
  }) as typeof fs.open);
  const wrap = <K extends 'write' | 'writev'>(name: K) => {
    const real = fs[name] as (...args: unknown[]) => void;
    return vi.spyOn(fs, name).mockImplementation(((fd: number, ...rest: unknown[]) => {
      const callback = rest[rest.length - 1] as Callback;
      if (tempFds.has(fd) && only !== 'handles') {
        const size = name === 'writev' ? (rest[0] as Buffer[]).reduce((n, b) => n + b.length, 0) : (rest[0] as Buffer).length;
        if (written + size > allowBytes) {
          process.nextTick(() => callback(errnoError(code as 'ENOSPC', name)));
          return;
        }
        written += size;
      }
      real(fd, ...rest);
    }) as never);
  };
  const writeSpy = wrap('write');
  const writevSpy = wrap('writev');

  // Atomic writes (writeAtomically) go through a FileHandle opened with fs.promises.open.
  const probe = await fsp.open(process.execPath, 'r');
  const handleProto = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<unknown> };
  await probe.close();
  const tempHandles = new WeakSet<object>();
  const realPromisesOpen = fsp.open;
  const promisesOpenSpy = vi.spyOn(fsp, 'open').mockImplementation((async (file: fs.PathLike, ...rest: unknown[]) => {
    const handle = await (realPromisesOpen as (...args: unknown[]) => Promise<fsp.FileHandle>)(file, ...rest);
    if (isTemp(file)) tempHandles.add(handle);
    return handle;
  }) as typeof fsp.open);
  const realHandleWrite = handleProto.write;
  const handleWriteSpy = vi.spyOn(handleProto, 'write').mockImplementation(async function (this: object, ...args: unknown[]) {
    if (tempHandles.has(this) && only !== 'streams') {
      const size = typeof args[0] === 'string' ? Buffer.byteLength(args[0]) : ((args[2] as number | undefined) ?? (args[0] as Buffer).length);
      if (written + size > allowBytes) throw errnoError(code as 'ENOSPC', 'write');
      written += size;
    }
    return realHandleWrite.apply(this, args);
  });
  syncBuiltinESMExports();
  return () => {
    for (const spy of [openSpy, writeSpy, writevSpy, promisesOpenSpy, handleWriteSpy]) spy.mockRestore();
    syncBuiltinESMExports();
  };
}

/** Makes opening a temporary file fail with `code` (EACCES: the folder is not writable; EROFS: a read-only disk). */
export function failTempOpen(code: 'EACCES' | 'EROFS'): () => void {
  const realOpen = fs.open;
  const openSpy = vi.spyOn(fs, 'open').mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
    const callback = rest.pop() as Callback;
    if (isTemp(file)) {
      process.nextTick(() => callback(errnoError(code, 'open', String(file))));
      return;
    }
    (realOpen as (...args: unknown[]) => void)(file, ...rest, callback);
  }) as typeof fs.open);
  const realPromisesOpen = fsp.open;
  const promisesOpenSpy = vi.spyOn(fsp, 'open').mockImplementation((async (file: fs.PathLike, ...rest: unknown[]) => {
    if (isTemp(file)) throw errnoError(code, 'open', String(file));
    return (realPromisesOpen as (...args: unknown[]) => Promise<fsp.FileHandle>)(file, ...rest);
  }) as typeof fsp.open);
  syncBuiltinESMExports();
  return () => {
    openSpy.mockRestore();
    promisesOpenSpy.mockRestore();
    syncBuiltinESMExports();
  };
}

/** Makes renaming a temporary file into place fail (e.g. EACCES on the target, EXDEV). */
export function failTempRename(code: 'EACCES' | 'EXDEV', which: (target: string) => boolean = () => true): () => void {
  const realRename = fsp.rename;
  const spy = vi.spyOn(fsp, 'rename').mockImplementation(async (from: fs.PathLike, to: fs.PathLike) => {
    if (isTemp(from) && which(String(to))) throw errnoError(code, 'rename', String(from));
    return realRename(from, to);
  });
  syncBuiltinESMExports();
  return () => {
    spy.mockRestore();
    syncBuiltinESMExports();
  };
}

/**
 * Folders under `root` cannot be made, as on a read-only disk, failing the way Node does there:
 * a single mkdir says EROFS, a recursive one ENOENT (it looks the folder up after failing).
 */
export function failMkdirReadOnly(root: string): () => void {
  const realMkdir = fs.mkdirSync;
  const spy = vi.spyOn(fs, 'mkdirSync').mockImplementation(((dir: fs.PathLike, options?: fs.MakeDirectoryOptions) => {
    const target = String(dir);
    if (target.startsWith(root) && !fs.existsSync(target)) {
      throw errnoError(options?.recursive ? 'ENOENT' : 'EROFS', 'mkdir', target);
    }
    return realMkdir(dir, options);
  }) as typeof fs.mkdirSync);
  syncBuiltinESMExports();
  return () => {
    spy.mockRestore();
    syncBuiltinESMExports();
  };
}
