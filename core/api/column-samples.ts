/**
 * R-H8: what the mapping panel shows beside each column, a few of its values. Read from the first
 * stored rows only (one block), so it costs the same on a million-row case as on ten rows.
 */
import type { CaseStore } from '../store/case-store.ts';
import { trimCell } from '../rules/values/cell.ts';

/** Rows read for samples, distinct values kept per column, and the length a shown value is cut to. */
export const SAMPLE_ROWS = 200;
export const SAMPLES_PER_COLUMN = 3;
export const SAMPLE_CHARS = 60;

/** Per column index: up to three distinct non-blank values, in file order, each cut to 60 characters. */
export function columnSamples(store: CaseStore, columnCount: number): string[][] {
  const samples: string[][] = Array.from({ length: columnCount }, () => []);
  const rows = store.allRows(SAMPLE_ROWS);
  const first = rows.next();
  rows.return(undefined);
  if (first.done) return samples;
  for (const record of first.value) {
    record.cells.forEach((cell, index) => {
      const values = samples[index];
      if (values === undefined || values.length >= SAMPLES_PER_COLUMN) return;
      const text = trimCell(cell);
      const shown = text.length > SAMPLE_CHARS ? `${text.slice(0, SAMPLE_CHARS)}…` : text;
      if (shown !== '' && !values.includes(shown)) values.push(shown);
    });
  }
  return samples;
}
