/**
 * Issue #15: fixes, undo and redo are jobs in a worker thread. While a bulk fix runs, reads are
 * answered and changes are refused with case.busy; Cancel leaves every row and the fix log as they
 * were (the job's one transaction is rolled back); undo and redo bring the rows back and forth.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Service } from '../../core/api/service.ts';
import { writeWhatsAppList } from '../bench/generate.ts';
import { fixed, makeService, openChecked, tempDir, waitJob } from '../helpers/service.ts';
import { testWorkerSettings } from '../helpers/test-worker.ts';

const ROWS = 40_000;
/**
 * For watching a fix run: "Fix all" reads each block once, in a thread waiting with its script loaded,
 * so on 40,000 rows it can end before the first read comes back.
 */
const WATCHED_ROWS = 200_000;
let api: Service | undefined;
afterEach(() => api?.close());

/** A checked generated list, jobs in worker threads; its most frequent fixable code. */
async function bigCase(inWorkers = true, rows = ROWS) {
  const file = path.join(tempDir(), 'big.csv');
  await writeWhatsAppList(file, rows, 5);
  api = makeService(inWorkers ? { worker: testWorkerSettings() } : {}).api;
  const caseId = await openChecked(api, file);
  const counts = await api.getCounts({ caseId, filter: {} });
  const top = counts.byCode.filter((c) => c.fixable > 0).sort((a, b) => b.fixable - a.fixable)[0];
  return { service: api, caseId, code: top.code, fixable: top.fixable, counts };
}

describe('fixes as jobs', () => {
  it('answers reads while a bulk fix runs, refuses changes, and the result is right', { timeout: 180_000 }, async () => {
    const { service, caseId, code, fixable } = await bigCase(true, WATCHED_ROWS);
    const rowsWithCode = (await service.queryRows({ caseId, offset: 0, limit: 1, filter: { code } })).total;
    expect(rowsWithCode).toBeGreaterThan(0);
    const { jobId } = await service.applyFix({ caseId, fix: { kind: 'code', code } });
    let answeredWhileRunning = 0;
    let last;
    for (;;) {
      const page = await service.queryRows({ caseId, offset: 0, limit: 50, filter: { code } });
      const counts = await service.getCounts({ caseId, filter: {} });
      const job = await service.getJob({ jobId });
      last = job;
      if (job.state !== 'running') break;
      // The fix is one transaction: a read sees all of its rows as before, or (committed, the job
      // not yet reported done) none left to fix; never some of them.
      expect([rowsWithCode, 0]).toContain(page.total);
      expect(counts.rows).toBe(WATCHED_ROWS);
      expect(job.kind).toBe('fix');
      await expect(service.setOptions({ caseId, region: 'HK' })).rejects.toMatchObject({ code: 'case.busy' });
      await expect(service.undo({ caseId })).rejects.toMatchObject({ code: 'case.busy' });
      answeredWhileRunning++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(answeredWhileRunning, JSON.stringify(last)).toBeGreaterThan(0);
    const job = await waitJob(service, jobId);
    expect(job).toMatchObject({ state: 'done', result: { changedRows: fixable } });
    expect((await service.getCounts({ caseId, filter: {} })).byCode.find((c) => c.code === code)?.fixable ?? 0).toBe(0);
    expect((await service.fixLog({ caseId })).map((e) => [e.description, e.changedRows])).toEqual([[`Accepted every ${code} fix (${fixable} rows)`, fixable]]);

    expect(await fixed(service, service.undo({ caseId }))).toEqual({ changedRows: fixable });
    expect((await service.getCounts({ caseId, filter: {} })).byCode.find((c) => c.code === code)?.fixable).toBe(fixable);
    expect(await fixed(service, service.redo({ caseId }))).toEqual({ changedRows: fixable });
    expect((await service.getCounts({ caseId, filter: {} })).byCode.find((c) => c.code === code)?.fixable ?? 0).toBe(0);
  });

  it('Cancel changes nothing: the same rows, counts and fix log', { timeout: 180_000 }, async () => {
    // Inline here, so the job is cancelled at a known point: asked before it starts, it sees Cancel
    // after writing its first block (it looks after every block), with the rest to go.
    const { service, caseId, code, counts } = await bigCase(false);
    const rowsBefore = await service.queryRows({ caseId, offset: 0, limit: 200, filter: { code } });
    const { jobId } = await service.applyFix({ caseId, fix: { kind: 'code', code } });
    await service.cancelJob({ jobId });
    expect((await waitJob(service, jobId)).state).toBe('cancelled');
    expect(await service.queryRows({ caseId, offset: 0, limit: 200, filter: { code } })).toEqual(rowsBefore);
    expect(await service.getCounts({ caseId, filter: {} })).toEqual(counts);
    expect(await service.fixLog({ caseId })).toEqual([]);
    expect((await service.getCase({ caseId })).canUndo).toBe(false);
    // The case is free again: the fix runs to its end.
    expect((await fixed(service, service.applyFix({ caseId, fix: { kind: 'code', code } }))).changedRows).toBe(counts.byCode.find((c) => c.code === code)!.fixable);
  });
});
