/**
 * The long tasks of a case, written once and run either inline or in a worker thread: the first
 * check of a file, a re-check from the case store, unification, and export. Each writes through
 * its own CaseStore connection in batched transactions and reports progress.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { CheckedRow, Contact, Issue } from '../model.ts';
import { CASE_FILE_OUTPUT, runCheck } from '../check/run-check.ts';
import type { StoredCheckedRow } from '../codec/row-wire-format.ts';
import type { ParallelSettings } from '../check/parallel.ts';
import { CheckSession, type SessionOptions } from '../check/session.ts';
import { CaseStore, type RowRecord, type StoredRow } from '../store/case-store.ts';
import { META_KEY, type CaseMeta } from '../store/case-meta.ts';
import { SIMULATION_CODES } from '../rules/codes.ts';
import { readIssuesOf } from '../csv/cell-encoding.ts';
import { Simulator } from '../simulate/index.ts';
import { unify, conflictListRows, contactName, contactsById, identityValues, PROFILE_LIST_HEADER, profileListRows, profileMembers, searchTerms, type UnifyResult } from '../unify/index.ts';
import { snapshotCsvRows } from '../snapshot/index.ts';
import { replaceProfileList, type ProfileListInput } from '../store/profiles.ts';
import { ExportWriter, type ExportedFile } from '../report/export-writer.ts';
import { writeCsvAtomic } from '../csv/write.ts';
import { FileSet, recoverFolder } from '../csv/file-set.ts';
import { issueMessage } from '../rules/messages.ts';
import { analyzeHeaders, type HeaderOptions } from '../rules/headers.ts';
import { throwIfCancelled, type JobContext } from './job-context.ts';
import type { ConflictView, ExportRequest } from '../contract/api.ts';
import { exportBaseName, exportFileName } from '../report/export-names.ts';


function readMeta(store: CaseStore): CaseMeta {
  const meta = store.getMeta<CaseMeta>(META_KEY);
  if (!meta) throw new Error('This case file has no case information; it may be damaged. Open the list again to make a new case.');
  return meta;
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** How a case's header is read: its channel, key, field definitions and the user's column mapping (R-H8). */
export function headerOptions(meta: CaseMeta, store: CaseStore): HeaderOptions {
  return { channel: meta.channel, key: meta.key, definitions: meta.definitions ? store.definitions() : undefined, mapping: meta.mapping };
}

/** A check session over a case's stored rows, as its options say. */
export function sessionOptions(meta: CaseMeta, store: CaseStore, snapshot: readonly Contact[]): SessionOptions {
  return {
    ...headerOptions(meta, store), channelDetected: meta.channelDetected, region: meta.region, timeZone: meta.timeZone,
    snapshot, importedAt: meta.importedAt, today: meta.today, converted: store.convertedCells(),
  };
}

/** A checked and simulated row as the case store keeps it. */
export function storedRow(seq: number, original: readonly string[], checked: CheckedRow, result: { outcome: StoredRow['outcome']; contactId?: string; changes: StoredRow['changes']; changesOmitted?: true; issues: readonly Issue[] }, fromWorker?: StoredCheckedRow): StoredRow {
  const stored: StoredRow = {
    row: checked.row, seq, original, cells: checked.cells, outcome: result.outcome, key: checked.key,
    contactId: result.contactId, changes: result.changes, issues: result.issues.length === 0 ? checked.issues : [...checked.issues, ...result.issues],
  };
  // The store reads values to write them (from the checked row: a checker's by its columns, without
  // its Map), or a created row's to see whether its changes are derivable. A row from the validation
  // worker comes as the store writes it, and reads them only when asked.
  if (!fromWorker) stored.checkedRow = checked;
  else if (result.outcome === 'create' && !result.changesOmitted) stored.values = checked.values;
  if (fromWorker) {
    stored.checkedJson = fromWorker.json;
    stored.checkedLayout = fromWorker.layout;
  }
  if (result.changesOmitted) stored.changesOmitted = true;
  return stored;
}

