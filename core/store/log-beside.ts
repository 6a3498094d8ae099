/**
 * Before a new case file is renamed over an old one: SQLite finds a case's log by name
 * (`<file>-wal`), not by the file it belongs to, so a log left beside the old file (a ListPrep that
 * was killed) would be replayed into the new file when it is next opened. Folding that log into
 * the old file first leaves nothing to replay; a log that stays means another program has the old
 * file open, and replacing it under that program would lose its work.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';

export class FileInUseError extends Error {}

/** Leaves no SQLite log beside `target`; throws FileInUseError when another program holds it. */
export function settleLogBeside(target: string, nativeBinding?: string): void {
  const log = `${target}-wal`;
  if (!fs.existsSync(log)) return;
  let db: Database.Database | undefined;
  try {
    db = new Database(target, { fileMustExist: true, timeout: 0, ...(nativeBinding !== undefined ? { nativeBinding } : {}) });
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (error) {
    db?.close();
    // Not a database: the log cannot be folded into it, and must not be replayed into the new file.
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
      fs.rmSync(log, { force: true });
      fs.rmSync(`${target}-shm`, { force: true });
      return;
    }
    // Busy or locked: another program is using it.
    throw new FileInUseError(`"${target}" is open in another program`, { cause: error });
  }
  db.close();
  // The last connection to close removes the log; it is still there when another one is open.
  if (fs.existsSync(log)) throw new FileInUseError(`"${target}" is open in another program`);
}
