/**
 * A large contact snapshot read in a worker thread: reading, decoding and tokenizing a file of a
 * million contacts takes seconds, which this moves off the thread that simulates (while a second
 * worker validates the list). The packed snapshot comes back as plain data and typed arrays.
 */
import { Worker, type MessagePort } from 'node:worker_threads';
import type { Issue } from '../model.ts';
import { loadPackedSnapshot, type LoadedPackedSnapshot } from './load.ts';
import { PackedSnapshot, type PackedSnapshotState } from './packed.ts';
import { SnapshotReader, type SnapshotOptions } from './parse.ts';

export interface SnapshotRequest {
  task: 'snapshot';
  path: string;
  options: SnapshotOptions;
}

type SnapshotMessage =
  | { type: 'done'; state: PackedSnapshotState; issues: Issue[]; header: readonly string[]; delimiter: string }
  | { type: 'failed'; error: string };

/** The worker's side: reads the snapshot and posts it back. */
export async function runSnapshotWorker(port: MessagePort, request: SnapshotRequest): Promise<void> {
  try {
    const loaded = await loadPackedSnapshot(request.path, request.options);
    const state = loaded.contacts.state();
    const message: SnapshotMessage = { type: 'done', state, issues: loaded.issues, header: loaded.header, delimiter: loaded.delimiter };
    port.postMessage(message, [state.textOf.buffer, state.startOf.buffer, state.endOf.buffer, state.channelOf.buffer, state.rowOf.buffer]);
  } catch (error) {
    port.postMessage({ type: 'failed', error: error instanceof Error ? error.message : String(error) } satisfies SnapshotMessage);
  }
}

/** The calling side: `loadPackedSnapshot`, run by a worker started from `script` (a script that dispatches on `workerData.task`). */
export function loadPackedSnapshotInWorker(script: string | URL, path: string, options: SnapshotOptions, execArgv?: string[]): Promise<LoadedPackedSnapshot> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { task: 'snapshot', path, options } satisfies SnapshotRequest, execArgv });
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
      void worker.terminate();
    };
    worker.on('message', (message: SnapshotMessage) => {
      if (message.type === 'failed') return settle(() => reject(new Error(message.error)));
      const reader = new SnapshotReader(message.header);
      const contacts = PackedSnapshot.fromState(message.state, reader, message.delimiter);
      settle(() => resolve({ contacts, issues: message.issues, header: message.header, delimiter: message.delimiter }));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`The snapshot reader stopped unexpectedly (exit code ${code}).`))));
  });
}
