/**
 * Counts from row signatures and pages from the issue indexes give exactly what the queries over
 * every issue give, for every kind of filter, and for a case written by version 1 of the format.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaseStore, type RowQuery } from '../../core/store/case-store.ts';
import { META_KEY, type CaseMeta } from '../../core/store/case-meta.ts';
import { toFormat } from './support.ts';
import { checkFileTask } from '../../core/jobs/tasks.ts';
import { random, whatsAppRow, WHATSAPP_HEADER } from '../bench/generate.ts';
import { OUTCOMES, SEVERITIES } from '../../core/model.ts';

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

function filters(s: CaseStore): RowQuery[] {
  const codes = (s.db.prepare('SELECT DISTINCT code FROM issues WHERE row IS NOT NULL').all() as { code: string }[]).map((r) => r.code);
  const cols = (s.db.prepare('SELECT DISTINCT col FROM issues WHERE col IS NOT NULL').all() as { col: number }[]).map((r) => r.col);
  const out: RowQuery[] = [{}];
  for (const code of codes) out.push({ code }, { code, outcome: 'fail' }, { code, columnIndex: cols[0] });
  for (const columnIndex of cols) out.push({ columnIndex }, { columnIndex, severity: 'error' });
  for (const severity of SEVERITIES) out.push({ severity }, { severity, outcome: 'create' });
  for (const outcome of OUTCOMES) out.push({ outcome });
  out.push({ code: 'no.such.code' }, { columnIndex: 99 });
  return out;
}

describe('counts and pages of a case', () => {
  it('counts as the queries over every issue count', () => {
    const all = filters(store);
    expect(all.length).toBeGreaterThan(20);
    for (const filter of all) expect(store.counts(filter), JSON.stringify(filter)).toEqual(store.countsByScan(filter));
  });

  it('pages issue filters as the queries over the rows table do', () => {
    for (const filter of filters(store)) {
      if (filter.outcome !== undefined || Object.keys(filter).length === 0) continue;
      for (const [offset, dir] of [[0, 'asc'], [37, 'asc'], [5, 'desc']] as const) {
        const fast = store.queryRows(filter, offset, 25, { by: 'row', dir });
        // The general query, by sorting on something the fast path does not take.
        const clauses: string[] = [];
        const params: unknown[] = [];
        if (filter.code !== undefined) (clauses.push('code = ?'), params.push(filter.code));
        if (filter.columnIndex !== undefined) (clauses.push('col = ?'), params.push(filter.columnIndex));
        if (filter.severity !== undefined) (clauses.push('severity = ?'), params.push({ info: 1, warning: 2, error: 3 }[filter.severity]));
        const where = `WHERE rows.row IN (SELECT row FROM issues WHERE row IS NOT NULL AND ${clauses.join(' AND ')})`;
        const total = (store.db.prepare(`SELECT COUNT(*) AS n FROM rows ${where}`).get(...params) as { n: number }).n;
        const numbers = (store.db.prepare(`SELECT row FROM rows ${where} ORDER BY row ${dir} LIMIT 25 OFFSET ${offset}`).all(...params) as { row: number }[]).map((r) => r.row);
        expect(fast.total).toBe(total);
        expect(fast.rows.map((r) => r.row)).toEqual(numbers);
      }
    }
  });

  it('gives rows of a version 1 case their signatures when it is opened, and counts them the same', () => {
    const file = path.join(dir, 'v1.listprep');
    store.saveAs(file);
    toFormat(file, store, 1); // no signature column, every row as an older ListPrep wrote it
    const reference = new CaseStore(file, { readonly: true });
    const expected = filters(store).map((f) => reference.countsByScan(f));
    expect(filters(store).map((f) => reference.counts(f))).toEqual(expected); // read-only: counted by scanning
    reference.close();
    const reopened = new CaseStore(file);
    try {
      expect((reopened.db.prepare('SELECT COUNT(*) AS n FROM rows WHERE sig IS NULL').get() as { n: number }).n).toBe(0);
      expect(filters(store).map((f) => reopened.counts(f))).toEqual(expected);
    } finally {
      reopened.close();
    }
  });

  it('keeps counts right after rows are rewritten (a fix)', () => {
    const page = store.queryRows({ code: 'gender.invalid' }, 0, 50);
    const rewritten = page.rows.map((r) => ({ ...r, issues: r.issues.filter((i) => i.code !== 'gender.invalid'), outcome: 'create' as const }));
    store.writeRows(rewritten);
    for (const filter of filters(store)) expect(store.counts(filter), JSON.stringify(filter)).toEqual(store.countsByScan(filter));
  });
});
