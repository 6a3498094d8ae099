/**
 * Writes the §8 files of one check as rows stream by: the upload-ready file (optionally split per
 * phone country and/or every N rows), the error report and the rejected rows. Every file is
 * written to a temporary name of the export's set (core/csv/file-set.ts); `finish` has them all on
 * disk, and the set's commit renames them into place together; `abort` leaves nothing behind.
 */
import path from 'node:path';
import { exportFileName, type ExportFileKind } from './export-names.ts';
import type { Issue, Outcome } from '../model.ts';
import type { HeaderAnalysis } from '../rules/headers.ts';
import type { FileSet } from '../csv/file-set.ts';
import { CsvSink } from './csv-sink.ts';
import {
  ERROR_REPORT_HEADER, REJECTED_ISSUES_COLUMN, errorReportCells, isUploadable, onlyOtherRegionErrors,
  phoneCountryOf, rejectedIssuesCell, uploadCells, uploadLayout, type UploadLayout,
} from './outputs.ts';

export interface ExportOptions {
  uploadReady?: boolean;
  errorReport?: boolean;
  rejectedRows?: boolean;
  allRows?: boolean;
  splitByCountry?: boolean;
  splitEvery?: number;
  region: string;
}

export interface ExportRow {
  row: number;
  /**
   * The cells with accepted fixes applied: uploaded as they are, and in the rejected-rows file the
   * row as it stands, ready to fix what remains and import again (RULES.md §8).
   */
  cells: readonly string[];
  issues: readonly Issue[];
  outcome: Outcome;
  /**
   * The user excluded the row (ListPrep's own feature): left out of the upload-ready file, even of
   * "all rows", and of the rejected rows (it is not to be imported again); the error report keeps its issues.
   */
  excluded?: boolean;
}

export interface ExportedFile {
  kind: 'upload-ready' | 'error-report' | 'rejected-rows' | 'conflicts' | 'profiles' | 'snapshot';
  path: string;
  rows: number;
}

export class ExportWriter {
  private readonly layout: UploadLayout;
  private readonly uploadSinks = new Map<string, { sink: CsvSink; part: number; rowsInPart: number; done: ExportedFile[] }>();
  private readonly errors?: CsvSink;
  private readonly rejected?: CsvSink;
  private readonly finished: ExportedFile[] = [];

  constructor(
    private readonly dir: string,
    private readonly baseName: string,
    private readonly analysis: HeaderAnalysis,
    private readonly sourceHeader: readonly string[],
    private readonly options: ExportOptions,
    private readonly set: FileSet,
  ) {
    this.layout = uploadLayout(analysis);
    // People open these two in a spreadsheet: a BOM, so Excel reads their Chinese as UTF-8 (§8).
    if (options.errorReport !== false) {
      this.errors = new CsvSink(this.file('errors'), [...ERROR_REPORT_HEADER], { neutralizeFormulas: true, bom: true, set });
    }
    if (options.rejectedRows !== false) {
      this.rejected = new CsvSink(this.file('rejected'), [...sourceHeader, REJECTED_ISSUES_COLUMN], { neutralizeFormulas: false, bom: true, set });
    }
  }

  private file(kind: ExportFileKind, suffix = ''): string {
    return path.join(this.dir, exportFileName(this.baseName, kind, suffix));
  }

  async addFileIssues(issues: readonly Issue[]): Promise<void> {
    if (!this.errors) return;
    for (const issue of issues) await this.errors.write(errorReportCells(issue));
  }

  async addRow(row: ExportRow): Promise<void> {
    if (this.errors) for (const issue of row.issues) await this.errors.write(errorReportCells(issue));
    if (row.excluded) return;
    const rejected = row.outcome === 'fail' || row.outcome === 'skip';
    if (rejected && this.rejected) await this.rejected.write([...padded(row.cells, this.sourceHeader.length), rejectedIssuesCell(row.issues)]);
    if (this.options.uploadReady === false) return;
    const country = this.options.splitByCountry ? phoneCountryOf(this.analysis, row.cells, this.options.region) : undefined;
    const include = isUploadable(row.outcome, this.options.allRows === true)
      || (this.options.splitByCountry === true && row.outcome === 'fail' && country !== undefined && onlyOtherRegionErrors(row.issues));
    if (!include) return;
    await this.writeUpload(this.options.splitByCountry ? (country ?? 'unknown-country') : '', uploadCells(this.layout, row.cells));
  }

  private async writeUpload(group: string, cells: string[]): Promise<void> {
    let target = this.uploadSinks.get(group);
    const every = this.options.splitEvery;
    if (target && every !== undefined && target.rowsInPart >= every) {
      target.done.push({ kind: 'upload-ready', path: target.sink.path, rows: await target.sink.commit() });
      target.part++;
      target.sink = this.openUpload(group, target.part);
      target.rowsInPart = 0;
    }
    if (!target) {
      target = { sink: this.openUpload(group, 1), part: 1, rowsInPart: 0, done: [] };
      this.uploadSinks.set(group, target);
    }
    await target.sink.write(cells);
    target.rowsInPart++;
  }

  private openUpload(group: string, part: number): CsvSink {
    const groupSuffix = group === '' ? '' : `.${group}`;
    const partSuffix = this.options.splitEvery !== undefined ? `.part${String(part).padStart(3, '0')}` : '';
    return new CsvSink(this.file('upload-ready', groupSuffix + partSuffix), this.layout.header, { neutralizeFormulas: false, set: this.set });
  }

  /**
   * Has every file on disk, under its temporary name (an empty upload-ready file is still written,
   * so "nothing importable" is visible); the set's commit puts them in place.
   */
  async finish(): Promise<ExportedFile[]> {
    if (this.options.uploadReady !== false && this.uploadSinks.size === 0) {
      this.uploadSinks.set('', { sink: this.openUpload('', 1), part: 1, rowsInPart: 0, done: [] });
    }
    for (const target of this.uploadSinks.values()) {
      this.finished.push(...target.done, { kind: 'upload-ready', path: target.sink.path, rows: await target.sink.commit() });
    }
    if (this.errors) this.finished.push({ kind: 'error-report', path: this.errors.path, rows: await this.errors.commit() });
    if (this.rejected) this.finished.push({ kind: 'rejected-rows', path: this.rejected.path, rows: await this.rejected.commit() });
    return this.finished;
  }

  async abort(): Promise<void> {
    const sinks = [...[...this.uploadSinks.values()].map((t) => t.sink), this.errors, this.rejected];
    await Promise.all(sinks.map((s) => s?.abort()));
    this.set.discard();
  }
}

function padded(cells: readonly string[], length: number): string[] {
  const out = cells.slice(0, Math.max(length, cells.length));
  while (out.length < length) out.push('');
  return out;
}
