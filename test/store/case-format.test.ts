/**
 * The case file of format 3: compact values, counts kept in row_counts, a first check that builds its
 * indexes at the end. Cases written by format 2 read the same and upgrade; the counts agree with the
 * rows after every kind of write, during a first check, after one cut short, and after a failed write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaseStore, type RowQuery, type RowRecord, type StoredRow } from '../../core/store/case-store.ts';
import { SCHEMA_VERSION } from '../../core/store/schema.ts';
import { recheckTask } from '../../core/jobs/tasks.ts';
import { createdChanges } from '../../core/simulate/new-contact.ts';
import { READ_CODES } from '../../core/rules/codes.ts';
import type { FieldChange, FieldValue, Issue } from '../../core/model.ts';
import { OUTCOMES, SEVERITIES } from '../../core/model.ts';
import { checkedCase, messyList, newCase, rowGroups, toFormat } from './support.ts';

let dir = '';
let source = '';
let reference: CaseStore;
let records: RowRecord[] = [];

const ctx = { signal: new AbortController().signal, progress: () => {} };

function allRecords(store: CaseStore): RowRecord[] {
  const out: RowRecord[] = [];
  for (const page of store.allRows(700)) out.push(...page);
  return out;
}

function someFilters(store: CaseStore): RowQuery[] {
  const codes = (store.db.prepare('SELECT DISTINCT code FROM issues WHERE row IS NOT NULL').all() as { code: string }[]).map((r) => r.code);
  return [{}, ...OUTCOMES.map((outcome) => ({ outcome })), ...SEVERITIES.map((severity) => ({ severity })), ...codes.map((code) => ({ code })), { columnIndex: 0 }, { code: codes[0], outcome: 'fail' as const }];
}

/** A stored row as a first check gives it, from a record read back. */
function stored(record: RowRecord, change: Partial<StoredRow> = {}): StoredRow {
  return { row: record.row, seq: record.seq, original: record.original, cells: record.cells, outcome: record.outcome, key: record.key, values: record.values, contactId: record.contactId, changes: record.changes, issues: record.issues, ...change };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'listprep-format-'));
  source = messyList(dir, 3000, 5);
  reference = await checkedCase(path.join(dir, 'reference.listprep'), source);
  records = allRecords(reference);
});

