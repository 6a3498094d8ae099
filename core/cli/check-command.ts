/**
 * `listprep check` and `listprep apply`: load the optional snapshot and field definitions, run the
 * check, stream the JSON report or print the summary, write the §8 files. Returns the exit code.
 */
import path from 'node:path';
import type { CustomFieldDefinition, Issue } from '../model.ts';
import { runCheck, type CheckStart } from '../check/run-check.ts';
import { mappingProblem } from '../rules/headers.ts';
import { formatDate, formatDateTime } from '../check/clock.ts';
import type { ParallelSettings } from '../check/parallel.ts';
import { loadPackedSnapshot, loadFieldDefinitions, snapshotCsvRows } from '../snapshot/index.ts';
import type { PackedSnapshot } from '../snapshot/packed.ts';
import { unify, conflictListRows, PROFILE_LIST_HEADER, profileListRows, type UnifyResult } from '../unify/index.ts';
import { ExportWriter, type ExportedFile } from '../report/export-writer.ts';
import { writeCsvAtomic } from '../csv/write.ts';
import { exportBaseName, exportFileName, plannedExportPaths } from '../report/export-names.ts';
import { findOutputOverInput } from '../csv/same-file.ts';
import { makeIssue } from '../rules/issue.ts';
import { describeFolderFailure, makeFolder } from '../csv/write-failure.ts';
import { FileSet, recoverFolder } from '../csv/file-set.ts';
import { issueMessage } from '../rules/messages.ts';
import { fatalFileIssue } from '../rules/issue.ts';
import type { CheckArgs } from './args.ts';
import { JsonReportWriter } from './json-report.ts';
import { SummaryCollector, printSummary } from './summary.ts';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface CliOptions {
  /** Validate big files in a worker thread (the installed command and `npm run cli` set it). */
  parallel?: ParallelSettings;
  /** The moment of the import (stamped on the contacts it touches); default now. Tests pin it. */
  now?: Date;
  /** Aborted on Ctrl+C (SIGINT) or SIGTERM: the run stops, writes nothing and exits 2. */
  signal?: AbortSignal;
}

/** A problem that stops the run before any report: one line on stderr, exit 2. */
class Stop extends Error {
  constructor(readonly issue: Pick<Issue, 'code' | 'message'>) {
    super(issue.message);
  }
}

/** The folders this run writes into. */
function outputFolders(args: CheckArgs): string[] {
  const folders = new Set<string>();
  if (args.out !== undefined) folders.add(path.resolve(args.out));
  if (args.command === 'apply' && args.to !== undefined) folders.add(path.dirname(path.resolve(args.to)));
  return [...folders];
}

const errorsOf = (issues: readonly Issue[]) => issues.filter((i) => i.severity === 'error');

/** The snapshot, read while the list's rows are validated (a worker does that meanwhile); a fatal problem stops the run. */
async function loadContacts(file: string, region: string): Promise<{ snapshot: PackedSnapshot; issues: Issue[] }> {
  // Packed: a replay against a large export only ever needs the matched contacts whole.
  const loaded = await loadPackedSnapshot(file, { region });
  const fatal = fatalFileIssue(loaded.issues);
  if (fatal) throw new Stop({ code: fatal.code, message: `Contact snapshot: ${fatal.message}` });
  return { snapshot: loaded.contacts, issues: loaded.issues };
}

async function loadDefinitions(args: CheckArgs): Promise<{ definitions?: CustomFieldDefinition[]; definitionIssues: Issue[] }> {
  if (args.fields === undefined) return { definitionIssues: [] };
  const loaded = await loadFieldDefinitions(args.fields);
  const fatal = fatalFileIssue(loaded.issues);
  if (fatal) throw new Stop({ code: fatal.code, message: `Field definitions: ${fatal.message}` });
  return { definitions: loaded.definitions, definitionIssues: loaded.issues };
}

function localize(issue: Issue, lang: CheckArgs['lang']): Issue {
  return lang === 'en' ? issue : { ...issue, message: issueMessage(issue, lang) };
}

/** A row's validation and simulation issues in the report's language (the row's own list when nothing is added). */
function rowIssues(checkIssues: Issue[], simulationIssues: Issue[], lang: CheckArgs['lang']): Issue[] {
  if (lang === 'en') return simulationIssues.length === 0 ? checkIssues : [...checkIssues, ...simulationIssues];
  return [...checkIssues, ...simulationIssues].map((i) => localize(i, lang));
}

/**
 * A check that stopped before the end of the file (interrupted, or the file could not be read on):
 * RULES.md §8, only a complete check is exported, so nothing was written; exit 2.
 */
