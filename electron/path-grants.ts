/**
 * The paths the user gave the app, and for what (core/api/path-guard.ts names the uses). The main
 * process grants a path when the user chose it in a native dialog, dropped it onto the window,
 * opened it from the OS (Finder, a file association, the command line), or when the start screen
 * offered it (a bundled sample, a recent case). An Api call naming any other path is refused with
 * `path.not_granted`, so a compromised renderer cannot read, open or write files the user never
 * chose. Grants are exact: a granted folder grants writing export files into that folder, not its
 * subfolders, and nothing is granted by prefix. Paths are compared after `path.resolve`, so
 * `a/../list.csv` is the granted `list.csv` and a link is only the link the user chose, never the
 * file it points to under another name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../core/contract/api.ts';
import type { PathAccess, PathCheck } from '../core/api/path-guard.ts';
import { CASE_EXTENSION } from './file-names.ts';

const MAX_PATH = 4096;
const USE_WORDS: Record<PathAccess, string> = {
  read: 'open or load',
  case: 'open as a case',
  save: 'save the case to',
  export: 'export into',
};

function isAbsolutePath(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_PATH && !value.includes('\0') && path.isAbsolute(value);
}

/** Files the OS or a drop hands over are read; a `.listprep` one may also be opened as a case. */
function usesOfHandedFile(file: string): PathAccess[] {
  return path.extname(file).toLowerCase() === `.${CASE_EXTENSION}` ? ['read', 'case'] : ['read'];
}

export class PathGrants implements PathCheck {
  private readonly grants = new Map<string, Set<PathAccess>>();

  grant(file: string, ...uses: PathAccess[]): void {
    if (!isAbsolutePath(file)) return;
    const key = path.resolve(file);
    const known = this.grants.get(key) ?? new Set<PathAccess>();
    for (const use of uses) known.add(use);
    this.grants.set(key, known);
  }

  /** A file dropped onto the window or handed over by the OS: granted only when it is a regular file. */
  grantHandedFile(file: unknown): boolean {
    if (!isAbsolutePath(file)) return false;
    try {
      if (!fs.statSync(file).isFile()) return false;
    } catch {
      return false;
    }
    this.grant(file, ...usesOfHandedFile(file));
    return true;
  }

  isGranted(file: string, use: PathAccess): boolean {
    return isAbsolutePath(file) && (this.grants.get(path.resolve(file))?.has(use) ?? false);
  }

  check(file: string, use: PathAccess): string {
    if (!path.isAbsolute(file)) {
      throw new ApiError('path.not_granted', `ListPrep cannot ${USE_WORDS[use]} "${file}": it is not a full path. Choose the file or folder in ListPrep's dialog, or drop it onto the window.`);
    }
    if (!this.isGranted(file, use)) {
      throw new ApiError('path.not_granted', `ListPrep cannot ${USE_WORDS[use]} "${file}": it was not chosen in ListPrep's dialog, dropped onto the window or opened from your system. Choose it in the dialog, then try again.`);
    }
    return path.resolve(file);
  }

  /** An exported file may be shown in the file manager: it lies in a granted export folder, or was granted itself. */
  mayReveal(file: unknown): boolean {
    if (!isAbsolutePath(file)) return false;
    const resolved = path.resolve(file);
    return this.grants.has(resolved) || (this.grants.get(path.dirname(resolved))?.has('export') ?? false);
  }

  offered(info: { samples: ReadonlyArray<{ path: string }>; recent: ReadonlyArray<{ casePath: string }> }): void {
    for (const sample of info.samples) this.grant(sample.path, 'read');
    for (const entry of info.recent) this.grant(entry.casePath, 'case');
  }

  saved(casePath: string): void {
    this.grant(casePath, 'case');
  }
}
