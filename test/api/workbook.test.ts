/**
 * R-F7 through the Api, jobs in worker threads as in the app: a workbook opens as a case that names
 * its sheet and the other sheets with rows, and opens again on another sheet when asked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeService, tempDir, waitJob } from '../helpers/service.ts';
import { type Service } from '../../core/api/service.ts';
import { workbookBuffer } from '../csv/workbooks.ts';
import { testWorkerSettings } from '../helpers/test-worker.ts';

let api: Service | undefined;
afterEach(() => {
  api?.close();
  api = undefined;
});

async function workbook(): Promise<string> {
  const file = path.join(tempDir(), 'members.xlsx');
  fs.writeFileSync(file, await workbookBuffer([
    { name: 'Notes' },
    {
      name: '三月',
      rows: [['phone', 'name', 'customer_id'], [886912345678, '陳美玲', 1001], [912345678, '王小明', 1002]],
    },
    { name: 'April', rows: [['phone', 'name'], ['0922333444', 'Wei'], ['0922333445', 'Lin']] },
  ]));
  return file;
}

describe('a workbook in a case (R-F7)', () => {
  it('names the sheet read and the others with rows, with the exact digits in its rows', async () => {
    const { api: service } = makeService({ worker: testWorkerSettings() });
    api = service;
    const { caseId, jobId } = await service.openFile({ path: await workbook(), channel: 'line', key: 'phone' });
    expect((await waitJob(service, jobId)).state).toBe('done');
    const summary = await service.getCase({ caseId });
    expect([summary.state, summary.rows, summary.encoding, summary.sheet, summary.sheets]).toEqual(['ready', 2, 'Excel workbook (.xlsx)', '三月', ['三月', 'April']]);
    expect(summary.fileIssues.find((i) => i.code === 'file.sheet_chosen')?.severity).toBe('info');
    const first = await service.getRow({ caseId, row: 2 });
    expect(first.cells).toEqual(['886912345678', '陳美玲', '1001']);
    const second = await service.getRow({ caseId, row: 3 });
    expect(second.issues.filter((i) => i.column === 'phone').map((i) => [i.code, i.fix])).toEqual([['phone.leading_zero_lost', '+886912345678']]);
  });

  it('opens the workbook again on the sheet chosen, and fails a case on a sheet that is not there', async () => {
    const { api: service } = makeService({ worker: testWorkerSettings() });
    api = service;
    const file = await workbook();
    const april = await service.openFile({ path: file, sheet: 'April', channel: 'line', key: 'phone' });
    expect((await waitJob(service, april.jobId)).state).toBe('done');
    const summary = await service.getCase({ caseId: april.caseId });
    expect([summary.sheet, summary.sheets, summary.rows, summary.fileIssues.map((i) => i.code)]).toEqual(['April', ['三月', 'April'], 2, []]);
    expect((await service.getRow({ caseId: april.caseId, row: 3 })).cells).toEqual(['0922333445', 'Lin']);

    const missing = await service.openFile({ path: file, sheet: 'May' });
    await waitJob(service, missing.jobId);
    const failed = await service.getCase({ caseId: missing.caseId });
    expect([failed.state, failed.rows, failed.fileIssues.map((i) => i.code)]).toEqual(['failed', 0, ['file.sheet_missing']]);
    expect(failed.fileIssues[0].message).toBe('The workbook has no sheet named "May". Its sheets are "Notes", "三月", "April". Choose one of these names (--sheet NAME in the command line).');
  });
});
