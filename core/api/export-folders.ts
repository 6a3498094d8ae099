/**
 * The folders the app is exporting into, kept in a small JSON file while an export runs: a kill
 * leaves them listed, and the next start cleans each (core/csv/file-set.ts `recoverFolder`:
 * it finishes a set that was being renamed into place, or removes its temporaries).
 */
import fs from 'node:fs';
import path from 'node:path';
import { recoverFolder } from '../csv/file-set.ts';

export class ExportFolders {
  constructor(private readonly file: string) {}

  private read(): string[] {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      return Array.isArray(parsed) ? parsed.filter((d): d is string => typeof d === 'string') : [];
    } catch {
      return []; // none yet, or unreadable: nothing to clean
    }
  }

  private write(folders: readonly string[]): void {
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temp, JSON.stringify(folders));
      fs.renameSync(temp, this.file);
    } catch {
      fs.rmSync(temp, { force: true }); // a convenience: the export itself cleans its folder first
    }
  }

  add(folder: string): void {
    const resolved = path.resolve(folder);
    const folders = this.read();
    if (!folders.includes(resolved)) this.write([...folders, resolved]);
  }

  remove(folder: string): void {
    const resolved = path.resolve(folder);
    this.write(this.read().filter((d) => d !== resolved));
  }

  /** At start: cleans what killed exports left in every listed folder, then forgets them. */
  recoverAll(): void {
    const folders = this.read();
    if (folders.length === 0) return;
    for (const folder of folders) recoverFolder(folder);
    this.write([]);
  }
}
