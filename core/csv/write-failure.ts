/**
 * Why a write or a folder failed, in plain words, with what to do about it: the one place that
 * turns the system's codes (errno, SQLite's) into sentences, for exports, saved cases and the CLI.
 * A code nobody listed still gets a sentence; the system's own text only follows it in brackets.
 */
import fs from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface WriteProblem {
  /** What happened, to finish "Could not write "<file>": …". */
  reason: string;
  /** What to do, a whole sentence. */
  advice: string;
}

const TRY_ANOTHER_FOLDER = 'Choose another folder, then try again.';

/** The problem behind a failed write in `folder`. */
export function writeProblem(error: unknown, folder: string): WriteProblem {
  const code = (error as { code?: unknown } | undefined)?.code;
  switch (typeof code === 'string' && code.startsWith('SQLITE_IOERR') ? 'SQLITE_IOERR' : code) {
    case 'ENOSPC':
    case 'SQLITE_FULL':
      return { reason: 'the disk is full', advice: 'Free some space on that disk, or choose a folder on another disk, then try again.' };
    case 'EDQUOT':
      return { reason: 'your disk quota is used up', advice: 'Delete files you no longer need, or choose a folder on another disk, then try again.' };
    case 'EACCES':
    case 'EPERM':
      return { reason: `permission was denied in the folder "${folder}" (or the file is open in another program)`, advice: 'Choose a folder you are allowed to write to, or close the program that has the file open, then try again.' };
    case 'EROFS':
    case 'SQLITE_READONLY':
      return { reason: `the folder "${folder}" is on a read-only disk`, advice: 'Choose a folder on a disk you can write to (not a read-only drive, disk image or share), then try again.' };
    case 'EBUSY':
      return { reason: 'the file is open in another program', advice: 'Close it in that program, then try again.' };
    case 'ENOENT':
      return { reason: `the folder "${folder}" does not exist`, advice: 'Choose a folder that exists, then try again.' };
    case 'ENOTDIR':
      return { reason: `"${folder}" is not a folder`, advice: TRY_ANOTHER_FOLDER };
    case 'EISDIR':
      return { reason: 'a folder with that name already exists', advice: 'Choose another name, then try again.' };
    case 'EIO':
    case 'SQLITE_IOERR':
      return { reason: 'the disk reported an error while writing', advice: 'Check that the disk (or network share) is still connected, or choose another folder, then try again.' };
    case 'ENAMETOOLONG':
      return { reason: 'the path is too long', advice: 'Choose a shorter name or a folder nearer the top of the disk, then try again.' };
    case 'SQLITE_CANTOPEN':
      // SQLite does not say why; the folder usually does.
      if (!fs.existsSync(folder)) return writeProblem({ code: 'ENOENT' }, folder);
      if (!fs.statSync(folder).isDirectory()) return writeProblem({ code: 'ENOTDIR' }, folder);
      return { reason: 'the file could not be created there', advice: TRY_ANOTHER_FOLDER };
    default: {
      const text = error instanceof Error ? error.message : String(error);
      // Codes are the system's; without one the message is ListPrep's own ("the check was cancelled").
      return typeof code === 'string'
        ? { reason: `the system refused it (${code}: ${text})`, advice: TRY_ANOTHER_FOLDER }
        : { reason: text, advice: '' };
    }
  }
}

/** "Could not write "<path>": <reason>. Nothing was written there. <note> <advice>" */
export function describeWriteFailure(target: string, error: unknown, note?: string): string {
  const file = resolve(target);
  const { reason, advice } = writeProblem(error, dirname(file));
  return `Could not write "${file}": ${reason}. Nothing was written there.${note ? ` ${note}` : ''}${advice ? ` ${advice}` : ''}`;
}

/**
 * "Cannot write to "<folder>": <reason>. …" for a folder that cannot be created or used (it is a
 * file, a part of its path is a file, permission denied, a read-only disk…).
 */
export function describeFolderFailure(folder: string, error: unknown): string {
  const dir = resolve(folder);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EEXIST') return `Cannot write to "${dir}": it is a file, not a folder. Nothing was written; choose another folder.`;
  if (code === 'ENOTDIR') return `Cannot write to "${dir}": a part of the path is a file, not a folder. Nothing was written; choose another folder.`;
  const { reason, advice } = writeProblem(error, dir);
  return `Cannot write to "${dir}": ${reason}. Nothing was written. ${advice || TRY_ANOTHER_FOLDER}`;
}

/**
 * `mkdir -p`, throwing the real cause. Node's recursive mkdir reports ENOENT when the folder could
 * not be made for another reason (a read-only disk: it looks the folder up after failing), so on
 * ENOENT the first missing folder is made alone, which fails with the true code (or works: a race).
 */
export function makeFolder(folder: string): void {
  const dir = resolve(folder);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    let missing = dir;
    while (dirname(missing) !== missing && !fs.existsSync(dirname(missing))) missing = dirname(missing);
    fs.mkdirSync(missing); // throws EROFS, EACCES… (or ENOENT when a folder above went away)
    fs.mkdirSync(dir, { recursive: true });
  }
}