/** The first check of a file: every row into the store, committed batch by batch so the UI can page early. */
export async function checkFileTask(store: CaseStore, ctx: JobContext, parallel?: ParallelSettings): Promise<{ rows: number }> {
  const meta = readMeta(store);
  const hashing = hashFile(meta.sourcePath).catch(() => '');
  store.clearRows();
  store.beginBulkWrite();
  try {
    return await checkFile(store, meta, hashing, ctx, parallel);
  } finally {
    store.endBulkWrite();
  }
}

async function checkFile(store: CaseStore, meta: CaseMeta, hashing: Promise<string>, ctx: JobContext, parallel: ParallelSettings | undefined): Promise<{ rows: number }> {
  let seq = 0;
  let total = 1;
  const result = await runCheck(
    {
      path: meta.sourcePath, encoding: meta.encodingChosen, sheet: meta.sheetChosen, mapping: meta.mapping, channel: meta.channelDetected ? undefined : meta.channel, key: meta.keyChosen ? meta.key : undefined, region: meta.region, timeZone: meta.timeZone,
      definitions: meta.definitions ? store.definitions() : undefined, snapshot: store.contacts(), importedAt: meta.importedAt, today: meta.today,
      // Created rows' changes are their values' (stored as such): not made only to be compared.
      // A case file keeps no messages (they are worded when rows are read back), and a row from the
      // worker brings its issues in its stored tuple: the ones sent beside it are only sorted into
      // signatures (by code, severity, column, fix).
      signal: ctx.signal, parallel, output: CASE_FILE_OUTPUT,
      onProgress: ({ bytesRead, totalBytes, rows }) => {
        total = totalBytes;
        ctx.progress(bytesRead, totalBytes, `Checking rows… ${rows.toLocaleString('en')}`);
      },
    },
    {
      onStart: ({ table, session, channel, key }) => {
        // The fields rows' values are stored by: the validation worker's field table, so that rows it
        // encodes and rows checked here go by the same layout.
        store.useLayout(session.analysis.columns.filter((c) => c.field !== undefined && c.status !== 'skipped').map((c) => c.field!));
        Object.assign(meta, {
          encoding: table.encoding.label, encodingId: table.encoding.id, encodingAlternatives: table.encoding.alternatives ?? [], delimiter: table.delimiter, sourceHeader: table.header, header: [...table.header],
          channel, key, ...(table.sheet !== undefined ? { sheet: table.sheet, sheets: table.sheets } : {}),
        });
        store.setMeta(META_KEY, meta);
        store.setMeta('readIssues', table.fileIssues);
      },
      onRow: (checked, rowResult, originalCells, _structure, stored) => {
        // Written into the block being made at once: nothing of the row outlives it.
        store.appendRow(storedRow(seq++, originalCells, checked, rowResult, stored));
      },
      onBatchEnd: async () => {
        // One transaction per batch: the first rows show at once.
        store.flushAppended();
        meta.rows = seq;
        store.setMeta(META_KEY, meta);
        throwIfCancelled(ctx.signal);
        await yieldToEventLoop();
      },
    },
  );
  store.flushAppended();
  if (!result.ok) {
    Object.assign(meta, { state: 'failed', failure: result.issue.message, incomplete: { reason: 'failed', checkedRows: 0 } });
    store.setFileIssues([result.issue]);
    store.setMeta(META_KEY, meta);
    return { rows: 0 };
  }
  Object.assign(meta, { state: 'ready', fileChecked: true, rows: seq, sourceHash: await hashing });
  delete meta.failure;
  delete meta.incomplete;
  store.setFileIssues(result.end.fileIssues);
  store.setMeta(META_KEY, meta);
  ctx.progress(total, total, 'Done');
  return { rows: seq };
}

