/** What a long task sees of its runner, whether it runs inline or in a worker thread. */
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
