/** An opened list, CSV or workbook (read.ts opens a CSV, workbook.ts a sheet): its facts and its records. */
import type { Issue } from '../model.ts';
import type { RecordSpan } from './records.ts';
import type { DetectedEncoding } from './encoding.ts';
import type { Delimiter } from './delimiter.ts';

/** One data record. `row` is the spreadsheet row number (header = 1). */
export interface CsvRecord {
  row: number;
  cells: string[];
  issues: Issue[];
  /** With `spans`: where the record's text lies in the text read (RawRecord.span). */
  span?: RecordSpan;
}

export interface RecordsOptions {
  signal?: AbortSignal;
  /** Give plain records their span in the text read (a caller may keep that text instead of the cells). */
  spans?: boolean;
  /** Bytes read at a time (default 64 KB). A caller keeping the texts read wants large ones: V8 never moves those. */
  chunkBytes?: number;
  /** Records per batch (default BATCH_RECORDS). */
  batchRecords?: number;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface OpenedTable {
  path: string;
  encoding: DetectedEncoding;
  delimiter: Delimiter;
  /** The first non-blank record, BOM stripped, cells as written (not trimmed). */
  header: string[];
  /** Spreadsheet row of the header (1 unless blank lines precede it). */
  headerRow: number;
  /** file.encoding, file.delimiter (warnings); file.unterminated_quote when the header has one. */
  fileIssues: Issue[];
  sizeBytes: number;
  /** A workbook's sheet that was read (R-F7); absent for a CSV. */
  sheet?: string;
  /** A workbook's sheets that hold rows, in tab order (the ones a user may choose from). */
  sheets?: string[];
  /**
   * Data records in batches (up to BATCH_RECORDS), in file order; blank lines skipped but counted
   * in row numbers. Each call reads the file again from the start. An aborted signal ends the
   * iteration by throwing the signal's reason.
   */
  records(options?: RecordsOptions): AsyncIterable<CsvRecord[]>;
}

export type OpenResult = { ok: true; table: OpenedTable } | { ok: false; issue: Issue };

export const BATCH_RECORDS = 2000;
