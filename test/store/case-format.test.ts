/**
 * The case file of format 4: rows in blocks (row-blocks.ts), counted per block in block_groups.
 * The counts agree with the rows after every kind of write, during a first check, after one cut
 * short, and after a failed write. Cases of formats 1 to 3, which only development builds wrote,
 * are refused untouched (docs/decisions.md, "Case files").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaseStore, type RowQuery, type RowRecord, type StoredRow } from '../../core/store/case-store.ts';
import { CaseTooOldError } from '../../core/store/schema.ts';
import { countsByScan } from './counts-by-scan.ts';
import { recheckTask } from '../../core/jobs/tasks.ts';
import { createdChanges } from '../../core/rules/new-contact.ts';
import { READ_CODES } from '../../core/rules/codes.ts';
import type { FieldChange, FieldValue, Issue } from '../../core/model.ts';
import { OUTCOMES, SEVERITIES } from '../../core/model.ts';
import { checkedCase, messyList, newCase, rowGroups, storedTuples } from './support.ts';

let dir = '';
let source = '';
let reference: CaseStore;
let records: RowRecord[] = [];

const ctx = { signal: new AbortController().signal, progress: () => {} };
const FIXTURES = path.resolve('test/fixtures/cases');

function allRecords(store: CaseStore): RowRecord[] {
  const out: RowRecord[] = [];
  for (const page of store.allRows(700)) out.push(...page);
  return out;
}

function someFilters(store: CaseStore): RowQuery[] {
  const codes = [...new Set(allRecords(store).flatMap((r) => r.issues.map((i) => i.code)))].sort();
  return [{}, ...OUTCOMES.map((outcome) => ({ outcome })), ...SEVERITIES.map((severity) => ({ severity })), ...codes.map((code) => ({ code })), { columnIndex: 0 },
    { code: codes[0], outcome: 'fail' as const }, { text: 'gmail' }, { text: 'GMAIL', outcome: 'create' as const }, { text: '"' }];
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

describe('case file format 4', () => {
  it('stores rows in blocks, their values by one layout of the fields', () => {
    expect(records).toHaveLength(3000);
    expect(reference.db.prepare('SELECT DISTINCT layout FROM row_blocks').all()).toEqual([{ layout: 1 }]);
    expect(reference.db.prepare('SELECT id, fields FROM layouts').all()).toEqual([{ id: 1, fields: JSON.stringify(['WhatsApp_mobile', 'messaging_status', 'display_name', 'gender', 'customer_id', 'mobile', 'email', 'birthday', 'tag']) }]);
    // Positions are dense and in file order, block after block.
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i));
    expect(records.every((r, i) => i === 0 || r.row > records[i - 1].row)).toBe(true);
    expect(rowGroups(reference).kept).toEqual(rowGroups(reference).actual);
    for (const filter of someFilters(reference)) expect(reference.counts(filter), JSON.stringify(filter)).toEqual(countsByScan(reference, filter));
  });

  describe.each([1, 2, 3])('a case written by format %i (development builds only)', (version) => {
    it.each([{ how: 'for writing', options: {} }, { how: 'as the app opens a chosen file', options: { existing: true } }, { how: 'read-only', options: { readonly: true } }])(
      'is refused $how, saying why and what to do, and left exactly as it was', ({ options }) => {
        const file = path.join(dir, `format-${version}-${Object.keys(options).join('') || 'write'}.listprep`);
        fs.copyFileSync(path.join(FIXTURES, `format-${version}.listprep`), file);
        const before = fs.readFileSync(file);
        expect(() => new CaseStore(file, options)).toThrow(CaseTooOldError);
        expect(() => new CaseStore(file, options)).toThrow(`it was saved by a development build of ListPrep (format ${version}), which this version does not open. Open the list again to make a new case`);
        expect(fs.readFileSync(file).equals(before)).toBe(true);
        expect(fs.existsSync(`${file}-wal`)).toBe(false);
      });
  });

  it('keeps the counts equal to the rows through rewrites, a re-check and clearing', async () => {
    const file = path.join(dir, 'writes.listprep');
    reference.saveAs(file);
    const store = new CaseStore(file);
    try {
      const agree = () => {
        expect(rowGroups(store).kept).toEqual(rowGroups(store).actual);
        for (const filter of someFilters(store)) expect(store.counts(filter), JSON.stringify(filter)).toEqual(countsByScan(store, filter));
        for (const outcome of OUTCOMES) expect(store.queryRows({ outcome }, 0, 5).total).toBe(countsByScan(store, { outcome }).rows);
      };
      // A fix: rows change outcome and issues, some rows lose every issue (but those of reading it,
      // which a re-check takes from the store).
      const read = (issue: Issue) => READ_CODES.has(issue.code);
      const rewritten = records.filter((r) => r.issues.length > 0).slice(0, 200).map((r, i) => stored(r, {
        outcome: OUTCOMES[i % OUTCOMES.length], issues: r.issues.filter((issue, k) => read(issue) || (i % 3 !== 0 && k > 0)),
      }));
      store.writeRows(rewritten);
      agree();
      expect(store.getRows(rewritten.map((r) => r.row)).map((r) => [r.outcome, r.issues.length])).toEqual(rewritten.map((r) => [r.outcome, r.issues.length]));
      store.writeRows(rewritten.map((r) => ({ ...r, outcome: 'skip' as const })));
      agree();
      await recheckTask(store, ctx);
      agree();
      expect(allRecords(store)).toEqual(records);
      expect(storedTuples(store)).toEqual(storedTuples(reference));
      store.clearRows();
      expect(store.rowCount()).toBe(0);
      agree();
      store.writeRows(records.slice(0, 10).map((r) => stored(r)), { fresh: true });
      agree();
    } finally {
      store.close();
    }
  });

  it('rewrites a row that is not there, or appends one out of order, not at all', () => {
    const file = path.join(dir, 'strict.listprep');
    reference.saveAs(file);
    const store = new CaseStore(file);
    try {
      const last = records[records.length - 1];
      expect(() => store.writeRows([stored(records[5]), stored(last, { row: last.row + 10 })])).toThrow(`row ${last.row + 10} is not in this case`);
      expect(() => store.writeRows([stored(records[5])], { fresh: true })).toThrow(/not new to this case/);
      expect(allRecords(store)).toEqual(records);
      store.writeRows([stored(last, { row: last.row + 1, seq: last.seq + 1 })], { fresh: true });
      expect(store.rowCount()).toBe(records.length + 1);
    } finally {
      store.close();
    }
  });

  it('shows and counts rows while a first check writes, and after one cut short', () => {
    const file = path.join(dir, 'bulk.listprep');
    const store = newCase(file, source);
    const reader = new CaseStore(file, { readonly: true });
    try {
      store.clearRows();
      store.beginBulkWrite();
      for (let at = 0; at < 2000; at += 500) {
        for (const r of records.slice(at, at + 500)) store.appendRow(stored(r));
        store.flushAppended();
        // Another connection (the app's) pages and counts meanwhile.
        for (const filter of someFilters(reference)) expect(reader.counts(filter), JSON.stringify(filter)).toEqual(countsByScan(reader, filter));
        expect(reader.queryRows({ outcome: 'fail' }, 0, 5).total).toBe(countsByScan(reader, { outcome: 'fail' }).rows);
        expect(reader.queryRows({}, 0, 3).rows.map((r) => r.row)).toEqual(records.slice(0, 3).map((r) => r.row));
        expect(reader.rowCount()).toBe(at + 500);
      }
    } finally {
      // Cut short: no endBulkWrite, as when the app is killed.
      store.close();
      reader.close();
    }
    const reopened = new CaseStore(file);
    try {
      expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(rowGroups(reopened).kept).toEqual(rowGroups(reopened).actual);
      expect(allRecords(reopened)).toEqual(records.slice(0, 2000));
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
      fc.assert(fc.property(values, fc.nat(3), fc.boolean(), (map, how, rewrite) => {
        const derived = createdChanges(map);
        const changes: FieldChange[] = how === 0 ? derived
          : how === 1 ? derived.slice(1)
            : how === 2 ? derived.map((c) => ({ ...c, to: `${c.to}!` }))
              : [...derived].reverse();
        const record = { ...records[0], row, seq: row - 2, values: map, changes, outcome: 'create' as const, issues: [] };
        row++;
        // Written as a new row, or over one (the block is then written again).
        if (rewrite && record.seq > 0) store.writeRows([stored({ ...record, row: record.row - 1, seq: record.seq - 1 })]);
        else store.writeRows([stored(record)], { fresh: true });
        const back = store.getRow(rewrite && record.seq > 0 ? record.row - 1 : record.row)!;
        expect(back.changes).toEqual(changes);
        expect([...back.values]).toEqual([...map]);
        if (rewrite && record.seq > 0) store.writeRows([stored(record)], { fresh: true });
      }), { numRuns: 1500 });
    } finally {
      store.close();
    }
  });
});
