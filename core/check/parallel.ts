/**
 * Validated rows from a worker thread, in file order, as an async iteration of batches (each to be
 * read through once, in order): the simulating side's half of the validation worker (validate-worker.ts).
 */
import { Worker } from 'node:worker_threads';
import { WireDecoder } from '../codec/row-wire-decoder.ts';
import type { WireRow } from '../codec/row-wire-format.ts';
import type { ValidateMessage, ValidateRequest } from './validate-worker.ts';

/** How to start a worker that runs `runValidateWorker` when its workerData is a ValidateRequest. */
export interface ParallelSettings {
  /** The worker script: `core/jobs/worker-bootstrap.mjs` under tsx, or a bundle that dispatches on `workerData.task`. */
  script: string | URL;
  execArgv?: string[];
  /** Files smaller than this are checked inline (a worker costs a few tens of milliseconds to start). */
  minBytes?: number;
  /** Whether this thread validates batches itself while it would otherwise wait (default true). */
  shareValidation?: boolean;
  /** The worker's young generation (default YOUNG_GENERATION_MB). */
  youngGenerationMb?: number;
}

/**
 * A larger young generation than the default: most of what the worker allocates dies within a batch.
 * 32 MB rather than 64 for the command: the same speed, and its peak memory (a target of issue #6:
 * 400 MB) measured 370–380 MB instead of 370–430 MB over runs of a million rows. The app's check job
 * asks for more (jobs/job-manager.ts).
 */
const YOUNG_GENERATION_MB = 32;

/** Below this a file is checked inline: starting a worker would cost more than it saves. */
export const DEFAULT_PARALLEL_MIN_BYTES = 2 * 1024 * 1024;

export interface ParallelProgress {
  (bytesRead: number, totalBytes: number): void;
}

export async function* validatedInWorker(settings: ParallelSettings, request: ValidateRequest, signal?: AbortSignal, onProgress?: ParallelProgress): AsyncGenerator<Iterable<WireRow>> {
  signal?.throwIfAborted();
  const worker = new Worker(settings.script, { workerData: request, execArgv: settings.execArgv, resourceLimits: { maxYoungGenerationSizeMb: settings.youngGenerationMb ?? YOUNG_GENERATION_MB } });
  const queue: ValidateMessage[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const push = (message: ValidateMessage) => {
    queue.push(message);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (error) => {
    failure ??= error;
    wake?.();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`The validation worker stopped unexpectedly (exit code ${code}).`);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  let decoder = new WireDecoder([]);
  try {
    for (;;) {
      while (queue.length === 0) {
        signal?.throwIfAborted();
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      const message = queue.shift()!;
      switch (message.type) {
        case 'start':
          decoder = new WireDecoder(message.fields);
          break;
        case 'batch': {
          // Rows made one at a time as the caller goes through them (WireDecoder.rows).
          const rows = decoder.rows(message.batch);
          worker.postMessage({ type: 'ack' });
          onProgress?.(message.bytesRead, message.totalBytes);
          yield rows;
          break;
        }
        case 'done':
          return;
        case 'failed':
          throw new Error(message.error);
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