/** Re-validates and re-simulates every stored row (after the options, snapshot or definitions changed). */
export async function recheckTask(store: CaseStore, ctx: JobContext): Promise<{ rows: number }> {
  const meta = readMeta(store);
  const session = new CheckSession(meta.header, sessionOptions(meta, store, store.contacts()));
  let done = 0;
  for (const page of store.allRows()) {
    const rewritten = page.map((record) => {
      const { checked, result } = session.process({ row: record.row, cells: record.cells, issues: readIssuesOf(record.row, record.cells, meta.header, record.issues, false) });
      return storedRow(record.seq, record.original, checked, result);
    });
    store.writeRows(rewritten);
    done += page.length;
    ctx.progress(done, meta.rows, `Re-checking rows… ${done.toLocaleString('en')}`);
    throwIfCancelled(ctx.signal);
    await yieldToEventLoop();
  }
  store.setFileIssues(session.fileIssues(store.getMeta<Issue[]>('readIssues') ?? []));
  Object.assign(meta, { state: 'ready', unifyRan: false });
  delete meta.failure;
  delete meta.incomplete;
  store.setMeta(META_KEY, meta);
  return { rows: done };
}

/** A stored row as the simulator consumes it: its validation issues, values and key (no re-validation). */
export function checkedFromRecord(record: RowRecord): CheckedRow {
  const checked: CheckedRow = { row: record.row, cells: record.cells, issues: record.issues.filter((i) => !SIMULATION_CODES.has(i.code)), values: record.values };
  if (record.key !== undefined) checked.key = record.key;
  return checked;
}

/** The contacts after this import: the stored rows replayed on the snapshot, in memory. */
export async function simulatedContacts(store: CaseStore, ctx: JobContext): Promise<Contact[]> {
  const meta = readMeta(store);
  const simulator = new Simulator(store.contacts(), { channel: meta.channel, key: meta.key, region: meta.region, importedAt: meta.importedAt });
  let done = 0;
  for (const page of store.allRows()) {
    for (const record of page) simulator.apply(checkedFromRecord(record));
    done += page.length;
    ctx.progress(done, meta.rows * 2, 'Replaying the import…');
    throwIfCancelled(ctx.signal);
    await yieldToEventLoop();
  }
  return simulator.contacts();
}

function conflictViews(result: UnifyResult, contacts: readonly Contact[], region: string): ConflictView[] {
  const byId = new Map(contacts.map((c) => [c.id, c] as const));
  return result.conflicts.map((conflict, index) => ({
    index,
    customerIds: conflict.customerIds,
    unifiedContactIds: conflict.unifiedContactIds,
    linkedBy: conflict.linkedBy,
    contacts: conflict.contactIds.map((id) => {
      const contact = byId.get(id)!;
      const customerId = contact.fields.customer_id ?? '';
      const name = contactName(contact);
      const view: ConflictView['contacts'][number] = {
        id, channel: contact.channel, customerId, profileId: result.profileOf.get(id) ?? '',
        label: `${contact.channel.toUpperCase()} ${id}${name ? ` · ${name}` : ''}`, name,
        identities: identityValues(contact, region),
      };
      if (contact.row !== undefined) view.row = contact.row;
      return view;
    }),
  }));
}

/** The profile list to store: each member with the terms it is searched by. */
function* profileListInput(result: UnifyResult, contacts: readonly Contact[], region: string): Generator<ProfileListInput> {
  const byId = contactsById(contacts);
  const phones = new Map<string, string | null>();
  for (const member of profileMembers(result, contacts, byId)) yield { member, terms: searchTerms(byId.get(member.contactId)!, region, phones) };
}

