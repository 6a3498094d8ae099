/**
 * The loopback bridge's path rule (core/api/path-guard.ts names the uses): a browser holds no real
 * paths, only what the bridge gave it (uploads, the export folder, the data folder's cases, the
 * samples), so every Api path must stay inside those folders. Checked on the real path, so a link
 * inside a folder that points out of it is refused; `..` and relative paths are refused outright
 * (a browser has no working directory, and `..` only ever means "somewhere else").
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../core/contract/api.ts';
import type { PathAccess, PathCheck } from '../core/api/path-guard.ts';

export interface BridgeFolders {
  uploads: string;
  exports: string;
  /** The service's data folder (its cases and the recent list). */
  data?: string;
  samples?: string;
}

/** Which folders each use may reach: reading anywhere the bridge gave out, writing into exports only. */
function foldersFor(folders: BridgeFolders): Record<PathAccess, string[]> {
  const optional = (dir: string | undefined) => (dir ? [dir] : []);
  return {
    read: [folders.uploads, folders.exports, ...optional(folders.data), ...optional(folders.samples)],
    case: [folders.uploads, folders.exports, ...optional(folders.data)],
    save: [folders.exports],
    export: [folders.exports],
  };
}

/** The real path of `file`, or of its nearest existing ancestor with the rest appended (a new file or folder). */
export function realPathOf(file: string): string {
  const missing: string[] = [];
  let current = file;
  for (;;) {
    try {
      return path.join(fs.realpathSync(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return file;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

function isInside(folder: string, file: string): boolean {
  return file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}

const outside = (file: string, why: string) =>
  new ApiError('path.outside', `The bridge cannot use "${file}": ${why}. Upload the file, or use the export folder the bridge gave you.`);

export function createPathConfinement(folders: BridgeFolders): PathCheck {
  const real = Object.fromEntries(Object.entries(foldersFor(folders)).map(([use, dirs]) => [use, dirs.map(realPathOf)])) as Record<PathAccess, string[]>;
  return {
    check(file, use) {
      if (!path.isAbsolute(file)) throw outside(file, 'it is a relative path');
      if (file.split(/[\\/]/).includes('..')) throw outside(file, 'it contains ".."');
      const resolved = realPathOf(file);
      const allowed = real[use];
      // The export folder itself is a valid export target; a case or list is a file inside a folder.
      const fits = use === 'export' ? allowed.some((dir) => isInside(dir, resolved)) : allowed.some((dir) => resolved !== dir && isInside(dir, resolved));
      if (!fits) throw outside(file, `it is outside the bridge's ${use === 'save' || use === 'export' ? 'export folder' : 'upload, export and data folders'}${resolved !== path.resolve(file) ? ` (it leads to "${resolved}")` : ''}`);
      return resolved;
    },
  };
}
