/**
 * Opening a case file: the connection, its settings, and the checks made before anything is
 * written (a file that is not a case, or a case of a format this version does not open, is left
 * exactly as it was). Also the case's meta (name → JSON) and the log's checkpoints.
 */
import Database from 'better-sqlite3';
import { migrate, unsupportedFormat } from './schema.ts';
import { isCaseMeta, META_KEY } from './case-meta.ts';

export interface StoreOptions {
  /** better-sqlite3's native binding built for Electron's ABI (see docs/electron.md). */
  nativeBinding?: string;
  readonly?: boolean;
  /** Opening a file the user chose: it must already be a case (nothing is written to anything else). */
  existing?: boolean;
}

/** The log is checkpointed every 8192 pages rather than 1000: each checkpoint syncs the disk twice. */
const AUTOCHECKPOINT_PAGES = 8192;

/** Opens (or, unless `existing` or `readonly`, makes) a case file at the current format. */
export function openCaseFile(path: string, options: StoreOptions): Database.Database {
  const settings: Database.Options = { readonly: options.readonly === true, timeout: 10_000 };
  if (options.nativeBinding !== undefined) settings.nativeBinding = options.nativeBinding;
  if (options.existing) settings.fileMustExist = true;
  const db = new Database(path, settings);
  try {
    if (options.existing || options.readonly) checkIsCase(db);
    if (!options.readonly) {
      const version = db.pragma('user_version', { simple: true }) as number;
      const refused = unsupportedFormat(version);
      if (refused !== undefined) throw refused;
      // A new case gets 16 KiB pages: a first check writes hundreds of megabytes, and every page is
      // a write to the log and another to the file. Only a new, empty file takes it.
      if (version === 0) db.pragma('page_size = 16384');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db);
    }
    db.pragma('cache_size = -65536');
    // That is 128 MB of log with a new case's 16 KiB pages (32 MB in a case made with 4 KiB pages).
    if (!options.readonly) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Throws, before anything is written, unless the file is a case this version opens with readable case information. */
function checkIsCase(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === 0) throw new Error('it is not a ListPrep case file');
  const refused = unsupportedFormat(version);
  if (refused !== undefined) throw refused;
  if (!hasSoundMeta(db)) throw new Error('it is damaged: its case information cannot be read');
}

/** Whether the case information is there and readable (read before anything is written). */
function hasSoundMeta(db: Database.Database): boolean {
  try {
    const found = db.prepare('SELECT value FROM meta WHERE name = ?').get(META_KEY) as { value: string } | undefined;
    return found !== undefined && isCaseMeta(JSON.parse(found.value));
  } catch {
    return false;
  }
}

export function readMeta<T>(db: Database.Database, name: string): T | undefined {
  const found = db.prepare('SELECT value FROM meta WHERE name = ?').get(name) as { value: string } | undefined;
  return found ? (JSON.parse(found.value) as T) : undefined;
}

export function writeMeta(db: Database.Database, name: string, value: unknown): void {
  db.prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value').run(name, JSON.stringify(value));
}

/**
 * A first check writes up to hundreds of megabytes: the log is not checkpointed while it writes
 * (each checkpoint syncs the disk twice) but once, after (`checkpoint`).
 */
export function pauseCheckpoints(db: Database.Database, paused: boolean): void {
  db.pragma(`wal_autocheckpoint = ${paused ? 0 : AUTOCHECKPOINT_PAGES}`);
}
