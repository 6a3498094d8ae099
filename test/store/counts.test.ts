/**
 * Counts from row signatures and pages from the blocks' groups give exactly what a pass over every
 * row and issue gives, for every kind of filter, sort and page.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaseStore, type RowQuery, type RowRecord } from '../../core/store/case-store.ts';
import { META_KEY, type CaseMeta } from '../../core/store/case-meta.ts';
import { checkFileTask } from '../../core/jobs/tasks.ts';
import { random, whatsAppRow, WHATSAPP_HEADER } from '../bench/generate.ts';
import { OUTCOMES, SEVERITIES, SEVERITY_RANK } from '../../core/model.ts';
import { countsByScan } from './counts-by-scan.ts';

let dir = '';
let store: CaseStore;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'listprep-counts-'));
  const csv = (cells: string[]) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + '\r\n';
  const r = random(3);
  let text = csv(WHATSAPP_HEADER);
  for (let i = 0; i < 4000; i++) {
    const row = whatsAppRow(i % 700, r);
    if (r() < 0.05) row[2] = ` ${row[2]} `;
    if (r() < 0.02) row[6] = '=cmd';
    if (r() < 0.01) row.push('x');
    text += csv(row);
  }
  const source = path.join(dir, 'list.csv');
  fs.writeFileSync(source, text);
  store = new CaseStore(path.join(dir, 'case.listprep'));
  const meta: CaseMeta = {
    fileName: 'list.csv', sourcePath: source, sourceHash: '', encoding: '', delimiter: ',', sourceHeader: [], header: [], channel: 'line', channelDetected: true,
    key: 'line_uid', keyChosen: false, region: 'TW', unifyKeys: [], state: 'checking', fileChecked: false, rows: 0, importedAt: '2025-06-01 10:00:00', today: '2025-06-01',
    snapshot: null, definitions: null, unifyRan: false,
  };
  store.setMeta(META_KEY, meta);
  await checkFileTask(store, { signal: new AbortController().signal, progress: () => {} });
});

afterAll(() => store?.close());

function everyRow(s: CaseStore): RowRecord[] {
  return [...s.allRows()].flat();
}

function filters(s: CaseStore): RowQuery[] {
  const issues = everyRow(s).flatMap((r) => r.issues);
  const codes = [...new Set(issues.map((i) => i.code))].sort();
  const cols = [...new Set(issues.flatMap((i) => (i.columnIndex === undefined ? [] : [i.columnIndex])))].sort((a, b) => a - b);
  const out: RowQuery[] = [{}];
  for (const code of codes) out.push({ code }, { code, outcome: 'fail' }, { code, columnIndex: cols[0] });
  for (const columnIndex of cols) out.push({ columnIndex }, { columnIndex, severity: 'error' });
  for (const severity of SEVERITIES) out.push({ severity }, { severity, outcome: 'create' });
  for (const outcome of OUTCOMES) out.push({ outcome });
  out.push({ code: 'no.such.code' }, { columnIndex: 99 }, { text: 'gmail' }, { text: 'FEMALE', severity: 'warning' }, { text: 'no such text' });
  return out;
}

describe('counts and pages of a case', () => {
  it('counts as the queries over every issue count', () => {
    const all = filters(store);
    expect(all.length).toBeGreaterThan(20);
    for (const filter of all) expect(store.counts(filter), JSON.stringify(filter)).toEqual(countsByScan(store, filter));
  });

  it('pages every filter and sort as a pass over every row does', () => {
    const rows = everyRow(store);
    const matching = (filter: RowQuery) => rows.filter((r) => (filter.outcome === undefined || r.outcome === filter.outcome)
      && (filter.text === undefined || r.cells.some((c) => c.toLowerCase().includes(filter.text!.toLowerCase())))
      && (filter.code === undefined && filter.columnIndex === undefined && filter.severity === undefined
        || r.issues.some((i) => (filter.code === undefined || i.code === filter.code) && (filter.columnIndex === undefined || i.columnIndex === filter.columnIndex)
          && (filter.severity === undefined || i.severity === filter.severity))));
    for (const filter of filters(store)) {
      for (const by of ['row', 'severity', 'outcome'] as const) {
        for (const [offset, dir] of [[0, 'asc'], [37, 'asc'], [5, 'desc'], [1990, 'desc']] as const) {
          const page = store.queryRows(filter, offset, 25, { by, dir });
          const key = (r: RowRecord) => (by === 'severity' ? (r.severity ? SEVERITY_RANK[r.severity] : 0) : by === 'outcome' ? OUTCOMES.indexOf(r.outcome) : r.row);
          const sign = dir === 'desc' ? -1 : 1;
          // By the sort key, then the row (ascending, but for the row itself).
          const expected = matching(filter).sort((a, b) => sign * (key(a) - key(b)) || a.row - b.row);
          expect(page.total, JSON.stringify({ filter, by, dir })).toBe(expected.length);
          expect(page.rows.map((r) => r.row), JSON.stringify({ filter, by, offset, dir })).toEqual(expected.slice(offset, offset + 25).map((r) => r.row));
        }
      }
    }
    expect(store.queryRows({}, 0, 0).total).toBe(4000);
  });

  it('finds the rows of keys and of fixes as a pass over every row does', () => {
    const rows = everyRow(store);
    const keys = [...new Set(rows.slice(0, 40).flatMap((r) => (r.key === undefined ? [] : [r.key])))];
    expect(keys.length).toBeGreaterThan(16);
    expect(store.rowsWithKeys([...keys, 'no such key'])).toEqual(rows.filter((r) => r.key !== undefined && keys.includes(r.key)).map((r) => r.row));
    // A few keys are looked for by SQLite in the stored hashes; `except` leaves the caller's rows out.
    const few = keys.slice(0, 3);
    const withFew = rows.filter((r) => r.key !== undefined && few.includes(r.key)).map((r) => r.row);
    expect(withFew.length).toBeGreaterThan(0);
    expect(store.rowsWithKeys([...few, 'no such key'])).toEqual(withFew);
    expect(store.rowsWithKeys(few, new Set([withFew[0]]))).toEqual(withFew.slice(1));
    const fixable2 = rows.find((r) => r.issues.some((i) => i.fix !== undefined))!;
    const code2 = fixable2.issues.find((i) => i.fix !== undefined)!.code;
    expect(store.recordsWithFix(code2).map((r) => r.row)).toEqual(store.rowsWithFix(code2));
    expect(store.recordsWithFix(code2).find((r) => r.row === fixable2.row)?.cells).toEqual(fixable2.cells);
    const fixable = [...new Set(rows.flatMap((r) => r.issues.filter((i) => i.fix !== undefined).map((i) => `${i.code}|${i.columnIndex}`)))];
    expect(fixable.length).toBeGreaterThan(1);
    for (const kind of fixable) {
      const [code, col] = kind.split('|');
      const columnIndex = Number(col);
      expect(store.rowsWithFix(code), code).toEqual(rows.filter((r) => r.issues.some((i) => i.code === code && i.fix !== undefined)).map((r) => r.row));
      expect(store.rowsWithFix(code, columnIndex), kind).toEqual(rows.filter((r) => r.issues.some((i) => i.code === code && i.columnIndex === columnIndex && i.fix !== undefined)).map((r) => r.row));
    }
    expect(store.getRows([rows[10].row, 999_999, rows[3].row]).map((r) => r.row)).toEqual([rows[3].row, rows[10].row]);
  });

  it('keeps counts right after rows are rewritten (a fix)', () => {
    const page = store.queryRows({ code: 'gender.invalid' }, 0, 50);
    const rewritten = page.rows.map((r) => ({ ...r, issues: r.issues.filter((i) => i.code !== 'gender.invalid'), outcome: 'create' as const }));
    store.writeRows(rewritten);
    for (const filter of filters(store)) expect(store.counts(filter), JSON.stringify(filter)).toEqual(countsByScan(store, filter));
  });
});
