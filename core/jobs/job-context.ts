/** What a long task sees of its runner, whether it runs inline or in a worker thread. */
import { describeStorageFailure } from '../store/storage-failure.ts';

export interface JobContext {
  signal: AbortSignal;
  /** Reports progress: `done` of `total` units, and what is happening in words. */
  progress(done: number, total: number, phase: string): void;
}

export class CancelledError extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'CancelledError';
  }
}

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError();
}

/** Words for whatever a task threw: a disk failure in plain words, an Error's message, an object's `message`, never "[object Object]". */
export function describeError(error: unknown): string {
  const storage = describeStorageFailure(error);
  if (storage) return storage.message;
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') return message;
    try {
      return JSON.stringify(error).slice(0, 500);
    } catch {
      return 'an unexpected error';
    }
  }
  return String(error);
}
