/**
 * Tracks long jobs (progress, result, cancel). A job runs a task either inline (tests, small work)
 * or in a worker thread (the app), so the window never waits on a million rows.
 *
 * Jobs are bounded (issue #16): at most `maxRunning` run at once (about the core count; a check in
 * a worker thread starts a validation thread beside it, so that is two threads each), and at most
 * one per case. Further jobs wait in order, `running` with the phase "Waiting to start… N in line"
 * and `queuePosition` N, and start as slots free. A worker job holds its slot until its thread has
 * exited (after it tidied the case file), so the number of threads is bounded, not just the number
 * of jobs. Without this, 50 lists opened at once made 211 threads and did not finish in 10 minutes.
 *
 * Once a worker job's task has ended, one spare thread loads the script and waits: the next job
 * starts in it without loading the script again (about 0.2 s of a fix or an undo). It never keeps
 * the process alive, and stopAll ends it.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Job } from '../contract/api.ts';
import { CancelledError, describeError, type JobContext } from './job-context.ts';
import type { SpareJobMessage, WorkerRequest, WorkerMessage } from './worker-protocol.ts';

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

export interface JobLimits {
  /** Jobs running at once (default: the machine's available parallelism). */
  maxRunning?: number;
}

export const defaultMaxRunningJobs = (): number => Math.max(1, os.availableParallelism());

/** The words of a waiting job's phase (the renderer translates this form, lib/core-text.ts). */
export const waitingPhase = (place: number): string => `Waiting to start… ${place} in line`;

interface Waiting {
  job: Job;
  launch(): void;
  onDone?: (job: Job) => void;
}

export class JobManager {
  private readonly jobs = new Map<string, Job>();
  private readonly cancels = new Map<string, () => void>();
  private readonly waiting: Waiting[] = [];
  private readonly casesRunning = new Set<string>();
  private readonly threads = new Set<Worker>();
  /** A thread with the script loaded, waiting for the next worker job (none before the first has ended). */
  private spare: Worker | undefined;
  private readonly maxRunning: number;
  private running = 0;
  private stopped = false;
  /** The most jobs that ever ran at once (tests check the bound with it). */
  peakRunning = 0;
  /** Threads started so far, spares included (tests check that a job took the spare). */
  threadsStarted = 0;

  constructor(private readonly worker?: WorkerSettings, limits: JobLimits = {}) {
    this.maxRunning = Math.max(1, limits.maxRunning ?? defaultMaxRunningJobs());
  }

  get(id: string): Job | undefined {
    const job = this.jobs.get(id);
    return job && { ...job };
  }

  /** True while a job of this case runs or waits (mutations wait for it). */
  busy(caseId: string): Job | undefined {
    for (const job of this.jobs.values()) if (job.caseId === caseId && job.state === 'running') return job;
    return undefined;
  }

