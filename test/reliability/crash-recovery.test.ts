/**
 * Issue #7, nothing lost: the case store survives `kill -9` in the middle of a job. A child
 * process (crash-child.ts) checks, re-checks or exports a generated WhatsApp list with jobs in
 * worker threads; the test kills it with SIGKILL mid-write, then reopens the case file and checks
 * the last consistent state is there (integrity, schema, whole batches, readable meta), and that
 * reopening through the Api brings the case to the same result as an uninterrupted check. Issue
 * #16: an export set killed before or between its renames is cleaned (or finished) by the next start.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_RECORDS } from '../../core/csv/read.ts';
import { CaseStore } from '../../core/store/case-store.ts';
import { META_KEY, type CaseMeta } from '../../core/store/case-meta.ts';
import { SCHEMA_VERSION } from '../../core/store/schema.ts';
import { TEMP_SUFFIX } from '../../core/csv/atomic.ts';
import { recoverFolder } from '../../core/csv/file-set.ts';
import { createService, type Service } from '../../core/api/service.ts';
import { writeWhatsAppList } from '../bench/generate.ts';
import { makeService, tempDir, waitJob } from '../helpers/service.ts';
import { cli, fingerprint } from './support.ts';
import { killAllCrashChildren, startCrashChild, trackChild } from './crash-child-process.ts';
import { rowGroups } from '../store/support.ts';

const ROWS = 16_000;

let root: string;
let list: string;
let listPrint: ReturnType<typeof fingerprint>;
/** The summary of an uninterrupted check of the list, to compare recovered cases with. */
let expected: Record<string, number>;
const services: Service[] = [];

beforeAll(async () => {
  root = tempDir('listprep-crash-');
  list = path.join(root, 'list.csv');
  await writeWhatsAppList(list, ROWS, 11);
  listPrint = fingerprint(list);
  const { code, stdout } = await cli('check', list, '--json');
  expect(code).toBe(1);
  expected = (JSON.parse(stdout) as { summary: Record<string, number> }).summary;
  expect(expected.rows).toBe(ROWS);
}, 60_000);

