/**
 * Runs crash-child.ts in a mode, reading the lines it prints in order (`next`) so a test can kill it
 * with SIGKILL at a chosen point. `killAllCrashChildren` ends any child a failed test left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'vitest';
import { testWorkerScript } from '../helpers/test-worker.ts';

const CHILD = path.resolve(import.meta.dirname, 'crash-child.ts');
const children = new Set<ChildProcess>();

export function startCrashChild(args: readonly string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LISTPREP_TEST_WORKER: testWorkerScript() },
  });
  trackChild(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (prefix: string): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`crash-child ended before "${prefix}": ${stderr}`);
    expect(value.startsWith(prefix), `${value} ${stderr}`).toBe(true);
    return value.slice(prefix.length).trim();
  };
  const killed = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  return { child, next, kill: async () => (child.kill('SIGKILL'), killed), stderr: () => stderr };
}

/** Another process a test kills, ended by killAllCrashChildren like the crash children. */
export function trackChild(child: ChildProcess): ChildProcess {
  children.add(child);
  return child;
}

export function killAllCrashChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
}
