/**
 * R-F4 in the app: no export and no saved case over a file the case reads (its list, the snapshot
 * and definitions it loaded, the case file itself), compared as the disk sees them. Refused with
 * `output.is_input` before anything is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, makeService, openChecked, tempDir, waitJob } from '../helpers/service.ts';
import type { Service } from '../../core/api/service.ts';
import { fingerprint } from '../reliability/support.ts';

let api: Service | undefined;
afterEach(() => api?.close());

const message = (output: string, input: string) =>
  `The output "${output}" is the same file as "${input}", which this run reads, so writing it would replace that input. Nothing was written. Choose another name or folder for the output.`;

/** A list in its own folder, opened and checked; `out` exists and is empty. */
async function setUp() {
  ({ api } = makeService());
  const dir = tempDir('listprep-rf4-api-');
  const list = path.join(dir, 'wa.csv');
  fs.copyFileSync(fixture('whatsapp-from-excel.csv'), list);
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  const caseId = await openChecked(api, list);
  return { api: api!, dir, list, out, caseId };
}

async function expectRefused(attempt: Promise<unknown>, output: string, input: string, untouched: string[]) {
  const before = untouched.map((f) => fingerprint(f));
  await expect(attempt).rejects.toMatchObject({ name: 'ApiError', code: 'output.is_input', message: message(output, input) });
  expect(untouched.map((f) => fingerprint(f))).toEqual(before);
}

describe('exportFiles never writes over what the case reads', () => {
  it('an export file that is a link to the list', async () => {
    const { api, list, out, caseId } = await setUp();
    const errors = path.join(out, 'wa.errors.csv');
    fs.symlinkSync(list, errors);
    await expectRefused(api.exportFiles({ caseId, dir: out }), errors, list, [list]);
    expect(fs.readdirSync(out)).toEqual(['wa.errors.csv']);
    expect(fs.lstatSync(errors).isSymbolicLink()).toBe(true);
    // Without the error report the export goes ahead.
    const job = await waitJob(api, (await api.exportFiles({ caseId, dir: out, errorReport: false })).jobId);
    expect(job.state).toBe('done');
  });

  it('the snapshot file it loaded, when the export writes a snapshot', async () => {
    const { api, out, caseId } = await setUp();
    const snapshot = path.join(out, 'wa.snapshot.csv');
    fs.copyFileSync(fixture('contacts-snapshot.csv'), snapshot);
    await waitJob(api, (await api.loadSnapshot({ caseId, path: snapshot })).jobId);
    await expectRefused(api.exportFiles({ caseId, dir: out, snapshot: true }), snapshot, snapshot, [snapshot]);
    expect(fs.readdirSync(out)).toEqual(['wa.snapshot.csv']);
    expect((await api.getCase({ caseId })).snapshot).toEqual(expect.not.objectContaining({ path: expect.anything() }));
  });

  it('the definitions file it loaded, reached through a relative path with ".."', async () => {
    const { api, dir, out, caseId } = await setUp();
    const definitions = path.join(out, 'wa.rejected.csv');
    fs.copyFileSync(fixture('custom-fields.csv'), definitions);
    await waitJob(api, (await api.loadDefinitions({ caseId, path: definitions })).jobId);
    const relative = path.relative(process.cwd(), path.join(dir, 'out', '..', 'out'));
    await expectRefused(api.exportFiles({ caseId, dir: relative }), path.resolve(relative, 'wa.rejected.csv'), definitions, [definitions]);
  });

  it('the case file itself', async () => {
    const { api, list, dir, caseId } = await setUp();
    const caseFile = path.join(dir, 'wa.conflicts.csv');
    await api.saveCaseAs({ caseId, path: caseFile });
    const { caseId: reopened } = await api.openCase({ path: caseFile });
    await expectRefused(api.exportFiles({ caseId: reopened, dir, conflicts: true }), caseFile, caseFile, [caseFile, list]);
  });
});

describe('saveCaseAs never writes over what the case reads', () => {
  it('the list, the snapshot, the definitions, and a link to the list', async () => {
    const { api, dir, list, out, caseId } = await setUp();
    const snapshot = path.join(dir, 'contacts.csv');
    const definitions = path.join(dir, 'fields.csv');
    fs.copyFileSync(fixture('contacts-snapshot.csv'), snapshot);
    fs.copyFileSync(fixture('custom-fields.csv'), definitions);
    await waitJob(api, (await api.loadSnapshot({ caseId, path: snapshot })).jobId);
    await waitJob(api, (await api.loadDefinitions({ caseId, path: definitions })).jobId);
    const all = [list, snapshot, definitions];
    await expectRefused(api.saveCaseAs({ caseId, path: list }), list, list, all);
    await expectRefused(api.saveCaseAs({ caseId, path: snapshot }), snapshot, snapshot, all);
    await expectRefused(api.saveCaseAs({ caseId, path: definitions }), definitions, definitions, all);
    const link = path.join(out, 'list-link.listprep');
    fs.symlinkSync(list, link);
    await expectRefused(api.saveCaseAs({ caseId, path: link }), link, list, all);
    expect(fs.readdirSync(out)).toEqual(['list-link.listprep']);
    expect(fs.readdirSync(dir).sort()).toEqual(['contacts.csv', 'fields.csv', 'out', 'wa.csv']);
  });
});
