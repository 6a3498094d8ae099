/**
 * A failure of the disk under a case file (SQLite's codes, or the system's), in plain words with
 * what to do: what jobs report and what the Api answers, instead of "SQLITE_FULL: database or disk
 * is full".
 */
export interface StorageFailure {
  code: 'storage.full' | 'storage.read_only' | 'storage.failed' | 'case.damaged' | 'case.busy';
  message: string;
}

export function describeStorageFailure(error: unknown): StorageFailure | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return { code: 'storage.full', message: 'The disk that holds this case is full, so the last change was not saved. Free some space on that disk, then try again.' };
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') {
    return { code: 'storage.read_only', message: 'The case file cannot be changed: it is on a read-only disk or folder. Use "Save case as" to keep a copy in a folder you can write to, and work on that copy.' };
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return { code: 'storage.failed', message: 'The disk that holds this case reported an error, so the last change was not saved. Check that the disk is still connected, then open the case again.' };
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return { code: 'case.damaged', message: 'The case file is damaged and cannot be read. Open the list again to make a new case.' };
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return { code: 'case.busy', message: 'The case file is in use by another program (another ListPrep window?). Close it there, then try again.' };
  }
  return undefined;
}
