/** The `listprep` command: argument errors exit 2 with one line; everything else is the check command's. */
import { parseCliArgs, USAGE } from './args.ts';
import { runCheckCommand, type CliIo } from './check-command.ts';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export async function main(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
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
      return runCheckCommand(parsed.args, io);
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`listprep: operation.failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