  /**
   * Resolves once no job of this case holds a slot: a worker job is done before its thread has
   * tidied and closed the case file, and a checkpoint meanwhile would find the log busy.
   */
  async released(caseId: string): Promise<void> {
    while (this.casesRunning.has(caseId)) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  cancel(id: string): boolean {
    const at = this.waiting.findIndex((w) => w.job.id === id);
    if (at !== -1) {
      const [entry] = this.waiting.splice(at, 1);
      this.settle(entry.job, { error: new CancelledError() }, entry.onDone);
      this.showPlaces();
      return true;
    }
    const cancel = this.cancels.get(id);
    if (!cancel) return false;
    cancel();
    return true;
  }

  /**
   * Stops everything within `withinMs`: waiting jobs are cancelled, running ones asked to cancel,
   * and threads still alive at the deadline are terminated. No job starts afterwards.
   */
  async stopAll(withinMs = 1500): Promise<void> {
    this.stopped = true;
    for (const entry of this.waiting.splice(0)) this.settle(entry.job, { error: new CancelledError() }, entry.onDone);
    for (const cancel of [...this.cancels.values()]) cancel();
    const deadline = Date.now() + withinMs;
    while (this.running > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all([...this.threads].map((thread) => thread.terminate().catch(() => undefined)));
  }

  private create(kind: JobKind, caseId: string | undefined): Job {
    const job: Job = { id: randomUUID().replace(/-/g, ''), kind, state: 'running', done: 0, total: 0, phase: 'Starting…' };
    if (caseId !== undefined) job.caseId = caseId;
    this.jobs.set(job.id, job);
    return job;
  }

  private settle(job: Job, outcome: { result?: unknown; error?: unknown }, onDone?: (job: Job) => void): void {
    this.cancels.delete(job.id);
    delete job.queuePosition;
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

  /** Queues a job and starts what may start; the caller gets the job id before any work happens. */
  private enqueue(job: Job, launch: () => void, onDone?: (job: Job) => void): Job {
    if (this.stopped) {
      this.settle(job, { error: new CancelledError() }, onDone);
      return { ...job };
    }
    this.waiting.push({ job, launch, onDone });
    this.pump();
    return { ...job };
  }

  /** Starts waiting jobs, in order, while slots are free; a job whose case has one running waits. */
  private pump(): void {
    for (let i = 0; i < this.waiting.length && this.running < this.maxRunning; ) {
      const entry = this.waiting[i];
      const caseId = entry.job.caseId;
      if (caseId !== undefined && this.casesRunning.has(caseId)) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.running++;
      this.peakRunning = Math.max(this.peakRunning, this.running);
      if (caseId !== undefined) this.casesRunning.add(caseId);
      delete entry.job.queuePosition;
      entry.job.phase = 'Starting…';
      try {
        entry.launch();
      } catch (error) {
        // A thread that cannot even start (no memory for it, a missing script): the job fails, its slot frees.
        this.settle(entry.job, { error }, entry.onDone);
        this.running--;
        if (caseId !== undefined) this.casesRunning.delete(caseId);
      }
    }
    this.showPlaces();
  }

  private showPlaces(): void {
    this.waiting.forEach((entry, index) => Object.assign(entry.job, { queuePosition: index + 1, phase: waitingPhase(index + 1) }));
  }

  /** A slot is free again: the job's task (inline) or its thread (worker) has ended. */
  private release(job: Job): void {
    this.running--;
    if (job.caseId !== undefined) this.casesRunning.delete(job.caseId);
    if (!this.stopped) this.pump();
  }

  /** Runs `task` in this thread; it must yield between batches. */
  startInline(kind: JobKind, caseId: string | undefined, task: (ctx: JobContext) => Promise<unknown>, onDone?: (job: Job) => void): Job {
    const job = this.create(kind, caseId);
    return this.enqueue(job, () => this.launchInline(job, task, onDone), onDone);
  }

  private launchInline(job: Job, task: (ctx: JobContext) => Promise<unknown>, onDone?: (job: Job) => void): void {
    const controller = new AbortController();
    this.cancels.set(job.id, () => controller.abort());
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (done, total, phase) => Object.assign(job, { done, total, phase }),
    };
    // Start on the next turn so the caller gets the job id before any work happens.
    setImmediate(() => {
      task(ctx)
        .then(
          (result) => this.settle(job, { result }, onDone),
          // Whatever a task throws once cancel was asked (the reader's AbortError included) is a cancellation.
          (error: unknown) => this.settle(job, { error: controller.signal.aborted ? new CancelledError() : error }, onDone),
        )
        .finally(() => this.release(job));
    });
  }

  /** Runs a named task in a worker thread when workers are configured, else inline with `fallback`. */
  start(kind: JobKind, caseId: string | undefined, request: WorkerRequest, fallback: (ctx: JobContext) => Promise<unknown>, onDone?: (job: Job) => void): Job {
    if (!this.worker) return this.startInline(kind, caseId, fallback, onDone);
    const job = this.create(kind, caseId);
    return this.enqueue(job, () => this.launchWorker(job, request, onDone), onDone);
  }

  private launchWorker(job: Job, request: WorkerRequest, onDone?: (job: Job) => void): void {
    const settings = this.worker!;
    const script = settings.script instanceof URL ? fileURLToPath(settings.script) : settings.script;
    const workerData: WorkerRequest = { ...request, parallel: { script, youngGenerationMb: JOB_YOUNG_GENERATION_MB, ...(settings.execArgv ? { execArgv: settings.execArgv } : {}) } };
    const worker = this.takeSpare(workerData) ?? this.newThread(workerData);
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
      else if (message.type === 'closed') void worker.terminate();
      else {
        finish(message.type === 'done' ? { result: message.result } : { error: message.cancelled ? new CancelledError() : new Error(message.error) });
        // The next job (an undo after a fix) may come while this thread tidies up: its thread loads meanwhile.
        this.prepareSpare();
      }
    });
    worker.on('error', (error) => finish({ error }));
    worker.on('exit', (code) => {
      this.threads.delete(worker);
      finish({ error: this.stopped ? new CancelledError() : new Error(`The background task stopped unexpectedly (exit code ${code}). Try again; if it keeps happening, save the case and report it.`) });
      this.prepareSpare();
      this.release(job);
    });
  }

  private newThread(workerData: WorkerRequest | { task: 'spare' }): Worker {
    const settings = this.worker!;
    const worker = new Worker(settings.script, { workerData, execArgv: settings.execArgv, resourceLimits: { maxYoungGenerationSizeMb: JOB_YOUNG_GENERATION_MB } });
    this.threads.add(worker);
    this.threadsStarted++;
    return worker;
  }

  /** True while a spare thread waits for the next worker job. */
  get hasSpare(): boolean {
    return this.spare !== undefined;
  }

  /** The spare thread, given this job, or undefined when there is none. */
  private takeSpare(request: WorkerRequest): Worker | undefined {
    const spare = this.spare;
    if (spare === undefined) return undefined;
    this.spare = undefined;
    spare.ref();
    spare.postMessage({ type: 'job', request } satisfies SpareJobMessage);
    return spare;
  }

  /** Starts the spare thread, unless there is one or jobs are stopped. */
  private prepareSpare(): void {
    if (this.stopped || this.spare !== undefined || this.worker === undefined) return;
    let spare: Worker;
    try {
      spare = this.newThread({ task: 'spare' });
    } catch {
      return; // no memory for a thread now: the next job starts its own
    }
    spare.unref();
    // A spare that fails to load is dropped; the next job starts a thread of its own (and reports why).
    spare.on('error', () => undefined);
    spare.once('exit', () => {
      if (this.spare !== spare) return; // taken: the job's own listeners see its end
      this.spare = undefined;
      this.threads.delete(spare);
    });
    this.spare = spare;
  }
}
