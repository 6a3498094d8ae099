/**
 * The one implementation of the Api over the core, the case store and the jobs. Transports
 * (Electron IPC, the loopback bridge, tests) parse inputs with the contract before calling it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Api, CaseSummary, ConflictView, ExportRequest, Fix, FixJobResult, Job, LoggedFix } from '../contract/api.ts';
import { ApiError } from '../contract/api.ts';
import { CaseStore } from '../store/case-store.ts';
import { isCaseMeta, META_KEY, type CaseMeta, type CheckGap } from '../store/case-meta.ts';
import { DEFAULT_KEY, DEFAULT_REGION, type Channel, type Contact } from '../model.ts';
import { DEFAULT_UNIFY_KEYS, normalizeSearch } from '../unify/index.ts';
import { hasProfileList, profilePage } from '../store/profiles.ts';
import { pageContactNames } from '../store/contact-names.ts';
import { describeGap, incompleteOf } from './check-gap.ts';
import { readDefinitionsFile, readSnapshotFile, type DefinitionsFile, type SnapshotFile } from './side-files.ts';
import { analyzeHeaders, mappingProblem } from '../rules/headers.ts';
import { mappingChange, setMapping } from '../jobs/mapping-edit.ts';
import { columnSamples } from './column-samples.ts';
import { formatDate, formatDateTime } from '../check/clock.ts';
import { JobManager, type WorkerSettings } from '../jobs/job-manager.ts';
import type { JobContext } from '../jobs/job-context.ts';
import { runTask } from '../jobs/run-task.ts';
import { headerOptions } from '../jobs/tasks.ts';
import type { WorkerRequest } from '../jobs/worker-protocol.ts';
import { editsFor } from '../jobs/fix-engine.ts';
import { previewEdit } from '../jobs/edit-preview.ts';
import { fixTask, type FixAction, type FixResult } from '../jobs/fix-task.ts';
import { isUploadable } from '../report/outputs.ts';
import { RecentCases } from './recent-cases.ts';
import { displayCells, displayChanges, PAGE_CELL_CHARS, ROW_CELL_CHARS } from './display-cells.ts';
import { commitTemporary, temporaryPathFor } from '../csv/atomic.ts';
import { describeFolderFailure, makeFolder, writeProblem } from '../csv/write-failure.ts';
import { findOutputOverInput, isSameFile } from '../csv/same-file.ts';
import { FileInUseError, settleLogBeside } from '../store/log-beside.ts';
import { makeIssue } from '../rules/issue.ts';
import { notAFile } from '../csv/read.ts';
import { exportBaseName, plannedExportPaths } from '../report/export-names.ts';
import { ENCODING_LABELS } from '../csv/encoding.ts';
import { ExportFolders } from './export-folders.ts';
import { recoverFolder } from '../csv/file-set.ts';
import { openTable } from '../csv/read.ts';
import { openRefusal } from './open-refusal.ts';

export interface ServiceOptions {
  /** Where new case files and the recent list live (Electron: app.getPath('userData')). */
  dataDir: string;
  /** better-sqlite3 built for Electron's ABI; absent under Node. */
  nativeBinding?: string;
  /** Sample files offered on the start screen. */
  samplesDir?: string;
  /** Run jobs in worker threads (the app) or inline (tests). */
  worker?: WorkerSettings;
  /** Jobs running at once (default: about the core count, job-manager.ts). */
  maxRunningJobs?: number;
  /** Rows an edit's preview looks at, at most (default: edit-preview.ts's PREVIEW_ROW_BOUND); tests make it small. */
  previewRowBound?: number;
  version?: string;
}

interface OpenCase {
  id: string;
  store: CaseStore;
  /** Snapshot contacts, loaded once per case (re-simulation after a fix needs them). */
  contacts?: Contact[];
}

export type Service = Api & {
  /** Closes every case at once (jobs still running are cancelled and their threads terminated). */
  close(): void;
  /** Stops the jobs (cancelled, threads ended within `withinMs`), then closes every case: for SIGTERM and app quit. */
  shutdown(withinMs?: number): Promise<void>;
};

