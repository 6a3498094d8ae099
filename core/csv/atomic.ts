/**
 * Atomic file writing: everything goes to a temporary file beside the target
 * (`<name>.<pid>.<random>.listprep-tmp`), which is flushed to disk and then renamed over the target.
 * Readers see the old file or the complete new one, never a half-written one; on any failure the
 * temporary file is removed and the target is left as it was.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { describeWriteFailure } from './write-failure.ts';

export interface AtomicSink {
  /** Queues text (written as UTF-8) or bytes; resolves once the file has room for more. */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Bytes handed to the file so far. */
  readonly bytesWritten: number;
}

export const TEMP_SUFFIX = '.listprep-tmp';
/** Characters (or bytes) buffered before a write to the file. */
const FLUSH_THRESHOLD = 256 * 1024;

/**
 * Runs `produce` against a sink that writes into a temporary file, then replaces `target` with it.
 * Throws an Error saying what failed and where (the original error as `cause`); no file is left behind.
 */
export async function writeAtomically<T>(target: string, produce: (sink: AtomicSink) => Promise<T>): Promise<{ value: T; bytes: number }> {
  const targetPath = resolve(target);
  const temporary = temporaryPathFor(targetPath);
  const written = await writeTemporary(temporary, targetPath, produce);
  try {
    await rename(temporary, targetPath);
  } catch (error) {
    await discardTemporary(temporary);
    throw new Error(describeWriteFailure(targetPath, error), { cause: error });
  }
  await syncFolder(dirname(targetPath));
  return written;
}

/**
 * Fills `temporary` (a new file) through a sink and flushes it to disk, for a caller that renames
 * it over `target` itself (a file of an export set, core/csv/file-set.ts). On any failure the
 * temporary is removed and the Error says what failed for `target`.
 */
export async function writeTemporary<T>(temporary: string, target: string, produce: (sink: AtomicSink) => Promise<T>): Promise<{ value: T; bytes: number }> {
  let file: FileHandle | undefined;
  let created = false;
  try {
    file = await open(temporary, 'wx');
    created = true;
    const sink = new BufferedSink(file);
    const value = await produce(sink);
    await sink.flush();
    await file.sync();
    await file.close();
    file = undefined;
    return { value, bytes: sink.bytesWritten };
  } catch (error) {
    if (file !== undefined) await file.close().catch(() => undefined);
    if (created) await discardTemporary(temporary);
    throw new Error(describeWriteFailure(target, error), { cause: error });
  }
}

/** `<folder>/<name>.<pid>.<random>.listprep-tmp`: beside the target, so the final rename stays on one disk. */
export function temporaryPathFor(target: string): string {
  const targetPath = resolve(target);
  // The process id lets a later run tell a temporary left by a killed process (core/csv/file-set.ts).
  return join(dirname(targetPath), `${basename(targetPath)}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

/**
 * For writers that fill the temporary file themselves (e.g. through a write stream, already
 * ended): flushes it to disk and renames it over the target. Throws the file system's error;
 * the caller discards the temporary file.
 */
export async function commitTemporary(temporary: string, target: string): Promise<void> {
  const file = await open(temporary, 'r+');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, resolve(target));
  await syncFolder(dirname(resolve(target)));
}

/** Removes a temporary file; never throws (there may be nothing to remove). */
export async function discardTemporary(temporary: string): Promise<void> {
  await rm(temporary, { force: true }).catch(() => undefined);
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeAtomically(path, (sink) => sink.write(data));
}

class BufferedSink implements AtomicSink {
  bytesWritten = 0;
  private text: string[] = [];
  private textLength = 0;

  constructor(private readonly file: FileHandle) {}

  async write(chunk: string | Uint8Array): Promise<void> {
    if (typeof chunk === 'string') {
      this.text.push(chunk);
      this.textLength += chunk.length;
      if (this.textLength >= FLUSH_THRESHOLD) await this.flush();
      return;
    }
    await this.flush();
    await this.writeBytes(chunk);
  }

  async flush(): Promise<void> {
    if (this.text.length === 0) return;
    const bytes = Buffer.from(this.text.join(''), 'utf8');
    this.text = [];
    this.textLength = 0;
    await this.writeBytes(bytes);
  }

  /** Awaiting each write is the backpressure: nothing more is produced until the file took it. */
  private async writeBytes(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.file.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
    this.bytesWritten += bytes.length;
  }
}

/** Makes the rename durable where the platform allows opening a folder (not on Windows). */
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Best effort only.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
