/**
 * Bundles the job worker once per test run, as the app ships it (scripts/build-electron.mjs), so a
 * job's thread starts in about 0.3 s instead of about 2 s loading the sources through tsx: the
 * suite starts hundreds of them. Tests take it with `testWorkerSettings()`; one test keeps the
 * source bootstrap (core/jobs/worker-bootstrap.mjs) the CLI and `npm run web` use.
 */
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildWorker } from '../scripts/build-electron.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    workerScript: string;
  }
}

/** Inside node_modules so the bundle finds better-sqlite3 (left external) the way the app does. */
const OUTDIR = path.resolve(import.meta.dirname, '../node_modules/.cache/listprep-test-worker');

export default async function setup(project: TestProject): Promise<void> {
  await buildWorker({ outdir: OUTDIR });
  project.provide('workerScript', path.join(OUTDIR, 'worker.cjs'));
}