/** Worker settings for running from TypeScript sources (tsx): the entry next to this module. */
export function sourceWorkerSettings(): WorkerSettings {
  return { script: new URL('../jobs/worker-bootstrap.mjs', import.meta.url) };
}

const SAMPLE_PURPOSES: Record<string, 'list' | 'snapshot' | 'definitions'> = {
  'contacts-snapshot.csv': 'snapshot',
  'custom-fields.csv': 'definitions',
};

export function createService(options: ServiceOptions): Service {
  const casesDir = path.join(options.dataDir, 'cases');
  fs.mkdirSync(casesDir, { recursive: true });
  const recent = new RecentCases(path.join(options.dataDir, 'recent.json'));
  const exportFolders = new ExportFolders(path.join(options.dataDir, 'export-folders.json'));
  exportFolders.recoverAll();
  const jobs = new JobManager(options.worker, { maxRunning: options.maxRunningJobs });
  const cases = new Map<string, OpenCase>();

  const openCase = (id: string): OpenCase => {
    const found = cases.get(id);
    if (!found) throw new ApiError('case.not_found', 'This case is not open any more. Open the list or the case file again.');
    return found;
  };
  const metaOf = (c: OpenCase): CaseMeta => {
    const meta = c.store.getMeta<CaseMeta>(META_KEY);
    if (!meta) throw new ApiError('case.damaged', 'This case file has no case information; it may be damaged. Open the list again to make a new case.');
    return meta;
  };
  const ensureIdle = (c: OpenCase) => {
    const running = jobs.busy(c.id);
    if (running) throw new ApiError('case.busy', `Wait until "${running.phase}" finishes, or cancel it, then try again.`);
  };
  const snapshotOf = (c: OpenCase): Contact[] => (c.contacts ??= c.store.contacts());
  /**
   * Fixes need the whole file: Check again after a first check that stopped mid-file reads the file
   * from the start, which would silently drop edits made to the part read so far.
   */
  const ensureWholeFile = (c: OpenCase) => {
    if (metaOf(c).fileChecked === false) {
      throw new ApiError('case.partly_read', 'Only part of the file has been read, and a fix made now would be lost when Check again reads the whole file. Check again first, then fix.');
    }
  };

  /** The files a case reads (R-F4): its list, the snapshot and definitions it loaded, and the case file. */
  const inputsOf = (c: OpenCase, { caseFile }: { caseFile: boolean }): string[] => {
    const meta = metaOf(c);
    const inputs = [meta.sourcePath];
    if (meta.snapshot?.path) inputs.push(meta.snapshot.path);
    if (meta.definitions?.path) inputs.push(meta.definitions.path);
    if (caseFile) inputs.push(c.store.path);
    return inputs;
  };
  /** Refuses, before anything is written, an output that would replace one of the case's inputs. */
  const refuseOutputOverInput = (outputs: readonly string[], inputs: readonly string[]) => {
    const found = findOutputOverInput(outputs, inputs);
    if (found) throw new ApiError('output.is_input', makeIssue('output.is_input', {}, { output: found.output, input: found.input }).message);
  };
  /** No old log beside a file about to be replaced (log-beside.ts). */
  const settleLog = (target: string) => {
    try {
      settleLogBeside(target, options.nativeBinding);
    } catch (error) {
      if (!(error instanceof FileInUseError)) throw error;
      throw new ApiError('case.in_use', `"${target}" is open in another program (another ListPrep window?). Close it there first, or save under another name.`);
    }
  };

  /**
   * A check that did not finish leaves the case incomplete, never stuck in "checking": how far it got
   * is kept (RULES.md §8), so the case says "checked N of M rows" and export is refused.
   */
  const settleCheck = (c: OpenCase, job: Job) => {
    if (job.state === 'done' || !cases.has(c.id)) return;
    const meta = c.store.getMeta<CaseMeta>(META_KEY);
    if (!meta || meta.state !== 'checking') return;
    const reason = job.state === 'cancelled' ? 'cancelled' : 'failed';
    const failure = reason === 'cancelled'
      ? 'The check was cancelled before it finished, so some rows are missing or out of date. Check again to check every row.'
      : `The check failed: ${job.error ?? 'unknown error'}. Check again; if it keeps failing, save the case and report it.`;
    // A first check reports bytes of the file read; a re-check reports rows of the case re-checked.
    const gap: CheckGap = meta.fileChecked === false
      ? { reason, checkedRows: c.store.rowCount(), ...(job.total > 0 ? { bytesRead: job.done, totalBytes: job.total } : {}) }
      : { reason, checkedRows: Math.min(job.done, meta.rows), totalRows: meta.rows };
    c.store.setMeta(META_KEY, { ...meta, state: 'failed', failure, incomplete: gap });
  };
  const startTask = (c: OpenCase, kind: Job['kind'], request: WorkerRequest, after?: () => void): Job =>
    jobs.start(kind, c.id, request, (ctx) => runTask(c.store, request, ctx), (job) => {
      if (kind === 'check') settleCheck(c, job);
      after?.();
    });
  /**
   * Checks the case again. A first check that never stored every row reads the file again (its
   * stored rows are only a part); otherwise the stored rows are re-validated and re-simulated.
   */
  const recheck = (c: OpenCase) => {
    const meta = metaOf(c);
    const { incomplete: _gap, failure: _failure, ...rest } = meta;
    c.store.setMeta(META_KEY, { ...rest, state: 'checking', unifyRan: false });
    const task = meta.fileChecked === false ? 'check' : 'recheck';
    return startTask(c, 'check', { task, casePath: c.store.path, nativeBinding: options.nativeBinding });
  };

  const register = (store: CaseStore): OpenCase => {
    const c: OpenCase = { id: randomUUID().replace(/-/g, '').slice(0, 20), store };
    cases.set(c.id, c);
    return c;
  };

  const summary = (c: OpenCase): CaseSummary => {
    const meta = metaOf(c);
    const analysis = analyzeHeaders(meta.header, headerOptions(meta, c.store));
    return {
      caseId: c.id, fileName: meta.fileName, sourcePath: meta.sourcePath, sourceHash: meta.sourceHash, encoding: meta.encoding,
      mapping: meta.mapping ?? {}, ...(meta.encodingId ? { encodingId: meta.encodingId } : {}), encodingChosen: meta.encodingChosen !== undefined,
      encodingAlternatives: (meta.encodingAlternatives ?? []).map((id) => ({ id, label: ENCODING_LABELS[id] })),
      delimiter: meta.delimiter, ...(meta.sheet !== undefined ? { sheet: meta.sheet, sheets: meta.sheets ?? [meta.sheet] } : {}), channel: meta.channel, channelDetected: meta.channelDetected, key: meta.key, region: meta.region,
      ...(meta.timeZone ? { timeZone: meta.timeZone } : {}), unifyKeys: meta.unifyKeys,
      snapshot: meta.snapshot && { fileName: meta.snapshot.fileName, contacts: meta.snapshot.contacts, issues: meta.snapshot.issues },
      definitions: meta.definitions && { fileName: meta.definitions.fileName, count: meta.definitions.count, issues: meta.definitions.issues },
      state: meta.state, rows: meta.state === 'checking' ? c.store.rowCount() : meta.rows, incomplete: incompleteOf(meta),
      columns: analysis.columns.map((col) => ({
        index: col.index, header: col.header, status: col.status,
        ...(col.field && col.status !== 'skipped' ? { field: col.field } : {}), ...(col.rename ? { rename: col.rename } : {}),
      })),
      fileIssues: c.store.fileIssues(),
      canUndo: c.store.canToggle('undo'),
      canRedo: c.store.canToggle('redo'),
      casePath: c.store.path,
    };
  };

  /** Whether a fix, or the fix an undo or redo would toggle, changes at most one row. */
  const touchesOneRow = (c: OpenCase, action: FixAction): boolean => {
    if (action.kind === 'apply') return action.fix.kind === 'cell' || action.fix.kind === 'issue' || (action.fix.kind === 'exclude' && action.fix.rows !== undefined && action.fix.rows.length <= 1);
    const log = c.store.fixLog();
    const entry = action.kind === 'undo' ? log.filter((e) => !e.undone).pop() : log.find((e) => e.undone);
    return entry !== undefined && entry.changedRows <= 1 && (entry.fix as Fix).kind !== 'header';
  };
  /**
   * Fixes, undo and redo run as jobs (fix-task.ts: one transaction, so Cancel changes nothing). A
   * fix that renamed a header starts the re-check of every row when it ends; its job's result names it.
   */
  const startFix = (c: OpenCase, action: FixAction): { jobId: string } => {
    ensureIdle(c);
    ensureWholeFile(c);
    const request: WorkerRequest = { task: 'fix', casePath: c.store.path, nativeBinding: options.nativeBinding, action };
    // A fix of one row is milliseconds of work, less than a thread takes to start: it runs here, with
    // the snapshot contacts this thread keeps.
    const start = touchesOneRow(c, action)
      ? jobs.startInline.bind(jobs, 'fix', c.id, (ctx: JobContext) => fixTask(c.store, action, ctx, snapshotOf(c)))
      : jobs.start.bind(jobs, 'fix', c.id, request, (ctx: JobContext) => runTask(c.store, request, ctx));
    const job = start((ended) => {
      if (ended.state !== 'done') return;
      const { changedRows, headerChanged } = ended.result as FixResult;
      const result: FixJobResult = { changedRows };
      if (headerChanged && cases.has(c.id)) result.recheckJobId = recheck(c).id;
      ended.result = result;
    });
    return { jobId: job.id };
  };

  const api: Service = {
    async appInfo() {
      const samples = options.samplesDir && fs.existsSync(options.samplesDir)
        ? fs.readdirSync(options.samplesDir).filter((n) => /\.(csv|txt)$/i.test(n)).sort()
          .map((name) => ({ name, path: path.join(options.samplesDir!, name), purpose: SAMPLE_PURPOSES[name] ?? ('list' as const) }))
        : [];
      // `saved`: the case file is one the user saved somewhere, not ListPrep's own copy in its data folder.
      const recentCases = recent.list().map((r) => ({ ...r, saved: path.dirname(path.resolve(r.casePath)) !== path.resolve(casesDir) }));
      return { version: options.version ?? '0.0.0', samples, recent: recentCases };
    },

    async openFile(input) {
      const sourcePath = path.resolve(input.path);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(sourcePath);
      } catch {
        throw new ApiError('file.not_found', `The file "${sourcePath}" does not exist. Check the name and folder, then try again.`);
      }
      if (!stat.isFile()) throw new ApiError('file.unreadable', makeIssue('file.unreadable', {}, { path: sourcePath, reason: notAFile(stat) }).message);
      // The reader's own first look (encoding, header, one data row): a file it cannot read at all
      // opens no case. The check job opens it again; this costs the first few kilobytes.
      const opened = await openTable(sourcePath, { encoding: input.encoding });
      if (!opened.ok) throw openRefusal(opened.issue);
      // The snapshot and definitions chosen on the start screen are read first, so the one check
      // replays rows as it reads them (issue #15). One it cannot use is named in `notLoaded`: the
      // list is still opened and checked, and the user can load another from the case.
      const region = input.region ?? DEFAULT_REGION;
      const notLoaded: Array<{ file: 'snapshot' | 'definitions'; code: string; message: string }> = [];
      const attempt = async <T>(file: 'snapshot' | 'definitions', read: () => Promise<T>): Promise<T | undefined> => {
        try {
          return await read();
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          notLoaded.push({ file, code: error.code, message: error.message });
          return undefined;
        }
      };
      const snapshot: SnapshotFile | undefined = input.snapshot ? await attempt('snapshot', () => readSnapshotFile(input.snapshot!, region)) : undefined;
      const definitions: DefinitionsFile | undefined = input.definitions ? await attempt('definitions', () => readDefinitionsFile(input.definitions!)) : undefined;
      const id = randomUUID().replace(/-/g, '').slice(0, 20);
      const store = new CaseStore(path.join(casesDir, `${id}.listprep`), { nativeBinding: options.nativeBinding });
      const now = new Date();
      const channel: Channel = input.channel ?? 'line';
      const meta: CaseMeta = {
        fileName: path.basename(sourcePath), sourcePath, sourceHash: '', encoding: '', delimiter: ',', sourceHeader: [], header: [],
        channel, channelDetected: input.channel === undefined, key: input.key ?? DEFAULT_KEY[channel], keyChosen: input.key !== undefined, region,
        ...(input.timeZone ? { timeZone: input.timeZone } : {}), ...(input.encoding ? { encodingChosen: input.encoding } : {}),
        ...(input.sheet ? { sheetChosen: input.sheet } : {}),
        unifyKeys: [...DEFAULT_UNIFY_KEYS], state: 'checking', fileChecked: false, rows: 0,
        importedAt: formatDateTime(now), today: formatDate(now), snapshot: snapshot?.meta ?? null, definitions: definitions?.meta ?? null, unifyRan: false,
      };
      if (snapshot) store.replaceContacts(snapshot.contacts);
      if (definitions) store.replaceDefinitions(definitions.definitions);
      store.setMeta(META_KEY, meta);
      const c: OpenCase = { id, store, ...(snapshot ? { contacts: snapshot.contacts } : {}) };
      cases.set(id, c);
      recent.add({ casePath: store.path, fileName: meta.fileName, sourcePath: meta.sourcePath });
      const job = startTask(c, 'check', { task: 'check', casePath: store.path, nativeBinding: options.nativeBinding });
      return { caseId: id, jobId: job.id, ...(notLoaded.length > 0 ? { notLoaded } : {}) };
    },

    async openCase({ path: casePath }) {
      // A case that does not open now leaves the recent list (issue #17): it would fail again.
      const refuse = (code: string, message: string) => {
        recent.remove(casePath);
        return new ApiError(code, message);
      };
      if (!fs.existsSync(casePath)) throw refuse('file.not_found', `The case file "${casePath}" does not exist.`);
      let store: CaseStore;
      try {
        store = new CaseStore(casePath, { nativeBinding: options.nativeBinding, existing: true });
      } catch (error) {
        throw refuse('case.unreadable', `"${path.basename(casePath)}" cannot be opened as a ListPrep case (${(error as Error).message}).`);
      }
      let meta: CaseMeta | undefined;
      try {
        meta = store.getMeta<CaseMeta>(META_KEY);
      } catch {
        meta = undefined;
      }
      if (!isCaseMeta(meta)) {
        store.close();
        throw refuse('case.unreadable', `"${path.basename(casePath)}" cannot be opened as a ListPrep case (it is damaged: its case information cannot be read).`);
      }
      const c = register(store);
      // Interrupted while checking: bring it to a consistent state. A first check that never finished
      // stored only some batches, so it reads the file again; an interrupted re-check has every row.
      if (meta.state === 'checking' && meta.fileChecked === false) startTask(c, 'check', { task: 'check', casePath: store.path, nativeBinding: options.nativeBinding });
      else if (meta.state === 'checking') recheck(c);
      recent.add({ casePath, fileName: meta.fileName, sourcePath: meta.sourcePath });
      return { caseId: c.id };
    },

    async saveCaseAs({ caseId, path: target }) {
      const c = openCase(caseId);
      ensureIdle(c);
      const resolved = path.resolve(target);
      // The file this case is open from: its connection and its jobs' connections all use it, so
      // "save" is making that file whole (a new file renamed over it would split them: edits lost).
      if (isSameFile(resolved, c.store.path)) {
        // Deleted or replaced by another program since it was opened: a checkpoint would keep nothing there.
        if (!c.store.isAtItsPath()) throw new ApiError('case.moved', `The case file "${c.store.path}" was moved, deleted or replaced by another program after ListPrep opened it, so saving there would not keep this case. Save it under another name.`);
        await jobs.released(c.id);
        c.store.checkpoint();
        recent.add({ casePath: c.store.path, fileName: metaOf(c).fileName, sourcePath: metaOf(c).sourcePath });
        return { casePath: c.store.path };
      }
      const other = [...cases.values()].find((o) => o !== c && isSameFile(resolved, o.store.path));
      if (other) throw new ApiError('case.in_use', `"${resolved}" is the file of another case open in ListPrep ("${metaOf(other).fileName}"). Close that case first, or save under another name.`);
      refuseOutputOverInput([resolved], inputsOf(c, { caseFile: false }));
      settleLog(resolved);
      // Copies a killed save left beside it (`<name>.<pid>.<random>.listprep-tmp`, its process gone) go first.
      recoverFolder(path.dirname(resolved));
      const temp = temporaryPathFor(resolved);
      try {
        c.store.saveAs(temp);
        // Flushed to disk before it replaces anything, and the rename made durable.
        await commitTemporary(temp, resolved);
      } catch (error) {
        // Removing the copy must not hide the real failure (rmSync throws ENOTDIR under a file).
        try {
          fs.rmSync(temp, { force: true });
        } catch {
          // Nothing was created there.
        }
        const { reason, advice } = writeProblem(error, path.dirname(resolved));
        throw new ApiError('export.failed', `Could not save the case to "${resolved}": ${reason}. Nothing was changed there. ${advice || 'Choose another folder, then try again.'}`);
      }
      recent.add({ casePath: resolved, fileName: metaOf(c).fileName, sourcePath: metaOf(c).sourcePath });
      return { casePath: resolved };
    },

    async closeCase({ caseId }) {
      const c = openCase(caseId);
      const running = jobs.busy(caseId);
      if (running) jobs.cancel(running.id);
      c.store.close();
      cases.delete(caseId);
      return { ok: true as const };
    },

    async getCase({ caseId }) {
      return summary(openCase(caseId));
    },

    async setOptions(input) {
      const c = openCase(input.caseId);
      ensureIdle(c);
      const meta = metaOf(c);
      if (input.channel !== undefined && input.channel !== meta.channel) {
        meta.channel = input.channel;
        meta.channelDetected = false;
        if (input.key === undefined && !meta.keyChosen) meta.key = DEFAULT_KEY[input.channel];
      }
      if (input.key !== undefined) {
        meta.key = input.key;
        meta.keyChosen = true;
      }
      if (input.region !== undefined) meta.region = input.region;
      if (input.timeZone !== undefined) {
        if (input.timeZone === null) delete meta.timeZone;
        else meta.timeZone = input.timeZone;
      }
      if (input.unifyKeys !== undefined) meta.unifyKeys = input.unifyKeys;
      if (input.mapping !== undefined) {
        const problem = mappingProblem(input.mapping, meta.header, meta.channel);
        if (problem !== undefined) throw new ApiError('input.invalid', `This column mapping cannot be used: ${problem}`);
        const change = mappingChange(meta, input.mapping);
        if (change !== undefined) c.store.recordFix({ ...change, cells: [] });
        setMapping(meta, input.mapping);
      }
      c.store.setMeta(META_KEY, meta);
      return { jobId: recheck(c).id };
    },

    async loadSnapshot({ caseId, path: file }) {
      const c = openCase(caseId);
      ensureIdle(c);
      const meta = metaOf(c);
      const loaded = await readSnapshotFile(file, meta.region);
      c.store.replaceContacts(loaded.contacts);
      c.contacts = loaded.contacts;
      c.store.setMeta(META_KEY, { ...meta, snapshot: loaded.meta });
      return { jobId: recheck(c).id };
    },

    async loadDefinitions({ caseId, path: file }) {
      const c = openCase(caseId);
      ensureIdle(c);
      const meta = metaOf(c);
      const loaded = await readDefinitionsFile(file);
      c.store.replaceDefinitions(loaded.definitions);
      c.store.setMeta(META_KEY, { ...meta, definitions: loaded.meta });
      return { jobId: recheck(c).id };
    },

    async queryRows({ caseId, offset, limit, filter, sort }) {
      const c = openCase(caseId);
      const { total, rows } = c.store.queryRows(filter ?? {}, offset, limit, sort);
      const names = pageContactNames(c.store.db, rows);
      const excluded = c.store.excludedRows();
      return {
        total,
        rows: rows.map((r) => ({
          row: r.row, ...displayCells(r.cells, PAGE_CELL_CHARS), outcome: r.outcome, ...(r.contactId ? { contactId: r.contactId } : {}), ...(names.has(r.row) ? { contactName: names.get(r.row) } : {}), ...(r.severity ? { severity: r.severity } : {}),
          issues: r.issues, ...(r.changes.length > 0 ? { changes: displayChanges(r.changes, PAGE_CELL_CHARS) } : {}),
          ...(excluded.has(r.row) ? { excluded: true as const } : {}),
        })),
      };
    },

    async getCounts({ caseId, filter }) {
      const { store } = openCase(caseId);
      const counts = store.counts(filter ?? {});
      const excludedRows = [...store.excludedRows()].sort((a, b) => a - b);
      if (excludedRows.length === 0) return counts;
      // Rows the user excluded are not uploaded: the screen takes them off what "will be uploaded".
      const uploadable = store.getRows(excludedRows).filter((r) => isUploadable(r.outcome, false)).length;
      return { ...counts, excluded: { rows: excludedRows.length, uploadable } };
    },

    async getRow({ caseId, row }) {
      const c = openCase(caseId);
      const record = c.store.getRow(row);
      if (!record) throw new ApiError('input.invalid', `There is no row ${row} in this list.`);
      const meta = metaOf(c);
      const before = record.contactId ? snapshotOf(c).find((contact) => contact.id === record.contactId) : undefined;
      const named = pageContactNames(c.store.db, [record]).get(record.row);
      return {
        row: record.row, ...displayCells(record.cells, ROW_CELL_CHARS), outcome: record.outcome, ...(record.contactId ? { contactId: record.contactId } : {}),
        ...(named !== undefined ? { contactName: named } : {}),
        ...(record.severity ? { severity: record.severity } : {}), issues: record.issues, header: meta.header, changes: displayChanges(record.changes, ROW_CELL_CHARS),
        contactBefore: before ? { ...before.fields, ...(before.tags.length > 0 ? { tags: before.tags.join(',') } : {}) } : null,
        ...(c.store.excludedRows().has(record.row) ? { excluded: true as const } : {}),
      };
    },

    async columnSamples({ caseId }) {
      const c = openCase(caseId);
      return { columns: columnSamples(c.store, metaOf(c).header.length) };
    },

    async applyFix({ caseId, fix }) {
      const c = openCase(caseId);
      ensureIdle(c);
      ensureWholeFile(c);
      // A fix of one row or the header is checked here, so a wrong row or column is refused at once;
      // a fix of every row of a code, a replace or a set for a filter is worked out by the job.
      if (fix.kind === 'cell' || fix.kind === 'issue' || fix.kind === 'header' || (fix.kind === 'exclude' && fix.filter === undefined)) editsFor(c.store, metaOf(c), fix);
      if ((fix.kind === 'replace' || fix.kind === 'set') && fix.columnIndex !== undefined && fix.columnIndex >= metaOf(c).header.length) {
        throw new ApiError('input.invalid', `There is no column ${fix.columnIndex + 1}.`);
      }
      return startFix(c, { kind: 'apply', fix });
    },

    async previewEdit({ caseId, fix }) {
      // Bounded: other calls wait behind it in the main process (edit-preview.ts).
      const c = openCase(caseId);
      return previewEdit(c.store, metaOf(c), fix, options.previewRowBound);
    },

    async undo({ caseId }) {
      return startFix(openCase(caseId), { kind: 'undo' });
    },

    async redo({ caseId }) {
      return startFix(openCase(caseId), { kind: 'redo' });
    },

    async fixLog({ caseId }) {
      return openCase(caseId).store.fixLog<LoggedFix>();
    },

    async runUnify({ caseId }) {
      const c = openCase(caseId);
      ensureIdle(c);
      return { jobId: startTask(c, 'unify', { task: 'unify', casePath: c.store.path, nativeBinding: options.nativeBinding }).id };
    },

    async getUnification({ caseId, offset, limit }) {
      const c = openCase(caseId);
      const meta = metaOf(c);
      const { total, items } = c.store.conflicts<ConflictView>(offset ?? 0, limit ?? 50);
      const { profiles, contacts } = c.store.profileCounts();
      return { ran: meta.unifyRan, profiles, contacts, conflicts: items, totalConflicts: total };
    },

    async getProfiles({ caseId, offset, limit, search }) {
      const c = openCase(caseId);
      // A case unified before the list was stored (schema.ts migration 5) shows it once unification runs again.
      if (!metaOf(c).unifyRan || !hasProfileList(c.store.db)) return { ran: false, total: 0, capped: false, profiles: [] };
      return { ran: true, ...profilePage(c.store.db, offset ?? 0, limit ?? 50, normalizeSearch(search ?? '')) };
    },

    async recheckCase({ caseId }) {
      const c = openCase(caseId);
      ensureIdle(c);
      return { jobId: recheck(c).id };
    },

    async exportFiles(input) {
      const c = openCase(input.caseId);
      ensureIdle(c);
      const request = input as ExportRequest;
      const gap = incompleteOf(metaOf(c));
      if (gap && request.partial !== true) throw new ApiError('case.incomplete', `${describeGap(gap)} Only a complete check is exported: check again first, or ask for a partial export (its files are marked .partial).`);
      const inputs = inputsOf(c, { caseFile: true });
      const partial = request.partial === true && gap !== undefined;
      refuseOutputOverInput(plannedExportPaths(request.dir, exportBaseName(metaOf(c).fileName) + (partial ? '.partial' : ''), {
        uploadReady: request.uploadReady !== false, errorReport: request.errorReport !== false, rejectedRows: request.rejectedRows !== false,
        snapshot: request.snapshot === true, conflicts: request.conflicts === true, profiles: request.profiles === true, split: request.splitByCountry === true || request.splitEvery !== undefined,
      }, inputs), inputs);
      try {
        makeFolder(request.dir);
      } catch (error) {
        throw new ApiError('export.failed', describeFolderFailure(request.dir, error));
      }
      // Listed until the job ends: a kill meanwhile is cleaned up at the next start.
      exportFolders.add(request.dir);
      const job = startTask(c, 'export', { task: 'export', casePath: c.store.path, nativeBinding: options.nativeBinding, request }, () => exportFolders.remove(request.dir));
      return { jobId: job.id };
    },

    async getJob({ jobId }) {
      const job = jobs.get(jobId);
      if (!job) throw new ApiError('job.not_found', 'This task is no longer known; it may have finished before ListPrep restarted.');
      return job;
    },

    async cancelJob({ jobId }) {
      if (!jobs.cancel(jobId)) throw new ApiError('job.not_found', 'This task has already finished.');
      return { ok: true as const };
    },

    close() {
      void jobs.stopAll(0);
      for (const c of cases.values()) c.store.close();
      cases.clear();
    },

    async shutdown(withinMs = 1500) {
      await jobs.stopAll(withinMs);
      for (const c of cases.values()) c.store.close();
      cases.clear();
    },
  };
  return api;
}
