/**
 * Whether two paths name the same file (R-F4: no output over an input). Paths are compared as the
 * disk sees them, not as typed: `..`, relative paths, links to folders and links to the file are
 * resolved, and two existing paths that reach the same file (a hard link, a case-insensitive disk)
 * are the same. The CLI and the Api both decide with this one module.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * The path of a file's own entry with every folder's links resolved: the real path of its folder
 * (or of the nearest folder that exists) joined with its name. For a file that does not exist yet
 * this is where it would be created.
 */
export function entryPath(file: string): string {
  const absolute = path.resolve(file);
  const rest: string[] = [path.basename(absolute)];
  let folder = path.dirname(absolute);
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(folder), ...rest);
    } catch {
      const parent = path.dirname(folder);
      if (parent === folder) return absolute;
      rest.unshift(path.basename(folder));
      folder = parent;
    }
  }
}

/** The real path of what a path reaches (links followed to the end); its entry path when it does not exist. */
export function realPath(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return entryPath(file);
  }
}

/** The disk's identity (device and inode) of the file a path reaches, or undefined when there is none. */
export function fileIdentity(file: string): string | undefined {
  try {
    const stat = fs.statSync(file, { bigint: true });
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Whether writing `a` could replace `b` or what `b` reaches: the same entry, the same real path, or
 * (both existing) the same file on disk.
 */
export function isSameFile(a: string, b: string): boolean {
  if (entryPath(a) === entryPath(b) || realPath(a) === realPath(b)) return true;
  const ia = fileIdentity(a);
  return ia !== undefined && ia === fileIdentity(b);
}

export interface OutputOverInput {
  output: string;
  input: string;
}

/** The first output that is the same file as an input (`isSameFile`), or undefined when none is. */
export function findOutputOverInput(outputs: readonly string[], inputs: readonly string[]): OutputOverInput | undefined {
  for (const output of outputs) {
    for (const input of inputs) if (isSameFile(output, input)) return { output: path.resolve(output), input: path.resolve(input) };
  }
  return undefined;
}
