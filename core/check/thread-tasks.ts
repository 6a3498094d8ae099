/**
 * The tasks a worker thread started from one of the shipped scripts (the command's bundle, the app's
 * job worker) runs beside the thread that started it, chosen by `workerData.task`.
 */
import type { MessagePort } from 'node:worker_threads';
import { runValidateWorker, type ValidateRequest } from './validate-worker.ts';
import { runSnapshotWorker, type SnapshotRequest } from '../snapshot/snapshot-worker.ts';

/** Runs the helper task `data` names; false when it names none (the thread is something else). */
export function runHelperTask(port: MessagePort, data: unknown): boolean {
  const task = (data as { task?: unknown } | undefined)?.task;
  if (task === 'validate') void runValidateWorker(port, data as ValidateRequest);
  else if (task === 'snapshot') void runSnapshotWorker(port, data as SnapshotRequest);
  else return false;
  return true;
}
