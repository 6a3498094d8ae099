/** Dispatches a task request to its function (the same call inline or in a worker). */
import type { CaseStore } from '../store/case-store.ts';
import type { JobContext } from './job-context.ts';
import type { WorkerRequest } from './worker-protocol.ts';
import { fixTask } from './fix-task.ts';
import { checkFileTask, exportTask, recheckTask, unifyTask } from './tasks.ts';

export function runTask(store: CaseStore, request: WorkerRequest, ctx: JobContext): Promise<unknown> {
  switch (request.task) {
    case 'check':
      return checkFileTask(store, ctx, request.parallel);
    case 'recheck':
      return recheckTask(store, ctx);
    case 'unify':
      return unifyTask(store, ctx);
    case 'export':
      return exportTask(store, request.request, ctx);
    case 'fix':
      return fixTask(store, request.action, ctx);
  }
}
