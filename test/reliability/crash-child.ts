/**
 * A process for crash-recovery.test.ts to kill with SIGKILL mid-write. It opens a service over
 * `dataDir` (jobs in worker threads, as the app runs them), opens `list`, and then, by `mode`:
 * - `check`: lets the first check run (the test kills it once the case file has rows);
 * - `recheck`: waits for the first check, then changes an option so every row is re-checked;
 * - `export`: waits for the first check, then exports into `outDir`;
 * - `save`: waits for the first check, saves the case as `outDir` (a case file), edits row 2, and
 *   saves it there again (the test kills it during that second save).
 * - `fix`: waits for the first check, prints `FIXING <code> <rows>` for the list's most frequent
 *   fixable code and its fixable rows, accepts every such fix (a job in a worker thread), and
 *   prints `FIXED` when the job is done (the test kills it before or after);
 * - `rename`: no case; writes an export set of three files (`a.csv`, `b.csv`, `c.csv`, each "new")
 *   into `outDir` and stops for good between its first and second rename (prints `RENAMING`).
 * It reports on stdout, one line each: `CASE <path>`, then `RECHECKING`, `EXPORTING` or `SAVED`
 * and `SAVING`.
 *
 * Run: node --import tsx test/reliability/crash-child.ts <mode> <dataDir> <list> [outDir | case file]
 * Jobs run in the worker bundle named by LISTPREP_TEST_WORKER (the test run's), else from the sources.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createService, sourceWorkerSettings } from '../../core/api/service.ts';
import { FileSet } from '../../core/csv/file-set.ts';

const [mode, dataDir, list, outDir] = process.argv.slice(2);

if (mode === 'rename') {
  const set = new FileSet();
  for (const name of ['a.csv', 'b.csv', 'c.csv']) fs.writeFileSync(set.stage(path.join(outDir, name)), 'new\r\n');
  await set.commit({
    beforeRename: async (index) => {
      if (index < 1) return;
      process.stdout.write('RENAMING\n');
      await new Promise(() => undefined); // killed here
    },
  });
}

async function waitJob(api: ReturnType<typeof createService>, jobId: string): Promise<void> {
  for (;;) {
    const job = await api.getJob({ jobId });
    if (job.state !== 'running') {
      if (job.state !== 'done') throw new Error(`job ${job.kind} ${job.state}: ${job.error}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const worker = process.env.LISTPREP_TEST_WORKER ? { script: process.env.LISTPREP_TEST_WORKER } : sourceWorkerSettings();
const api = createService({ dataDir, worker });
const { caseId, jobId } = await api.openFile({ path: list });
const { casePath } = await api.getCase({ caseId });
process.stdout.write(`CASE ${casePath}\n`);
if (mode !== 'check') {
  await waitJob(api, jobId);
  if (mode === 'recheck') {
    await api.setOptions({ caseId, region: 'TW' });
    process.stdout.write('RECHECKING\n');
  } else if (mode === 'fix') {
    const top = (await api.getCounts({ caseId })).byCode.filter((c) => c.fixable > 0).sort((a, b) => b.fixable - a.fixable)[0];
    process.stdout.write(`FIXING ${top.code} ${top.fixable}\n`);
    await waitJob(api, (await api.applyFix({ caseId, fix: { kind: 'code', code: top.code } })).jobId);
    process.stdout.write('FIXED\n');
  } else if (mode === 'save') {
    await api.saveCaseAs({ caseId, path: outDir });
    process.stdout.write('SAVED\n');
    await waitJob(api, (await api.applyFix({ caseId, fix: { kind: 'cell', row: 2, columnIndex: 2, value: 'Edited after the first save' } })).jobId);
    // stdout is a pipe, written synchronously: the test has the line before the save starts.
    process.stdout.write('SAVING\n');
    await api.saveCaseAs({ caseId, path: outDir });
    process.stdout.write('SAVED AGAIN\n');
  } else {
    await api.exportFiles({ caseId, dir: outDir, conflicts: true, snapshot: true });
    process.stdout.write('EXPORTING\n');
  }
}
// Stay alive until killed (the test's SIGKILL), whatever the job does.
setInterval(() => undefined, 1_000);
