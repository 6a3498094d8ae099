/**
 * Tracks long jobs (progress, result, cancel). A job runs a task either inline (tests, small work)
 * or in a worker thread (the app), so the window never waits on a million rows.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Job } from '../api/contract.ts';
import { CancelledError, describeError, type JobContext } from './job-context.ts';
import type { WorkerRequest, WorkerMessage } from './worker-protocol.ts';

/**
 * A job thread's young generation, and its validation worker's: a first check writes a million rows
 * into blocks and most of what each row allocates dies young. Measured on a million rows: 64 MB each
 * took the check from about 8.2 s to 7.4–7.8 s (the garbage collector copied less); the app's memory
 * is not what issue #6 bounds (the command's is, and it keeps 32 MB).
 */
const JOB_YOUNG_GENERATION_MB = 64;

export type JobKind = Job['kind'];

export interface WorkerSettings {
  /** The worker entry: `core/jobs/worker-entry.ts` under tsx, or the bundled `worker.cjs` in the app. */
  script: string | URL;
  execArgv?: string[];
}

export class JobManager {
  private readonly jobs = new Map<string, Job>();
  private readonly cancels = new Map<string, () => void>();

  constructor(private readonly worker?: WorkerSettings) {}

  get(id: string): Job | undefined {
    const job = this.jobs.get(id);
    return job && { ...job };
  }

  /** True while a job of this case runs (mutations wait for it). */
  busy(caseId: string): Job | undefined {
    for (const job of this.jobs.values()) if (job.caseId === caseId && job.state === 'running') return job;
    return undefined;
  }

  cancel(id: string): boolean {
    const cancel = this.cancels.get(id);
    if (!cancel) return false;
    cancel();
    return true;
  }

  private create(kind: JobKind, caseId: string | undefined): Job {
    const job: Job = { id: randomUUID().replace(/-/g, ''), kind, state: 'running', done: 0, total: 0, phase: 'Starting…' };
    if (caseId !== undefined) job.caseId = caseId;
    this.jobs.set(job.id, job);
    return job;
  }

  private settle(job: Job, outcome: { result?: unknown; error?: unknown }, onDone?: (job: Job) => void): void {
    this.cancels.delete(job.id);
    if (outcome.error === undefined) {
      Object.assign(job, { state: 'done', result: outcome.result, phase: 'Done' });
    } else if (outcome.error instanceof CancelledError || (outcome.error as { cancelled?: boolean }).cancelled) {
      Object.assign(job, { state: 'cancelled', phase: 'Cancelled' });
    } else {
      Object.assign(job, { state: 'failed', error: describeError(outcome.error), phase: 'Failed' });
    }
    try {
      onDone?.(job);
    } catch (error) {
      Object.assign(job, { state: 'failed', error: (error as Error).message });
    }
  }

  /** Runs `task` in this thread; it must yield between batches. */
  startInline(kind: JobKind, caseId: string | undefined, task: (ctx: JobContext) => Promise<unknown>, onDone?: (job: Job) => void): Job {
    const job = this.create(kind, caseId);
    const controller = new AbortController();
    this.cancels.set(job.id, () => controller.abort());
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (done, total, phase) => Object.assign(job, { done, total, phase }),
    };
    // Start on the next turn so the caller gets the job id before any work happens.
    setImmediate(() => {
      task(ctx).then(
        (result) => this.settle(job, { result }, onDone),
        // Whatever a task throws once cancel was asked (the reader's AbortError included) is a cancellation.
        (error: unknown) => this.settle(job, { error: controller.signal.aborted ? new CancelledError() : error }, onDone),
      );
    });
    return { ...job };
  }

  /** Runs a named task in a worker thread when workers are configured, else inline with `fallback`. */
  start(kind: JobKind, caseId: string | undefined, request: WorkerRequest, fallback: (ctx: JobContext) => Promise<unknown>, onDone?: (job: Job) => void): Job {
    if (!this.worker) return this.startInline(kind, caseId, fallback, onDone);
    const job = this.create(kind, caseId);
    const script = this.worker.script instanceof URL ? fileURLToPath(this.worker.script) : this.worker.script;
    const workerData: WorkerRequest = { ...request, parallel: { script, youngGenerationMb: JOB_YOUNG_GENERATION_MB, ...(this.worker.execArgv ? { execArgv: this.worker.execArgv } : {}) } };
    const worker = new Worker(this.worker.script, { workerData, execArgv: this.worker.execArgv, resourceLimits: { maxYoungGenerationSizeMb: JOB_YOUNG_GENERATION_MB } });
    let settled = false;
    // A job is settled when its task is (done or failed); its thread ends once it has closed the case
    // file (message 'closed'), or at once when the job failed.
    const finish = (outcome: { result?: unknown; error?: unknown }) => {
      if (settled) return;
      settled = true;
      this.settle(job, outcome, onDone);
      if (outcome.error !== undefined) void worker.terminate();
    };
    this.cancels.set(job.id, () => worker.postMessage({ type: 'cancel' }));
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') Object.assign(job, { done: message.done, total: message.total, phase: message.phase });
      else if (message.type === 'done') finish({ result: message.result });
      else if (message.type === 'failed') finish({ error: message.cancelled ? new CancelledError() : new Error(message.error) });
      else if (message.type === 'closed') void worker.terminate();
    });
    worker.on('error', (error) => finish({ error }));
    worker.on('exit', (code) => finish({ error: new Error(`The background task stopped unexpectedly (exit code ${code}). Try again; if it keeps happening, save the case and report it.`) }));
    return { ...job };
  }
}

