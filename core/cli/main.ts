/** The `listprep` command: argument errors exit 2 with one line; everything else is the check command's. */
import { parseCliArgs, USAGE } from './args.ts';
import { runCheckCommand, type CliIo, type CliOptions } from './check-command.ts';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Defined (true) by the bundle build (scripts/build-cli.mjs), whose own entry runs `main`. */
declare const LISTPREP_CLI_BUNDLE: boolean | undefined;

export async function main(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }, options: CliOptions = {}): Promise<number> {
  const parsed = parseCliArgs(argv);
  switch (parsed.kind) {
    case 'help':
      io.stdout.write(USAGE + '\n');
      return 0;
    case 'version': {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
      io.stdout.write(`listprep ${pkg.version}\n`);
      return 0;
    }
    case 'error':
      io.stderr.write(`listprep: args.invalid: ${parsed.message}\n`);
      return 2;
    case 'run':
      return runCheckCommand(parsed.args, io, options);
  }
}

/**
 * Ctrl+C (SIGINT) or SIGTERM stops the run cleanly: the check ends, its temporaries are removed,
 * nothing is written and the exit code is 2 (RULES.md §8). A second signal exits at once; what
 * that leaves behind is cleaned by the next run into the same folder.
 */
export function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

const bundled = typeof LISTPREP_CLI_BUNDLE !== 'undefined' && LISTPREP_CLI_BUNDLE;
const invokedDirectly = !bundled && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  // From sources (tsx): big files are validated in a worker thread started through the tsx bootstrap.
  const parallel = { script: new URL('../jobs/worker-bootstrap.mjs', import.meta.url), minBytes: 16 * 1024 * 1024 };
  main(process.argv.slice(2), undefined, { parallel, signal: interruptSignal() }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`listprep: operation.failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