afterAll(() => {
  reference?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('case file format 3', () => {
  it('stores values compactly, by one layout of the fields', () => {
    expect(records).toHaveLength(3000);
    const vals = reference.db.prepare('SELECT vals FROM rows WHERE vals IS NOT NULL').all() as { vals: string }[];
    expect(vals.every((r) => /^\[1[,\]]/.test(r.vals))).toBe(true);
    expect(reference.db.prepare('SELECT id, fields FROM layouts').all()).toEqual([{ id: 1, fields: JSON.stringify(['WhatsApp_mobile', 'messaging_status', 'display_name', 'gender', 'customer_id', 'mobile', 'email', 'birthday', 'tag']) }]);
    expect(rowGroups(reference).kept).toEqual(rowGroups(reference).actual);
    for (const filter of someFilters(reference)) expect(reference.counts(filter), JSON.stringify(filter)).toEqual(reference.countsByScan(filter));
  });

  it('reads a case written by format 2 (values as JSON of their entries) the same, and upgrades it', () => {
    const file = path.join(dir, 'v2.listprep');
    reference.saveAs(file);
    toFormat(file, reference, 2);
    const filters = someFilters(reference);
    const expectedCounts = filters.map((f) => reference.counts(f));

    const readOnly = new CaseStore(file, { readonly: true });
    try {
      expect(allRecords(readOnly)).toEqual(records);
      expect(filters.map((f) => readOnly.counts(f))).toEqual(expectedCounts);
      expect(readOnly.queryRows({ outcome: 'fail' }, 0, 10).total).toBe(reference.queryRows({ outcome: 'fail' }, 0, 10).total);
    } finally {
      readOnly.close();
    }

    const upgraded = new CaseStore(file);
    try {
      expect(upgraded.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(upgraded.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(allRecords(upgraded)).toEqual(records);
      expect(rowGroups(upgraded).kept).toEqual(rowGroups(upgraded).actual);
      expect(filters.map((f) => upgraded.counts(f))).toEqual(expectedCounts);
      // Rows written after the upgrade are compact, and read back the same.
      const rewritten = records.slice(0, 50).map((r) => stored(r));
      upgraded.writeRows(rewritten);
      const vals = upgraded.db.prepare('SELECT vals FROM rows WHERE row <= ? AND vals IS NOT NULL').all(records[49].row) as { vals: string }[];
      expect(vals.every((r) => /^\[\d/.test(r.vals))).toBe(true);
      expect(allRecords(upgraded)).toEqual(records);
    } finally {
      upgraded.close();
    }
  });

  it('keeps the counts equal to the rows through rewrites, a re-check and clearing', async () => {
    const file = path.join(dir, 'writes.listprep');
    reference.saveAs(file);
    const store = new CaseStore(file);
    try {
      const agree = () => {
        expect(rowGroups(store).kept).toEqual(rowGroups(store).actual);
        for (const filter of someFilters(store)) expect(store.counts(filter), JSON.stringify(filter)).toEqual(store.countsByScan(filter));
        for (const outcome of OUTCOMES) expect(store.queryRows({ outcome }, 0, 5).total).toBe(store.countsByScan({ outcome }).rows);
      };
      // A fix: rows change outcome and issues, some rows lose every issue (but those of reading it,
      // which a re-check takes from the store).
      const read = (issue: Issue) => READ_CODES.has(issue.code);
      const rewritten = records.filter((r) => r.issues.length > 0).slice(0, 200).map((r, i) => stored(r, {
        outcome: OUTCOMES[i % OUTCOMES.length], issues: r.issues.filter((issue, k) => read(issue) || (i % 3 !== 0 && k > 0)),
      }));
      store.writeRows(rewritten);
      agree();
      store.writeRows(rewritten.map((r) => ({ ...r, outcome: 'skip' as const })));
      agree();
      await recheckTask(store, ctx);
      agree();
      expect(allRecords(store)).toEqual(records);
      store.clearRows();
      expect(store.rowCount()).toBe(0);
      agree();
      store.writeRows(records.slice(0, 10).map((r) => stored(r)), { fresh: true });
      agree();
    } finally {
      store.close();
    }
  });

  it('counts while a first check writes, and after one cut short', () => {
    const file = path.join(dir, 'bulk.listprep');
    const store = newCase(file, source);
    const reader = new CaseStore(file, { readonly: true });
    try {
      store.clearRows();
      store.beginBulkWrite();
      for (let at = 0; at < 2000; at += 500) {
        store.writeRows(records.slice(at, at + 500).map((r) => stored(r)), { fresh: true });
        // Another connection (the app's) pages and counts meanwhile, without the indexes.
        for (const filter of someFilters(reference)) expect(reader.counts(filter), JSON.stringify(filter)).toEqual(reader.countsByScan(filter));
        expect(reader.queryRows({ outcome: 'fail' }, 0, 5).total).toBe(reader.countsByScan({ outcome: 'fail' }).rows);
        expect(reader.queryRows({}, 0, 3).rows.map((r) => r.row)).toEqual(records.slice(0, 3).map((r) => r.row));
      }
      expect(store.db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_%' ORDER BY name").all())
        .toEqual([{ name: 'fix_cells_fix' }, { name: 'issues_row' }, { name: 'rows_seq' }]);
    } finally {
      // Cut short: no endBulkWrite, as when the app is killed.
      store.close();
      reader.close();
    }
    const reopened = new CaseStore(file);
    try {
      const names = (reopened.db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger')").all() as { name: string }[]).map((r) => r.name);
      expect(names).toEqual(expect.arrayContaining(['rows_outcome', 'rows_severity', 'rows_key', 'issues_code', 'rows_counted', 'rows_uncounted', 'rows_recounted']));
      expect(rowGroups(reopened).kept).toEqual(rowGroups(reopened).actual);
      expect(allRecords(reopened)).toEqual(records.slice(0, 2000));
      // Writes from now on keep the counts (the triggers are back).
      reopened.writeRows(records.slice(0, 20).map((r) => stored(r, { outcome: 'fail', issues: [] })));
      expect(rowGroups(reopened).kept).toEqual(rowGroups(reopened).actual);
    } finally {
      reopened.close();
    }
  });

  it('forgets the signatures and layouts of a write that failed', () => {
    const store = newCase(path.join(dir, 'failed.listprep'), source);
    try {
      store.clearRows();
      const [first, second] = records.filter((r) => r.values.size > 0);
      const odd: Issue = { code: 'text.long', severity: 'warning', message: '', row: first.row, column: 'odd column', columnIndex: 7, field: 'note', value: 'x' };
      const oddValues = new Map<string, FieldValue>([['note', 'x'], ...first.values]);
      // The second row repeats the first's row number: the whole write is rolled back.
      const failing = [stored(first, { issues: [odd], values: oddValues }), stored(first)];
      expect(() => store.writeRows(failing, { fresh: true })).toThrow();
      expect(store.rowCount()).toBe(0);
      store.writeRows([stored(first, { issues: [odd], values: oddValues }), stored(second)], { fresh: true });
      expect(store.getRow(first.row)).toMatchObject({ values: oddValues, issues: [expect.objectContaining({ code: 'text.long', column: 'odd column' })] });
      expect(store.counts({ code: 'text.long' }).rows).toBe(1);
      expect(rowGroups(store).kept).toEqual(rowGroups(store).actual);
    } finally {
      store.close();
    }
  });

  it('keeps a created row\'s changes out of the file only when its values give them', () => {
    const store = newCase(path.join(dir, 'changes.listprep'), source);
    const text = fc.constantFrom('', ' ', 'a', 'VIP', '新客', 'a,b');
    const value: fc.Arbitrary<FieldValue> = fc.oneof(text, fc.constant(null), fc.array(text, { maxLength: 3 }));
    const values = fc.array(fc.tuple(fc.constantFrom('display_name', 'tag', 'tags', 'email', 'gender'), value), { maxLength: 5 }).map((e) => new Map(e));
    let row = 2;
    try {
      fc.assert(fc.property(values, fc.nat(3), (map, how) => {
        const derived = createdChanges(map);
        const changes: FieldChange[] = how === 0 ? derived
          : how === 1 ? derived.slice(1)
            : how === 2 ? derived.map((c) => ({ ...c, to: `${c.to}!` }))
              : [...derived].reverse();
        const record = { ...records[0], row: row++, seq: row, values: map, changes, outcome: 'create' as const, issues: [] };
        store.writeRows([stored(record)]);
        const back = store.getRow(record.row)!;
        expect(back.changes).toEqual(changes);
        expect([...back.values]).toEqual([...map]);
      }), { numRuns: 1500 });
    } finally {
      store.close();
    }
  });
});
