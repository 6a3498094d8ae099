/** The recent-cases list, kept as a small JSON file and written atomically (a crash never empties it). */
import fs from 'node:fs';

export interface RecentCase {
  casePath: string;
  fileName: string;
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
        typeof r === 'object' && r !== null && typeof r.casePath === 'string' && typeof r.fileName === 'string' && typeof r.openedAt === 'string',
      ).filter((r) => fs.existsSync(r.casePath));
    } catch {
      return []; // missing or unreadable: start a fresh list
    }
  }

  add(entry: Omit<RecentCase, 'openedAt'>): void {
    const next = [{ ...entry, openedAt: new Date().toISOString() }, ...this.list().filter((r) => r.casePath !== entry.casePath)].slice(0, LIMIT);
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temp, JSON.stringify(next, null, 2));
      fs.renameSync(temp, this.file);
    } catch {
      fs.rmSync(temp, { force: true }); // the list is a convenience; failing to save it must not fail the open
    }
  }
}
