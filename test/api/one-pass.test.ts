/**
 * One pass (issue #15): a snapshot and definitions chosen on the start screen go with openFile, so
 * the first check replays rows as it reads them. Its outcomes equal those of the old two steps
 * (check, then load the snapshot and definitions, then re-check), with one job instead of three.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixture, makeService, tempDir, waitJob } from '../helpers/service.ts';
import type { Service } from '../../core/api/service.ts';
import { JobManager } from '../../core/jobs/job-manager.ts';
import { guardApiPaths, type PathAccess } from '../../core/api/path-guard.ts';
import type { Api } from '../../core/contract/api.ts';

let api: Service | undefined;
afterEach(() => {
  api?.close();
  vi.restoreAllMocks();
});

/** The WhatsApp fixture (CRLF lines) with two custom columns the definitions name; row 3's points are not a number. */
function listWithCustomColumns(): string {
  const [header, ...rows] = fs.readFileSync(fixture('whatsapp-from-excel.csv'), 'utf8').trimEnd().split('\r\n');
  const file = path.join(tempDir('listprep-one-pass-'), 'wa.csv');
  fs.writeFileSync(file, [`${header},cl_custom_points,cl_custom_member_tier`, ...rows.map((r, i) => `${r},${i === 1 ? 'lots' : String(i * 10)},gold`)].join('\r\n') + '\r\n');
  return file;
}

/** Every row as the Api shows it: what the replay says and why. */
async function outcomesOf(service: Service, caseId: string) {
  const { rows } = await service.queryRows({ caseId, offset: 0, limit: 1000, filter: {} });
  return rows.map((r) => ({ row: r.row, outcome: r.outcome, contactId: r.contactId, codes: r.issues.map((i) => i.code).sort(), changes: r.changes }));
}

