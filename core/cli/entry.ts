/**
 * The bundled command's entry (scripts/build-cli.mjs → dist/cli/listprep.mjs): the CLI on the main
 * thread, and the validation worker when the bundle is started as one (it starts itself for big files).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { runValidateWorker, type ValidateRequest } from '../check/validate-worker.ts';
import { interruptSignal, main } from './main.ts';

if (!isMainThread && (workerData as { task?: string } | undefined)?.task === 'validate') {
  void runValidateWorker(parentPort!, workerData as ValidateRequest);
} else {
  main(process.argv.slice(2), undefined, { parallel: { script: fileURLToPath(import.meta.url) }, signal: interruptSignal() }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`listprep: operation.failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
