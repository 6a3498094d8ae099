/**
 * An export set written all or nothing (issue #16, item 6). Every file of the set is written to a
 * temporary beside its target first; only when all are written and on disk are they renamed into
 * place, together:
 *
 * 1. each file: `<target>.<pid>.<random>.listprep-tmp`, flushed to disk;
 * 2. a journal, `.<pid>.<random>.listprep-set`, listing the renames (written atomically);
 * 3. each target that exists is kept as `<target>.<pid>.<random>.listprep-old` (a hard link), then
 *    its temporary is renamed over it;
 * 4. the journal and the kept copies are removed.
 *
 * A failure before step 2 removes the temporaries: the previous set is untouched. A failure during
 * step 3 puts the kept copies back, so the previous set is whole again. A kill during step 3 leaves
 * the journal: the next start (`recoverFolder`) finishes the renames, since every temporary it names
 * was complete, and the folder holds the whole new set. A kill before the journal leaves only
 * temporaries, which the next start removes. Only names of this pattern whose process has ended are
 * touched, so a ListPrep writing into the same folder at the same time is left alone.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { TEMP_SUFFIX } from './atomic.ts';
import { describeWriteFailure } from './write-failure.ts';

export const JOURNAL_SUFFIX = '.listprep-set';
export const KEPT_SUFFIX = '.listprep-old';

interface Entry {
  temp: string;
  target: string;
  kept: string;
}

/** `<pid>.<random>`: the process that owns a temporary, so that another process can tell it is stale. */
const tag = () => `${process.pid}.${randomBytes(6).toString('hex')}`;

/** ListPrep's own names (`….<pid>.<12 hex>.listprep-tmp|-old`, `.<pid>.<12 hex>.listprep-set`), with their process id. */
const OWN_NAME = /^(?:.+\.|\.)(\d+)\.[0-9a-f]{12}\.listprep-(tmp|old|set)$/;

export class FileSet {
  private readonly entries: Entry[] = [];
  private settled = false;

  /** A temporary path for `target`; the caller writes and syncs the file there. */
  stage(target: string): string {
    if (this.settled) throw new Error('This export set is already written.');
    const path = resolve(target);
    const id = tag();
    const entry: Entry = { temp: join(dirname(path), `${basename(path)}.${id}${TEMP_SUFFIX}`), target: path, kept: join(dirname(path), `${basename(path)}.${id}${KEPT_SUFFIX}`) };
    this.entries.push(entry);
    return entry.temp;
  }

  /**
   * Renames every staged file into place, or none (see the module comment). On failure the Error
   * says which file could not be written, and that the earlier files were left as they were.
   */
  async commit(hooks: { beforeRename?: (index: number) => void | Promise<void> } = {}): Promise<void> {
    this.settled = true;
    if (this.entries.length === 0) return;
    const folders = [...new Set(this.entries.map((e) => dirname(e.target)))];
    const journal = join(folders[0], `.${tag()}${JOURNAL_SUFFIX}`);
    const done: Array<Entry & { hadTarget: boolean }> = [];
    let current = this.entries[0];
    try {
      writeJournal(journal, this.entries);
      for (const [index, entry] of this.entries.entries()) {
        current = entry;
        await hooks.beforeRename?.(index);
        const hadTarget = keepCopy(entry);
        done.push({ ...entry, hadTarget });
        await fsp.rename(entry.temp, entry.target);
      }
    } catch (error) {
      await rollBack(done);
      for (const entry of this.entries) removeQuietly(entry.temp);
      removeQuietly(journal);
      throw new Error(describeWriteFailure(current.target, error, 'The files of the earlier export were left as they were.'), { cause: error });
    }
    for (const folder of folders) syncFolder(folder);
    removeQuietly(journal);
    for (const entry of this.entries) removeQuietly(entry.kept);
  }

  /** Removes every temporary of a set that will not be committed. */
  discard(): void {
    this.settled = true;
    for (const entry of this.entries) removeQuietly(entry.temp);
  }
}

/** Keeps the previous file (a hard link, or a copy where links are not possible); false when there was none. */
function keepCopy(entry: Entry): boolean {
  try {
    fs.linkSync(entry.target, entry.kept);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code === 'EEXIST') throw error;
    // FAT and exFAT drives have no hard links.
    fs.copyFileSync(entry.target, entry.kept);
    return true;
  }
}

/** Puts the previous files back (or removes a new file that had none before it), last first. */
async function rollBack(done: ReadonlyArray<Entry & { hadTarget: boolean }>): Promise<void> {
  for (const entry of [...done].reverse()) {
    try {
      // Not renamed yet: the target is the previous file (the kept copy is another link to it:
      // renaming one link over another does nothing, so it is removed).
      if (fs.existsSync(entry.temp)) removeQuietly(entry.kept);
      else if (entry.hadTarget) await fsp.rename(entry.kept, entry.target);
      else removeQuietly(entry.target);
    } catch {
      // Best effort: the kept copy stays, named after its target, for the user to find.
    }
  }
}

function writeJournal(journal: string, entries: readonly Entry[]): void {
  const temp = join(dirname(journal), `.${tag()}${TEMP_SUFFIX}`);
  const fd = fs.openSync(temp, 'wx');
  try {
    fs.writeSync(fd, JSON.stringify({ renames: entries.map(({ temp: from, target, kept }) => ({ from, target, kept })) }));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, journal);
  syncFolder(dirname(journal));
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Cleans what a killed ListPrep left in a folder: finishes the renames of a set it had started
 * committing (its journal), then removes its temporaries and kept copies. Files of a ListPrep still
 * running, and every other file, are left alone. Returns the names it removed or completed.
 */
export function recoverFolder(folder: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return []; // no folder, nothing left behind
  }
  const handled: string[] = [];
  const stale = (name: string) => {
    const match = OWN_NAME.exec(name);
    return match !== null && !isAlive(Number(match[1])) ? match[2] : undefined;
  };
  for (const name of names) {
    if (stale(name) !== 'set') continue;
    try {
      const { renames } = JSON.parse(fs.readFileSync(join(folder, name), 'utf8')) as { renames: Array<{ from: string; target: string; kept: string }> };
      // Only files of this folder are renamed, whatever the journal says.
      const inFolder = (p: string) => dirname(resolve(p)) === resolve(folder);
      for (const r of renames) {
        if (inFolder(r.from) && inFolder(r.target) && fs.existsSync(r.from)) fs.renameSync(r.from, r.target);
      }
      syncFolder(folder);
    } catch {
      // An unreadable journal was never completely written: its set was never started.
    }
    removeQuietly(join(folder, name));
    handled.push(name);
  }
  for (const name of fs.readdirSync(folder)) {
    const kind = stale(name);
    if (kind !== 'tmp' && kind !== 'old') continue;
    removeQuietly(join(folder, name));
    handled.push(name);
  }
  return handled;
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Nothing to remove, or it cannot be removed: neither hides the outcome.
  }
}

function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Best effort (not possible on Windows).
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