function incompleteCheck(error: unknown, rows: number, signal: AbortSignal | undefined): Stop {
  const counted = `${rows.toLocaleString('en')} ${rows === 1 ? 'row' : 'rows'}`;
  if (signal?.aborted) {
    return new Stop({ code: 'check.incomplete', message: `The check was interrupted after ${counted}, so it is incomplete and no files were written. Run it again to check the whole file.` });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new Stop({ code: 'check.incomplete', message: `${reason} The check stopped after ${counted}, so it is incomplete and no files were written.` });
}

export async function runCheckCommand(args: CheckArgs, io: CliIo, options: CliOptions = {}): Promise<number> {
  try {
    return await execute(args, io, options);
  } catch (error) {
    if (error instanceof Stop) {
      io.stderr.write(`listprep: ${error.issue.code}: ${error.issue.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`listprep: operation.failed: ${message}\n`);
    return 2;
  }
}

/** Every file the run would write: the `--out` set (as `execute` writes it) and `apply --to`. */
function outputsOf(args: CheckArgs, inputs: readonly string[]): string[] {
  const outputs: string[] = [];
  if (args.out !== undefined) {
    const set = args.command === 'check';
    outputs.push(...plannedExportPaths(args.out, exportBaseName(args.file), {
      uploadReady: set, errorReport: set, rejectedRows: set, snapshot: args.contacts !== undefined || args.unify, conflicts: args.unify, profiles: args.unify,
      split: args.splitByCountry || args.splitEvery !== undefined,
    }, inputs));
  }
  if (args.command === 'apply' && args.to !== undefined) outputs.push(args.to);
  return outputs;
}

/** R-F4: no output of the run over a file it reads, refused before anything is read or written. */
function refuseOutputOverInput(args: CheckArgs): void {
  const inputs = [args.file, args.contacts, args.fields].filter((f): f is string => f !== undefined);
  const found = findOutputOverInput(outputsOf(args, inputs), inputs);
  if (found) throw new Stop(makeIssue('output.is_input', {}, { output: found.output, input: found.input }, undefined, args.lang));
}

/** `--map` names columns of this file and fields of its channel, each field once, or nothing runs (R-H8). */
function refuseUnusableMapping(mapping: CheckArgs['mapping'], start: CheckStart): void {
  const problem = mapping === undefined ? undefined : mappingProblem(mapping, start.table.header, start.channel);
  if (problem !== undefined) throw new Stop({ code: 'args.invalid', message: `--map: ${problem}` });
}

async function execute(args: CheckArgs, io: CliIo, options: CliOptions): Promise<number> {
  refuseOutputOverInput(args);
  const inputs = await loadDefinitions(args);
  const snapshotLoad = args.contacts === undefined ? undefined : loadContacts(args.contacts, args.region);
  const snapshot = snapshotLoad?.then((loaded) => loaded.snapshot);
  // Awaited by the check, or below when the list cannot be read: not unhandled meanwhile.
  snapshotLoad?.catch(() => undefined);
  snapshot?.catch(() => undefined);
  const lang = args.lang;
  const json = args.json ? new JsonReportWriter(io.stdout) : undefined;
  const summary = new SummaryCollector();
  let exporter: ExportWriter | undefined;
  let start: CheckStart | undefined;
  const baseName = exportBaseName(args.file);
  if (args.out !== undefined) {
    try {
      makeFolder(args.out);
    } catch (error) {
      throw new Stop({ code: 'export.failed', message: describeFolderFailure(args.out, error) });
    }
  }
  // What a killed run left behind: its set finished or its temporaries removed (core/csv/file-set.ts).
  for (const folder of outputFolders(args)) recoverFolder(folder);
  // Every file of the run is written as one set: all of them, or none.
  const set = new FileSet();

  let result: Awaited<ReturnType<typeof runCheck>>;
  let rowsChecked = 0;
  try {
    result = await runCheck(
      {
        path: args.file, encoding: args.encoding, sheet: args.sheet, mapping: args.mapping, channel: args.channel, key: args.key, region: args.region, timeZone: args.timeZone,
        definitions: inputs.definitions, snapshot, fixCodes: args.fix,
        parallel: options.parallel,
        // Cells for the exported files; created rows' changes for the report; the summary words its
        // examples itself, while the report and the exported files carry every message.
        output: { cells: args.out !== undefined, createChanges: args.json, messages: args.json || args.out !== undefined, caseFile: false },
        importedAt: options.now && formatDateTime(options.now), today: options.now && formatDate(options.now),
        signal: options.signal,
      },
      {
        onStart: async (s) => {
          refuseUnusableMapping(args.mapping, s);
          if (args.sheet !== undefined && s.table.sheet === undefined) {
            throw new Stop({ code: 'args.invalid', message: `--sheet: "${args.file}" is a text file, not an Excel workbook, so it has no sheets. Leave out --sheet.` });
          }
          start = s;
          json?.begin({
            channel: s.channel, key: s.key, region: s.region, file: args.file, encoding: s.table.encoding.label, delimiter: s.table.delimiter,
            ...(s.table.sheet !== undefined ? { sheet: s.table.sheet } : {}),
          });
          if (args.out !== undefined && args.command === 'check') {
            exporter = new ExportWriter(args.out, baseName, s.session.analysis, s.table.header, {
              region: s.region, allRows: args.allRows, splitByCountry: args.splitByCountry, splitEvery: args.splitEvery,
            }, set);
          }
        },
        onRow: (checked, rowResult) => {
          rowsChecked++;
          // Nothing to wait for without a report or files: no promise per row, and no message
          // worded per issue (the summary words its examples when it prints them).
          if (!json && !exporter) {
            summary.addRow(rowResult.outcome, rowIssues(checked.issues, rowResult.issues, 'en'));
            return;
          }
          const issues = rowIssues(checked.issues, rowResult.issues, lang);
          summary.addRow(rowResult.outcome, issues);
          return (async () => {
            await json?.row({ row: checked.row, outcome: rowResult.outcome, contactId: rowResult.contactId, issues, changes: rowResult.changes });
            try {
              await exporter?.addRow({ row: checked.row, cells: checked.cells, issues, outcome: rowResult.outcome });
            } catch (error) {
              throw new Stop({ code: 'export.failed', message: (error as Error).message });
            }
          })();
        },
      },
    );
  } catch (error) {
    // A failed export (or read) mid-way: remove the temporary files before saying so.
    await exporter?.abort();
    if (error instanceof Stop) throw error;
    throw incompleteCheck(error, rowsChecked, options.signal);
  }
  if (!result.ok) {
    await exporter?.abort();
    await snapshotLoad; // a broken snapshot is said first, as before the list was opened
    throw new Stop({ code: result.issue.code, message: localize(result.issue, lang).message });
  }

  const { end } = result;
  const snapshotIssues = snapshotLoad ? (await snapshotLoad).issues : [];
  const fileIssues = [...end.fileIssues, ...snapshotIssues, ...inputs.definitionIssues].map((i) => localize(i, lang));
  // Only made when something uses them: a plain check of a million new rows never builds its contacts.
  const needsContacts = args.unify || args.command === 'apply' || (args.out !== undefined && snapshotLoad !== undefined);
  const contacts = needsContacts ? end.session.simulator.contacts() : [];
  let unification: UnifyResult | undefined;
  if (args.unify) unification = unify(contacts, { keys: args.unifyKeys, region: args.region });

  const files: ExportedFile[] = [];
  try {
    if (exporter) {
      await exporter.addFileIssues(fileIssues);
      files.push(...(await exporter.finish()));
    }
    if (args.out !== undefined && (snapshotLoad !== undefined || args.unify)) {
      const snapshotPath = path.join(args.out, exportFileName(baseName, 'snapshot'));
      const [header, ...rows] = snapshotCsvRows(contacts);
      files.push({ kind: 'snapshot', path: snapshotPath, rows: (await writeCsvAtomic(snapshotPath, header, rows, { set })).rows });
    }
    if (args.out !== undefined && unification) {
      const conflictsPath = path.join(args.out, exportFileName(baseName, 'conflicts'));
      const [header, ...rows] = conflictListRows(unification, contacts);
      files.push({ kind: 'conflicts', path: conflictsPath, rows: (await writeCsvAtomic(conflictsPath, header, rows, { neutralizeFormulas: true, bom: true, set })).rows });
      const profilesPath = path.join(args.out, exportFileName(baseName, 'profiles'));
      files.push({ kind: 'profiles', path: profilesPath, rows: (await writeCsvAtomic(profilesPath, PROFILE_LIST_HEADER, profileListRows(unification, contacts), { neutralizeFormulas: true, bom: true, set })).rows });
    }
    if (args.command === 'apply') {
      const [header, ...rows] = snapshotCsvRows(contacts);
      files.push({ kind: 'snapshot', path: args.to!, rows: (await writeCsvAtomic(args.to!, header, rows, { set })).rows });
    }
  } catch (error) {
    await exporter?.abort();
    set.discard();
    throw new Stop({ code: 'export.failed', message: (error as Error).message });
  }
  if (options.signal?.aborted) {
    await exporter?.abort();
    set.discard();
    throw new Stop({ code: 'run.interrupted', message: 'Interrupted before the files were put in place, so no files were written. Run it again.' });
  }
  try {
    await set.commit();
  } catch (error) {
    throw new Stop({ code: 'export.failed', message: (error as Error).message });
  }

  const unificationReport = unification && {
    profiles: unification.profiles.length,
    conflicts: unification.conflicts.map((c) => ({ customerIds: c.customerIds, unifiedContactIds: c.unifiedContactIds, linkedBy: c.linkedBy })),
  };
  if (json) {
    json.end({ summary: end.summary, fileIssues, unification: unificationReport, files: files.map((f) => ({ kind: f.kind, path: f.path, rows: f.rows })) });
  } else {
    printSummary(io.stdout, { file: args.file, start: start!, summary: end.summary, fileIssues, collector: summary, unification, files, lang });
  }
  const failed = end.summary.fail > 0 || end.summary.skip > 0 || errorsOf(fileIssues).length > 0;
  return failed ? 1 : 0;
}
