/**
 * A CSV file written row by row under a temporary name, renamed into place only on `commit`
 * (RULES.md §8: UTF-8 without BOM, commas, CRLF). Backpressure is respected so a million rows
 * never pile up in memory; `abort` (or a failed write) removes the temporary file.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { formatCsvRow, neutralizeFormula } from '../csv/write.ts';
import { temporaryPathFor, commitTemporary, discardTemporary } from '../csv/atomic.ts';
import { describeWriteFailure } from '../csv/write-failure.ts';

export interface CsvSinkOptions {
  neutralizeFormulas: boolean;
  eol?: '\r\n' | '\n';
}

export class CsvSink {
  private readonly temp: string;
  private readonly stream: fs.WriteStream;
  private readonly eol: string;
  private rows = 0;
  private failure: Error | undefined;

  constructor(readonly path: string, header: readonly string[], private readonly options: CsvSinkOptions) {
    this.temp = temporaryPathFor(path);
    this.eol = options.eol ?? '\r\n';
    this.stream = fs.createWriteStream(this.temp, { flags: 'wx' });
    this.stream.on('error', (error) => {
      this.failure ??= error;
    });
    this.stream.write(this.line(header));
  }

  private line(cells: readonly string[]): string {
    return formatCsvRow(this.options.neutralizeFormulas ? cells.map(neutralizeFormula) : cells) + this.eol;
  }

  async write(cells: readonly string[]): Promise<void> {
    if (this.failure) throw this.describe(this.failure);
    this.rows++;
    if (this.stream.write(this.line(cells))) return;
    // `once` rejects if the stream errors while waiting, and removes its listeners either way
    // (racing a second `once(stream, 'error')` left one listener behind per wait).
    try {
      await once(this.stream, 'drain');
    } catch (error) {
      throw this.describe(this.failure ?? (error as Error));
    }
  }

  /** Flushes, syncs and renames into place; returns the number of data rows. */
  async commit(): Promise<number> {
    if (this.failure) {
      await this.abort();
      throw this.describe(this.failure);
    }
    try {
      await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
      await commitTemporary(this.temp, this.path);
    } catch (error) {
      await this.abort();
      throw this.describe(this.failure ?? (error as Error));
    }
    return this.rows;
  }

  async abort(): Promise<void> {
    // A stream that failed has already closed itself: waiting for another 'close' would hang.
    if (!this.stream.closed) {
      await new Promise<void>((resolve) => {
        this.stream.once('close', () => resolve());
        this.stream.destroy();
      });
    }
    await discardTemporary(this.temp);
  }

  private describe(error: Error): Error {
    return new Error(describeWriteFailure(this.path, error), { cause: error });
  }
}
