/** Runs the listprep command in process, capturing stdout and stderr. */
import { Writable } from 'node:stream';
import { main } from '../../core/cli/main.ts';

export async function runCli(options: Parameters<typeof main>[2], ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (write: (s: string) => void) => new Writable({ write(chunk, _enc, done) { write(String(chunk)); done(); } });
  const code = await main(argv, { stdout: sink((s) => (stdout += s)) as unknown as NodeJS.WriteStream, stderr: sink((s) => (stderr += s)) as unknown as NodeJS.WriteStream }, options);
  return { code, stdout, stderr };
}
