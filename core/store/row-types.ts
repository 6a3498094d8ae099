/** The shapes the case store takes and gives: rows to store, rows read back, filters and counts. */
import type { FieldChange, FieldValue, Issue, Outcome, Severity } from '../model.ts';
import type { BlockInput } from '../codec/row-blocks.ts';

/** A row to store (row-blocks.ts BlockInput). */
export interface StoredRow extends BlockInput {
  values?: Map<string, FieldValue>;
  /** With `checkedJson`: the fields its values go by. */
  checkedLayout?: readonly string[];
}

export interface Counts {
  rows: number;
  byOutcome: Record<Outcome, number>;
  bySeverity: Record<Severity, number>;
  byCode: { code: string; severity: Severity; count: number; fixable: number }[];
  byColumn: { column: string; columnIndex: number; count: number }[];
}

export interface RowQuery {
  severity?: Severity;
  code?: string;
  columnIndex?: number;
  outcome?: Outcome;
  text?: string;
  /** Only the rows the user excluded (excluded-query.ts). */
  excluded?: true;
}

export interface RowRecord {
  row: number;
  seq: number;
  original: string[];
  cells: string[];
  outcome: Outcome;
  key?: string;
  values: Map<string, FieldValue>;
  contactId?: string;
  changes: FieldChange[];
  severity?: Severity;
  issues: Issue[];
}

/** The order of a page of rows. */
export interface RowSort {
  by: 'row' | 'severity' | 'outcome';
  dir: 'asc' | 'desc';
}

/** A block as the directory lists it. */
export interface BlockInfo {
  id: number;
  firstSeq: number;
  n: number;
  firstRow: number;
  lastRow: number;
  layout: number | null;
}
