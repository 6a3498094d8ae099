/** The job worker the test run bundled (test/global-setup.ts), for services and checks in worker threads. */
import { inject } from 'vitest';
import type { WorkerSettings } from '../../core/jobs/job-manager.ts';

export function testWorkerScript(): string {
  return inject('workerScript');
}

export function testWorkerSettings(): WorkerSettings {
  return { script: testWorkerScript() };
}
