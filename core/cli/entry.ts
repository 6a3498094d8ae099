/**
 * The bundled command's entry (scripts/build-cli.mjs → dist/cli/listprep.mjs): the CLI on the main
 * thread, and the helper threads it starts itself for big files (validation, a snapshot's reading).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { runHelperTask } from '../check/thread-tasks.ts';
import { main } from './main.ts';

if (isMainThread || !runHelperTask(parentPort!, workerData)) {
  main(process.argv.slice(2), undefined, { parallel: { script: fileURLToPath(import.meta.url) } }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`listprep: operation.failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
