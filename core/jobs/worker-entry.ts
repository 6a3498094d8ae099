/**
 * A worker thread running one task on its own connection to the case file, or (workerData.task
 * 'validate') the validation worker a check task starts beside itself from this same script. A
 * spare thread (workerData.task 'spare') waits for its task in a message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CaseStore } from '../store/case-store.ts';
import { runValidateWorker, type ValidateRequest } from '../check/validate-worker.ts';
import { CancelledError, describeError, type JobContext } from './job-context.ts';
import { runTask } from './run-task.ts';
import type { SpareJobMessage, WorkerMessage, WorkerRequest } from './worker-protocol.ts';

const task = (workerData as { task?: string }).task;
if (task === 'validate') void runValidateWorker(parentPort!, workerData as ValidateRequest);
else if (task === 'spare') parentPort!.once('message', (message: SpareJobMessage) => runJob(message.request));
else runJob(workerData as WorkerRequest);

function runJob(request: WorkerRequest): void {
  const controller = new AbortController();
  const post = (message: WorkerMessage) => parentPort!.postMessage(message);
  parentPort!.on('message', (message: { type: string }) => {
    if (message.type === 'cancel') controller.abort();
  });

  let lastProgress = 0;
  const ctx: JobContext = {
    signal: controller.signal,
    progress(done, total, phase) {
      const now = Date.now();
      if (now - lastProgress < 50 && done < total) return; // at most ~20 messages a second
      lastProgress = now;
      post({ type: 'progress', done, total, phase });
    },
  };

  const store = new CaseStore(request.casePath, { nativeBinding: request.nativeBinding });
  runTask(store, request, ctx).then(
    (result) => post({ type: 'done', result }),
    (error: unknown) => post({ type: 'failed', error: describeError(error), cancelled: error instanceof CancelledError || controller.signal.aborted }),
  ).finally(() => {
    // The task's writes are committed and the app shows them: copying the log into the file (a first
    // check's is hundreds of megabytes, most of a second, mostly waiting for the disk) is done after.
    try {
      // A fix leaves its log to SQLite's own checkpoints: the next fix (an undo) must not wait for the copy.
      if (request.task !== 'fix') store.checkpoint();
    } catch {
      // Busy for longer than the connection waits (another job writing): SQLite copies the log at a later checkpoint.
    }
    store.close();
    post({ type: 'closed' });
  });
}