describe('openFile with a snapshot and definitions checks once', () => {
  it('starts exactly one job, and its outcomes and case facts equal check → load → re-check', async () => {
    const list = listWithCustomColumns();
    const snapshot = fixture('contacts-snapshot.csv');
    const definitions = fixture('custom-fields.csv');

    const twoStep = makeService();
    api = twoStep.api;
    const opened = await api.openFile({ path: list });
    expect((await waitJob(api, opened.jobId)).state).toBe('done');
    expect((await waitJob(api, (await api.loadSnapshot({ caseId: opened.caseId, path: snapshot })).jobId)).state).toBe('done');
    expect((await waitJob(api, (await api.loadDefinitions({ caseId: opened.caseId, path: definitions })).jobId)).state).toBe('done');
    const expected = await outcomesOf(api, opened.caseId);
    const expectedCase = await api.getCase({ caseId: opened.caseId });
    const expectedCounts = await api.getCounts({ caseId: opened.caseId, filter: {} });
    api.close();

    const started = vi.spyOn(JobManager.prototype, 'start');
    const onePass = makeService();
    api = onePass.api;
    const { caseId, jobId, notLoaded } = await api.openFile({ path: list, snapshot, definitions });
    expect(notLoaded).toBeUndefined();
    // Read before the check starts: the case says so from the first moment.
    const early = await api.getCase({ caseId });
    expect(early.snapshot).toMatchObject({ fileName: 'contacts-snapshot.csv', contacts: 4 });
    expect(early.definitions).toMatchObject({ fileName: 'custom-fields.csv', count: 5 });
    expect((await waitJob(api, jobId)).state).toBe('done');
    expect(started).toHaveBeenCalledTimes(1);
    expect(started.mock.calls[0]![0]).toBe('check');

    const outcomes = await outcomesOf(api, caseId);
    expect(outcomes).toEqual(expected);
    // The replay happened: row 7 updates the opted-out WhatsApp contact of the snapshot.
    expect(outcomes.find((r) => r.row === 7)).toMatchObject({ outcome: 'update', contactId: 'W1' });
    expect(outcomes.filter((r) => r.codes.includes('custom.number.invalid')).map((r) => r.row)).toEqual([3]);
    expect(await api.getCounts({ caseId, filter: {} })).toEqual(expectedCounts);
    const summary = await api.getCase({ caseId });
    expect({ snapshot: summary.snapshot, definitions: summary.definitions, columns: summary.columns, rows: summary.rows, state: summary.state })
      .toEqual({ snapshot: expectedCase.snapshot, definitions: expectedCase.definitions, columns: expectedCase.columns, rows: expectedCase.rows, state: 'ready' });
  });

  it('records the files as a later load would: R-F4 refuses an export over the snapshot chosen at open', async () => {
    ({ api } = makeService());
    const dir = tempDir('listprep-one-pass-rf4-');
    const list = path.join(dir, 'wa.csv');
    fs.copyFileSync(fixture('whatsapp-from-excel.csv'), list);
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    const snapshot = path.join(out, 'wa.snapshot.csv');
    const definitions = path.join(out, 'wa.rejected.csv');
    fs.copyFileSync(fixture('contacts-snapshot.csv'), snapshot);
    fs.copyFileSync(fixture('custom-fields.csv'), definitions);
    const { caseId, jobId } = await api.openFile({ path: list, snapshot, definitions });
    expect((await waitJob(api, jobId)).state).toBe('done');
    const refused = (output: string, input: string) => ({
      code: 'output.is_input',
      message: `The output "${output}" is the same file as "${input}", which this run reads, so writing it would replace that input. Nothing was written. Choose another name or folder for the output.`,
    });
    await expect(api.exportFiles({ caseId, dir: out, snapshot: true, rejectedRows: false })).rejects.toMatchObject(refused(snapshot, snapshot));
    await expect(api.exportFiles({ caseId, dir: out })).rejects.toMatchObject(refused(definitions, definitions));
    expect(fs.readdirSync(out).sort()).toEqual(['wa.rejected.csv', 'wa.snapshot.csv']);
  });

  it('a snapshot or definitions file it cannot use is named in words; the list still opens and is checked', async () => {
    ({ api } = makeService());
    const dir = tempDir('listprep-one-pass-bad-');
    const picture = path.join(dir, 'contacts.png');
    fs.writeFileSync(picture, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(4096, 7)]));
    const missing = path.join(dir, 'fields.csv');
    const { caseId, jobId, notLoaded } = await api.openFile({ path: fixture('whatsapp-from-excel.csv'), snapshot: picture, definitions: missing });
    expect(notLoaded?.map((n) => [n.file, n.code])).toEqual([['snapshot', 'file.binary'], ['definitions', 'file.not_found']]);
    expect(notLoaded?.[0]!.message).toMatch(/^Contact snapshot: This is not a text CSV file/);
    expect(notLoaded?.[1]!.message).toMatch(/^Field definitions: .*fields\.csv/);
    expect((await waitJob(api, jobId)).state).toBe('done');
    const summary = await api.getCase({ caseId });
    expect(summary).toMatchObject({ state: 'ready', rows: 6, snapshot: null, definitions: null });
    expect((await outcomesOf(api, caseId)).map((r) => r.outcome)).toEqual(['fail', 'fail', 'skip', 'fail', 'fail', 'create']);
  });
});

describe('the path guard', () => {
  it('checks the snapshot and definitions of openFile as files that are only read', async () => {
    const checked: Array<[string, PathAccess]> = [];
    const seen: unknown[] = [];
    const inner = { openFile: async (input: unknown) => (seen.push(input), { caseId: 'c1', jobId: 'j1' }) } as unknown as Api;
    const guarded = guardApiPaths(inner, { check: (p, access) => (checked.push([p, access]), `/granted${p}`) });
    await guarded.openFile({ path: '/l.csv', snapshot: '/s.csv', definitions: '/d.csv' });
    await guarded.openFile({ path: '/m.csv' });
    expect(checked).toEqual([['/l.csv', 'read'], ['/s.csv', 'read'], ['/d.csv', 'read'], ['/m.csv', 'read']]);
    expect(seen).toEqual([{ path: '/granted/l.csv', snapshot: '/granted/s.csv', definitions: '/granted/d.csv' }, { path: '/granted/m.csv' }]);
  });
});
