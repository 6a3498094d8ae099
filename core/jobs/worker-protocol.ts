/** Messages between the job manager and a worker thread. */
import type { ExportRequest } from '../contract/api.ts';
import type { FixAction } from './fix-task.ts';

export type WorkerRequest = (
  | { task: 'check'; casePath: string; nativeBinding?: string }
  | { task: 'recheck'; casePath: string; nativeBinding?: string }
  | { task: 'unify'; casePath: string; nativeBinding?: string }
  | { task: 'export'; casePath: string; nativeBinding?: string; request: ExportRequest }
  | { task: 'fix'; casePath: string; nativeBinding?: string; action: FixAction }
) & {
  /**
   * Set by the job manager for tasks in a worker thread: the worker's own script, so a task can
   * start a validation worker beside it (the script dispatches on `workerData.task`).
   */
  parallel?: { script: string; execArgv?: string[]; youngGenerationMb?: number };
};

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; phase: string }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: string; cancelled: boolean }
  /** After done or failed: the case file tidied (its log copied into it) and closed; the thread may end. */
  | { type: 'closed' };

/**
 * A spare thread (workerData `{ task: 'spare' }`) has loaded the script and waits for its job: the
 * job manager sends it this once, and the thread then runs it as if started with it.
 */
export interface SpareJobMessage {
  type: 'job';
  request: WorkerRequest;
}