afterEach(() => {
  killAllCrashChildren();
  for (const api of services.splice(0)) api.close();
  expect(fingerprint(list)).toEqual(listPrint);
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Starts crash-child.ts on the list and resolves each line it prints, in order. */
function startChild(mode: 'check' | 'recheck' | 'export' | 'save' | 'rename', dataDir: string, outDir?: string) {
  return startCrashChild([mode, dataDir, list, ...(outDir ? [outDir] : [])]);
}

/** Polls a case file (read-only, as another process would) until `ready` says so. */
async function waitForCaseFile(casePath: string, ready: (db: Database.Database) => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const db = new Database(casePath, { readonly: true, fileMustExist: true });
      try {
        if (ready(db)) return;
      } finally {
        db.close();
      }
    } catch {
      // Not created yet, or mid-migration.
    }
    if (Date.now() > deadline) throw new Error(`case file ${casePath} never got ready`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Waits until another connection commits to the case file (a re-check rewrites rows in place). */
async function waitForCommits(casePath: string, commits: number, timeoutMs = 20_000): Promise<void> {
  const db = new Database(casePath, { readonly: true, fileMustExist: true });
  try {
    const version = () => db.pragma('data_version', { simple: true }) as number;
    const start = version();
    const deadline = Date.now() + timeoutMs;
    while (version() < start + commits) {
      if (Date.now() > deadline) throw new Error(`no commit to ${casePath}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    db.close();
  }
}

const rowCount = (db: Database.Database) => (db.prepare('SELECT COALESCE(SUM(n), 0) AS n FROM row_blocks').get() as { n: number }).n;

/** What must hold in any case file after a crash: one consistent state, whatever the job was doing. */
function expectConsistent(casePath: string): { meta: CaseMeta; rows: number } {
  const store = new CaseStore(casePath);
  try {
    const db = store.db;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const meta = store.getMeta<CaseMeta>(META_KEY)!;
    expect(meta).toMatchObject({ fileName: 'list.csv', sourcePath: list, channel: 'whatsapp', key: 'phone' });
    const rows = store.rowCount();
    const all = [...store.allRows()].flat();
    expect(all).toHaveLength(rows);
    // Dense, in file order, from row 2; each block's rows are counted in its groups.
    expect(all.every((r, i) => r.seq === i && r.row === i + 2)).toBe(true);
    expect(rowGroups(store).kept).toEqual(rowGroups(store).actual);
    expect((db.prepare('SELECT COUNT(*) AS n FROM issues WHERE row IS NOT NULL').get() as { n: number }).n).toBe(0);
    expect(store.queryRows({}, 0, 3).rows.map((r) => r.cells.length)).toEqual(rows > 0 ? [9, 9, 9] : []);
    return { meta, rows };
  } finally {
    store.close();
  }
}

/** Reopens a case through the Api and waits until it is no longer checking. */
async function reopen(casePath: string) {
  const { api } = makeService();
  services.push(api);
  const { caseId } = await api.openCase({ path: casePath });
  const deadline = Date.now() + 60_000;
  let summary = await api.getCase({ caseId });
  while (summary.state === 'checking' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    summary = await api.getCase({ caseId });
  }
  return { api, caseId, summary };
}

describe('kill -9 between the renames of an export set', () => {
  it('the next start finishes the set: every file of the new set, none of the old, nothing left over', { timeout: 30_000 }, async () => {
    const outDir = path.join(root, 'out-rename');
    fs.mkdirSync(outDir, { recursive: true });
    for (const name of ['a.csv', 'b.csv', 'c.csv']) fs.writeFileSync(path.join(outDir, name), 'old\r\n');
    const run = startChild('rename', path.join(root, 'data-rename'), outDir);
    await run.next('RENAMING');
    expect(await run.kill()).toBe('SIGKILL');
    // Killed after the first rename: a new a.csv beside the old b.csv and c.csv, the journal, temporaries.
    const read = (name: string) => fs.readFileSync(path.join(outDir, name), 'utf8');
    expect(['a.csv', 'b.csv', 'c.csv'].map(read)).toEqual(['new\r\n', 'old\r\n', 'old\r\n']);
    const names = fs.readdirSync(outDir);
    expect(names.filter((n) => n.endsWith('.listprep-set'))).toHaveLength(1);
    expect(names.filter((n) => n.endsWith(TEMP_SUFFIX))).toHaveLength(2);
    // Someone else's file with a similar name is not ListPrep's: it stays.
    fs.writeFileSync(path.join(outDir, 'notes.listprep-tmp'), 'mine');

    const handled = recoverFolder(outDir);
    expect(handled.map((n) => n.replace(/\d+\.[0-9a-f]{12}/, '<id>')).sort()).toEqual(['.<id>.listprep-set', 'a.csv.<id>.listprep-old']); // the journal (its two renames done) and a.csv's kept copy
    expect(['a.csv', 'b.csv', 'c.csv'].map(read)).toEqual(['new\r\n', 'new\r\n', 'new\r\n']);
    expect(fs.readdirSync(outDir).sort()).toEqual(['a.csv', 'b.csv', 'c.csv', 'notes.listprep-tmp']);
  });

  it('the command line, killed while writing its files, leaves the earlier set whole, and its next run cleans up', { timeout: 60_000 }, async () => {
    const outDir = path.join(root, 'out-cli');
    expect((await cli('check', list, '--out', outDir)).code).toBe(1);
    const earlier = Object.fromEntries(fs.readdirSync(outDir).sort().map((n) => [n, fs.readFileSync(path.join(outDir, n), 'utf8')]));
    expect(Object.keys(earlier)).toEqual(['list.errors.csv', 'list.rejected.csv', 'list.upload-ready.csv']);
    const child = trackChild(spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../../core/cli/main.ts'), 'check', list, '--out', outDir, '--lang', 'zh-TW'], { stdio: ['ignore', 'pipe', 'pipe'] }));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const temps = () => fs.readdirSync(outDir).filter((n) => n.endsWith(TEMP_SUFFIX));
    const deadline = Date.now() + 30_000;
    while (temps().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(temps().length).toBeGreaterThan(0);
    expect(Object.fromEntries(fs.readdirSync(outDir).filter((n) => !n.endsWith(TEMP_SUFFIX)).sort().map((n) => [n, fs.readFileSync(path.join(outDir, n), 'utf8')]))).toEqual(earlier);
    // The next run into the folder removes the dead run's temporaries before writing its own set.
    expect((await cli('check', list, '--out', outDir)).code).toBe(1);
    expect(fs.readdirSync(outDir).sort()).toEqual(['list.errors.csv', 'list.rejected.csv', 'list.upload-ready.csv']);
  });
});

describe('kill -9 in the middle of a job', () => {
  it('during the first check: whole batches survive, and reopening checks the whole file again', { timeout: 90_000 }, async () => {
    const dataDir = path.join(root, 'data-check');
    const run = startChild('check', dataDir);
    const casePath = await run.next('CASE');
    await waitForCaseFile(casePath, (db) => rowCount(db) >= 2 * BATCH_RECORDS);
    expect(await run.kill()).toBe('SIGKILL');

    const { meta, rows } = expectConsistent(casePath);
    expect(meta.state).toBe('checking');
    expect(rows).toBeGreaterThanOrEqual(2 * BATCH_RECORDS);
    expect(rows).toBeLessThan(ROWS);
    expect(rows % BATCH_RECORDS).toBe(0); // each batch is one transaction
    expect([rows - BATCH_RECORDS, rows]).toContain(meta.rows); // the meta is written right after its batch

    const { api, caseId, summary } = await reopen(casePath);
    expect(summary.state).toBe('ready');
    expect(summary.rows).toBe(ROWS);
    const counts = await api.getCounts({ caseId, filter: {} });
    expect({ rows: counts.rows, ...counts.byOutcome }).toEqual(expected);
    expect(summary.sourceHash).toBe(listPrint.hash);
  });

  it('during a re-check: every row is still there, and reopening finishes the re-check', { timeout: 90_000 }, async () => {
    const dataDir = path.join(root, 'data-recheck');
    const run = startChild('recheck', dataDir);
    const casePath = await run.next('CASE');
    await run.next('RECHECKING');
    await waitForCommits(casePath, 2); // at least two pages of rows rewritten
    expect(await run.kill()).toBe('SIGKILL');

    const { meta, rows } = expectConsistent(casePath);
    expect(meta).toMatchObject({ state: 'checking', fileChecked: true });
    expect(rows).toBe(ROWS);
    expect(meta.rows).toBe(ROWS);
    const { api, caseId, summary } = await reopen(casePath);
    expect(summary).toMatchObject({ state: 'ready', rows: ROWS });
    const counts = await api.getCounts({ caseId, filter: {} });
    expect({ rows: counts.rows, ...counts.byOutcome }).toEqual(expected);
  });

  it('during an export: the case is untouched, no export file is half-written, and a new export works', { timeout: 90_000 }, async () => {
    const dataDir = path.join(root, 'data-export');
    const outDir = path.join(root, 'out-export');
    const run = startChild('export', dataDir, outDir);
    const casePath = await run.next('CASE');
    await run.next('EXPORTING');
    const temps = () => (fs.existsSync(outDir) ? fs.readdirSync(outDir).filter((n) => n.endsWith(TEMP_SUFFIX)) : []);
    const deadline = Date.now() + 20_000;
    while (!temps().some((n) => fs.statSync(path.join(outDir, n)).size > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(await run.kill()).toBe('SIGKILL');

    const { meta, rows } = expectConsistent(casePath);
    expect(meta.state).toBe('ready');
    expect(rows).toBe(ROWS);
    // A dead process cannot remove its temporary files, but no target name holds a partial file:
    // whatever has its final name was renamed there complete.
    for (const name of fs.readdirSync(outDir).filter((n) => !n.endsWith(TEMP_SUFFIX))) {
      expect(fs.readFileSync(path.join(outDir, name), 'utf8').endsWith('\r\n'), name).toBe(true);
    }
    // The set is renamed only once every file is written: none of it is in place yet.
    expect(fs.readdirSync(outDir).filter((n) => !n.endsWith(TEMP_SUFFIX))).toEqual([]);
    expect(temps().length).toBeGreaterThan(0);
    // The app's next start (a service over the same data folder) removes what the killed export left.
    services.push(createService({ dataDir }));
    expect(fs.readdirSync(outDir)).toEqual([]);

    const { api, caseId, summary } = await reopen(casePath);
    expect(summary).toMatchObject({ state: 'ready', rows: ROWS });
    const job = await waitJob(api, (await api.exportFiles({ caseId, dir: outDir })).jobId, 60_000);
    expect(job.state).toBe('done');
    const upload = fs.readFileSync(path.join(outDir, 'list.upload-ready.csv'), 'utf8').split('\r\n');
    expect(upload.length - 2).toBe(expected.create + expected.update + expected.unchanged);
  });

  it('during "Save case as" over an earlier save: the earlier file stays whole and opens', { timeout: 90_000 }, async () => {
    const dataDir = path.join(root, 'data-save');
    const saved = path.join(root, 'saved', 'customer.listprep');
    fs.mkdirSync(path.dirname(saved), { recursive: true });
    const run = startChild('save', dataDir, saved);
    await run.next('CASE');
    await run.next('SAVED');
    const first = fingerprint(saved);
    await run.next('SAVING');
    const temps = () => fs.readdirSync(path.dirname(saved)).filter((n) => n.endsWith(TEMP_SUFFIX));
    const deadline = Date.now() + 20_000;
    while (!temps().some((n) => fs.statSync(path.join(path.dirname(saved), n)).size > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
    expect(await run.kill()).toBe('SIGKILL');
    // Killed mid-copy: its temporary file is still there, and the earlier save is untouched.
    expect(temps()).toHaveLength(1);
    expect(fingerprint(saved)).toEqual(first);

    const { meta, rows } = expectConsistent(saved);
    expect(meta.state).toBe('ready');
    expect(rows).toBe(ROWS);
    const { api, caseId, summary } = await reopen(saved);
    expect(summary).toMatchObject({ state: 'ready', rows: ROWS });
    expect(await api.fixLog({ caseId })).toEqual([]);
    expect((await api.getRow({ caseId, row: 2 })).cells[2]).not.toBe('Edited after the first save');
    const counts = await api.getCounts({ caseId, filter: {} });
    expect({ rows: counts.rows, ...counts.byOutcome }).toEqual(expected);
  });
});
