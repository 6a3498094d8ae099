/** Test helpers: a service over a temporary data folder, and waiting for its jobs. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createService, type Service, type ServiceOptions } from '../../core/api/service.ts';
import type { FixJobResult, Job } from '../../core/contract/api.ts';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
export const fixture = (name: string) => path.join(FIXTURES, name);

export function tempDir(prefix = 'listprep-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function makeService(options: Partial<ServiceOptions> = {}): { api: Service; dataDir: string } {
  const dataDir = tempDir();
  return { api: createService({ dataDir, samplesDir: FIXTURES, version: 'test', ...options }), dataDir };
}

export async function waitJob(api: Service, jobId: string, timeoutMs = 20_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await api.getJob({ jobId });
    if (job.state !== 'running') return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still running: ${job.phase}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Opens a file and waits for its check to finish. */
export async function openChecked(api: Service, file: string, options: { channel?: 'line' | 'email' | 'whatsapp'; key?: 'line_uid' | 'phone' | 'email' | 'customer_id' } = {}) {
  const { caseId, jobId } = await api.openFile({ path: file, ...options });
  const job = await waitJob(api, jobId);
  if (job.state !== 'done') throw new Error(`check ${job.state}: ${job.error}`);
  return caseId;
}

/** Waits for a fix, undo or redo job (and the re-check a header fix starts); its result. */
export async function fixed(api: Service, started: Promise<{ jobId: string }>): Promise<FixJobResult> {
  const job = await waitJob(api, (await started).jobId);
  if (job.state !== 'done') throw new Error(`fix ${job.state}: ${job.error}`);
  const result = job.result as FixJobResult;
  if (result.recheckJobId) {
    const recheck = await waitJob(api, result.recheckJobId);
    if (recheck.state !== 'done') throw new Error(`re-check ${recheck.state}: ${recheck.error}`);
  }
  return result;
}