export async function unifyTask(store: CaseStore, ctx: JobContext): Promise<{ profiles: number; conflicts: number }> {
  const meta = readMeta(store);
  const contacts = await simulatedContacts(store, ctx);
  ctx.progress(meta.rows, meta.rows * 2, 'Unifying profiles…');
  const result = unify(contacts, { keys: meta.unifyKeys, region: meta.region });
  store.replaceUnification(result.profiles, conflictViews(result, contacts, meta.region));
  replaceProfileList(store.db, profileListInput(result, contacts, meta.region));
  store.setMeta(META_KEY, { ...meta, unifyRan: true });
  ctx.progress(1, 1, 'Done');
  return { profiles: result.profiles.length, conflicts: result.conflicts.length };
}

/**
 * Writes the chosen §8 files as one set (core/csv/file-set.ts): each into a temporary, then all
 * renamed into place together, so a failed or cancelled export leaves the previous set whole.
 */
export async function exportTask(store: CaseStore, request: ExportRequest, ctx: JobContext): Promise<{ files: ExportedFile[] }> {
  const meta = readMeta(store);
  // A partial export (of a check that did not finish) says so in every file's name (RULES.md §8).
  const partial = request.partial === true && meta.state === 'failed';
  const baseName = exportBaseName(meta.fileName) + (partial ? '.partial' : '');
  const lang = request.lang ?? 'en';
  // Stored issues are worded in English when read back; the report speaks the user's language (§8).
  const worded = (issues: readonly Issue[]) => (lang === 'en' ? issues : issues.map((i) => ({ ...i, message: issueMessage(i, lang) })));
  const analysis = analyzeHeaders(meta.header, headerOptions(meta, store));
  recoverFolder(request.dir);
  const set = new FileSet();
  const writer = new ExportWriter(request.dir, baseName, analysis, meta.sourceHeader, {
    uploadReady: request.uploadReady !== false, errorReport: request.errorReport !== false, rejectedRows: request.rejectedRows !== false,
    allRows: request.allRows === true, splitByCountry: request.splitByCountry === true, splitEvery: request.splitEvery, region: meta.region,
  }, set);
  const files: ExportedFile[] = [];
  try {
    let done = 0;
    const excluded = store.excludedRows();
    for (const page of store.allRows()) {
      for (const record of page) {
        await writer.addRow({ row: record.row, cells: record.cells, issues: worded(record.issues), outcome: record.outcome, ...(excluded.has(record.row) ? { excluded: true } : {}) });
      }
      done += page.length;
      ctx.progress(done, meta.rows, `Writing files… ${done.toLocaleString('en')} rows`);
      throwIfCancelled(ctx.signal);
      await yieldToEventLoop();
    }
    await writer.addFileIssues(worded(store.fileIssues()));
    files.push(...(await writer.finish()));
    if (request.conflicts || request.snapshot || request.profiles) {
      const contacts = await simulatedContacts(store, ctx);
      if (request.snapshot) {
        const target = path.join(request.dir, exportFileName(baseName, 'snapshot'));
        const [header, ...rows] = snapshotCsvRows(contacts);
        files.push({ kind: 'snapshot', path: target, rows: (await writeCsvAtomic(target, header, rows, { set })).rows });
      }
      const unified = request.conflicts || request.profiles ? unify(contacts, { keys: meta.unifyKeys, region: meta.region }) : undefined;
      if (request.conflicts && unified) {
        const target = path.join(request.dir, exportFileName(baseName, 'conflicts'));
        const [header, ...rows] = conflictListRows(unified, contacts);
        files.push({ kind: 'conflicts', path: target, rows: (await writeCsvAtomic(target, header, rows, { neutralizeFormulas: true, bom: true, set })).rows });
      }
      if (request.profiles && unified) {
        const target = path.join(request.dir, exportFileName(baseName, 'profiles'));
        files.push({ kind: 'profiles', path: target, rows: (await writeCsvAtomic(target, PROFILE_LIST_HEADER, profileListRows(unified, contacts), { neutralizeFormulas: true, bom: true, set })).rows });
      }
    }
    throwIfCancelled(ctx.signal);
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await set.commit();
  return { files };
}
