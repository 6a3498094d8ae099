/**
 * Issue #16, jobs are bounded: a fixed number run at once, one per case, the rest wait in order with
 * their place shown; stopping cancels everything. Then the real thing: 50 lists opened at once with
 * jobs in worker threads, counting the threads of this process while they run.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Job } from '../../core/contract/api.ts';
import { JobManager, waitingPhase } from '../../core/jobs/job-manager.ts';
import { fixture, makeService, openChecked, waitJob } from '../helpers/service.ts';
import { testWorkerSettings } from '../helpers/test-worker.ts';

/** A task the test finishes by hand, recording when it ran. */
function gate(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    finish: () => finish(),
    task: async (ctx: { signal: AbortSignal }) => {
      log.push(`start ${name}`);
      await Promise.race([done, new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))))]);
      log.push(`end ${name}`);
      return name;
    },
  };
}
const turn = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('JobManager limits', () => {
  it('runs at most maxRunning at once; the others wait in order with their place in the phase', async () => {
    const jobs = new JobManager(undefined, { maxRunning: 2 });
    const log: string[] = [];
    const gates = ['a', 'b', 'c', 'd'].map((name) => gate(log, name));
    const started = gates.map((g, i) => jobs.startInline('check', `case${i}`, g.task));
    await turn();
    expect(log).toEqual(['start a', 'start b']);
    expect(jobs.get(started[2].id)).toMatchObject({ state: 'running', queuePosition: 1, phase: waitingPhase(1) });
    expect(jobs.get(started[3].id)).toMatchObject({ state: 'running', queuePosition: 2, phase: 'Waiting to start… 2 in line' });
    gates[1].finish();
    await turn();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    expect(jobs.get(started[2].id)!.queuePosition).toBeUndefined();
    expect(jobs.get(started[3].id)).toMatchObject({ queuePosition: 1, phase: waitingPhase(1) });
    for (const g of gates) g.finish();
    await turn();
    await turn();
    expect(started.map((j) => jobs.get(j.id)!.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(jobs.peakRunning).toBe(2);
  });

  it('runs one job of a case at a time, letting another case go first', async () => {
    const jobs = new JobManager(undefined, { maxRunning: 4 });
    const log: string[] = [];
    const [first, second, other] = [gate(log, 'x1'), gate(log, 'x2'), gate(log, 'y')];
    jobs.startInline('check', 'x', first.task);
    const waiting = jobs.startInline('export', 'x', second.task);
    jobs.startInline('check', 'y', other.task);
    await turn();
    expect(log).toEqual(['start x1', 'start y']);
    expect(jobs.get(waiting.id)).toMatchObject({ state: 'running', queuePosition: 1 });
    expect(jobs.busy('x')).toBeDefined();
    first.finish();
    await turn();
    expect(log).toEqual(['start x1', 'start y', 'end x1', 'start x2']);
    second.finish();
    other.finish();
  });

  it('cancelling a waiting job ends it at once (its onDone sees cancelled) and moves the line up', async () => {
    const jobs = new JobManager(undefined, { maxRunning: 1 });
    const log: string[] = [];
    const gates = [gate(log, 'a'), gate(log, 'b'), gate(log, 'c')];
    const seen: Job[] = [];
    const started = gates.map((g, i) => jobs.startInline('check', `c${i}`, g.task, (job) => seen.push({ ...job })));
    await turn();
    expect(jobs.cancel(started[1].id)).toBe(true);
    expect(jobs.get(started[1].id)).toMatchObject({ state: 'cancelled', phase: 'Cancelled' });
    expect(seen.map((j) => [j.id, j.state])).toEqual([[started[1].id, 'cancelled']]);
    expect(jobs.get(started[2].id)).toMatchObject({ queuePosition: 1 });
    gates[0].finish();
    gates[2].finish();
    await turn();
    expect(log).toEqual(['start a', 'end a', 'start c', 'end c']);
  });

  it('stopAll cancels waiting and running jobs, and nothing starts afterwards', async () => {
    const jobs = new JobManager(undefined, { maxRunning: 1 });
    const log: string[] = [];
    const started = [gate(log, 'a'), gate(log, 'b')].map((g, i) => jobs.startInline('check', `c${i}`, g.task));
    await turn();
    await jobs.stopAll(500);
    expect(started.map((j) => jobs.get(j.id)!.state)).toEqual(['cancelled', 'cancelled']);
    const late = jobs.startInline('check', 'c9', gate(log, 'late').task);
    expect(jobs.get(late.id)!.state).toBe('cancelled');
    await turn();
    expect(log).toEqual(['start a']);
  });
});

/** Threads of this process, from Linux's /proc (undefined elsewhere). */
function threadCount(): number | undefined {
  try {
    return fs.readdirSync('/proc/self/task').length;
  } catch {
    return undefined;
  }
}

describe('50 lists opened at once, jobs in worker threads', () => {
  const { api } = makeService({ worker: testWorkerSettings(), maxRunningJobs: 2 });
  afterAll(() => api.close());

  it('never runs more than 2 jobs (4 threads: each check has a validation thread) and every check finishes', async () => {
    const baseline = threadCount();
    let peak = baseline ?? 0;
    const sampler = setInterval(() => (peak = Math.max(peak, threadCount() ?? 0)), 5);
    try {
      const opened = await Promise.all(Array.from({ length: 50 }, () => api.openFile({ path: fixture('whatsapp-from-excel.csv') })));
      const places = (await Promise.all(opened.map((o) => api.getJob({ jobId: o.jobId })))).map((j) => j.queuePosition).filter((p) => p !== undefined);
      expect(places.sort((a, b) => a - b)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
      const jobs = await Promise.all(opened.map((o) => waitJob(api, o.jobId, 120_000)));
      expect(jobs.map((j) => j.state)).toEqual(Array(50).fill('done'));
      const summaries = await Promise.all(opened.map((o) => api.getCase({ caseId: o.caseId })));
      expect(new Set(summaries.map((s) => `${s.state}/${s.rows}`))).toEqual(new Set(['ready/6']));
    } finally {
      clearInterval(sampler);
    }
    // 2 jobs × (job thread + validation thread); a little room for a thread of Node's own.
    if (baseline !== undefined) expect(peak - baseline).toBeLessThanOrEqual(4 + 2);
  }, 150_000);
});

describe('the spare thread', () => {
  const { api } = makeService({ worker: testWorkerSettings() });
  afterAll(() => api.close());

  it('runs the next job in a thread that has the script loaded already; stopAll ends it', async () => {
    const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
    const casePath = (await api.getCase({ caseId })).casePath;
    const jobs = new JobManager(testWorkerSettings());
    try {
      const waitDone = async (id: string) => {
        for (let i = 0; i < 2000 && jobs.get(id)!.state === 'running'; i++) await turn();
        return jobs.get(id)!.state;
      };
      expect(jobs.hasSpare).toBe(false);
      expect(await waitDone(jobs.start('check', 'c', { task: 'recheck', casePath }, async () => 'inline').id)).toBe('done');
      for (let i = 0; i < 2000 && !jobs.hasSpare; i++) await turn();
      expect(jobs.hasSpare).toBe(true);
      const before = jobs.threadsStarted;
      expect(await waitDone(jobs.start('check', 'c', { task: 'recheck', casePath }, async () => 'inline').id)).toBe('done');
      for (let i = 0; i < 2000 && !jobs.hasSpare; i++) await turn();
      // The job started no thread of its own; the one started since is the next spare.
      expect(jobs.threadsStarted).toBe(before + 1);
    } finally {
      await jobs.stopAll(500);
    }
    expect(jobs.hasSpare).toBe(false);
  }, 60_000);
});

describe('a job that cannot start', () => {
  it('fails with the reason and frees its slot for the next one', async () => {
    const jobs = new JobManager({ script: '/nonexistent/listprep-worker.cjs' }, { maxRunning: 1 });
    const first = jobs.start('check', 'c1', { task: 'check', casePath: '/nonexistent/a.listprep' }, async () => 'inline');
    const second = jobs.start('check', 'c2', { task: 'check', casePath: '/nonexistent/b.listprep' }, async () => 'inline');
    for (let i = 0; i < 200 && [first, second].some((j) => jobs.get(j.id)!.state === 'running'); i++) await turn();
    expect([jobs.get(first.id)!.state, jobs.get(second.id)!.state]).toEqual(['failed', 'failed']);
    expect(jobs.get(first.id)!.error).toMatch(/listprep-worker\.cjs|Cannot find module/);
  });
});
