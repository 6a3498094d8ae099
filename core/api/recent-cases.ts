/**
 * The recent-cases list, kept as a small JSON file and written atomically (a crash never empties it).
 * Only cases that opened join it; one that no longer opens is taken off (`remove`), so the start
 * screen never offers a dead end twice.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface RecentCase {
  casePath: string;
  /** The list's file name (what the user recognises the case by). */
  fileName: string;
  /** The list the case was made from; absent in entries written before it was kept. */
  sourcePath?: string;
  openedAt: string;
}

const LIMIT = 12;

export class RecentCases {
  constructor(private readonly file: string) {}

  list(): RecentCase[] {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      if (!Array.isArray(parsed)) return [];
      return parsed.filter((r): r is RecentCase =>
        typeof r === 'object' && r !== null && typeof r.casePath === 'string' && typeof r.fileName === 'string' && typeof r.openedAt === 'string'
        && (r.sourcePath === undefined || typeof r.sourcePath === 'string'),
      ).filter((r) => fs.existsSync(r.casePath));
    } catch {
      return []; // missing or unreadable: start a fresh list
    }
  }

  add(entry: Omit<RecentCase, 'openedAt'>): void {
    this.write([{ ...entry, openedAt: new Date().toISOString() }, ...this.list().filter((r) => r.casePath !== entry.casePath)].slice(0, LIMIT));
  }

  /** Takes a case off the list (it failed to open); nothing happens when it is not there. */
  remove(casePath: string): void {
    const current = this.list();
    const gone = path.resolve(casePath);
    const next = current.filter((r) => path.resolve(r.casePath) !== gone);
    if (next.length !== current.length) this.write(next);
  }

  private write(entries: RecentCase[]): void {
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temp, JSON.stringify(entries, null, 2));
      fs.renameSync(temp, this.file);
    } catch {
      fs.rmSync(temp, { force: true }); // the list is a convenience; failing to save it must not fail the open
    }
  }
}
