/**
 * A packed snapshot (what `listprep check --contacts` replays against) is the same snapshot as the
 * contacts the object parser gives: whole contacts, single fields, channels, order, issues, and
 * every replay outcome over it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Channel, CheckedRow, Issue, KeyName } from '../../core/model.ts';
import { makeIssue } from '../../core/rules/issue.ts';
import { PackedSnapshotParser, SnapshotParser } from '../../core/snapshot/parse.ts';
import type { SnapshotRecord } from '../../core/snapshot/contact-parts.ts';
import { Simulator } from '../../core/simulate/index.ts';
import { checkedRow } from '../simulate/rows.ts';
import { CsvTokenizer } from '../../core/csv/tokenizer.ts';

const HEADERS = ['contact_id', 'channel', 'WhatsApp_mobile', 'phone', 'mobile', 'email', 'line_uid', 'customer_id', 'display_name', 'messaging_status', 'tags', 'created_at', 'updated_at', 'cl_custom_tier', 'Status', 'unknown'];

const cell = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: fc.constantFrom('0912345678', '+886912345678', ' 0912 345 678 ', '+85291234567', 'a@x.com', ' A@X.com', 'U1', 'M-1', 'new-5', 'W1', 'W1', 'whatsapp', 'LINE', 'edm', 'sms', 'fax', 'opted_in', 'unsubscribed', 'vip, gold,vip', '2024-01-02 03:04:05', '2024/1/2 3:04', '陳美玲', 'x\u001fy', '\u001f', ' \u3000 ', '\ud800') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);

/** A cell as a CSV writer would write it. */
const quoted = (text: string) => (/[",\r\n]/.test(text) || text.startsWith(' ') ? `"${text.replace(/"/g, '""')}"` : text);

/**
 * Snapshot records as the CSV reader gives them: the table written as CSV, then read by the
 * tokenizer with spans, fed in random pieces (records across pieces and quoted ones have no span).
 */
const table = fc
  .tuple(
    fc.shuffledSubarray(HEADERS, { minLength: 1 }),
    fc.array(fc.array(cell, { minLength: 1, maxLength: HEADERS.length + 2 }), { maxLength: 40 }),
    fc.array(fc.nat(), { maxLength: 4 }),
  )
  .map(([header, rows, cuts]) => {
    const text = rows.map((cells) => cells.map(quoted).join(',')).join('\n');
    const tokenizer = new CsvTokenizer(',', { spans: true, firstRow: 2 });
    const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
    let last = 0;
    for (const point of [...points, text.length]) {
      tokenizer.feed(text.slice(last, point));
      last = point;
    }
    tokenizer.end();
    // As read: a plain record is a SpanRecord, whose cells are made only when asked (two of them by the packed parser).
    return { header, records: tokenizer.take() as SnapshotRecord[] };
  });

function parseBoth(header: string[], records: SnapshotRecord[]) {
  const objects = new SnapshotParser(header, { region: 'TW' });
  const packed = new PackedSnapshotParser(header, { region: 'TW' });
  for (const record of records) {
    // The packed parser first: a record kept as its text then reads its cells one by one (SpanRecord.cellAt).
    packed.add(record);
    objects.add(record);
  }
  return { objects: objects.finish(), packed: packed.finish() };
}

describe('PackedSnapshot', () => {
  let spanned = 0;
  let joined = 0;
  it('gives back the contacts and issues the object parser gives, whole and field by field', () => {
    fc.assert(
      fc.property(table, ({ header, records }) => {
        spanned += records.filter((r) => r.span).length;
        joined += records.filter((r) => !r.span).length;
        const { objects, packed } = parseBoth(header, records);
        expect(packed.issues).toEqual(objects.issues);
        const source = packed.contacts;
        expect(source.length).toBe(objects.contacts.length);
        objects.contacts.forEach((contact, position) => {
          expect(source.get(position)).toEqual(contact);
          expect(source.channel(position)).toBe(contact.channel);
          expect(source.order(position)).toBe(contact.order);
          for (const name of ['WhatsApp_mobile', 'phone', 'mobile', 'email', 'line_uid', 'customer_id', 'cl_custom_tier', 'nothing']) {
            expect(source.field(position, name)).toBe(contact.fields[name]);
          }
        });
        expect(source.madeIds()).toEqual(objects.contacts.filter((c) => c.id.startsWith('new-')).map((c) => c.id));
      }),
      { numRuns: 400 },
    );
    // Both ways of keeping a contact were exercised.
    expect(spanned).toBeGreaterThan(100);
    expect(joined).toBeGreaterThan(100);
  });

  it('reports a repeated id where the object parser does: after its row\'s issues, before later rows\'', () => {
    const header = ['contact_id', 'channel', 'phone', 'created_at'];
    const records: SnapshotRecord[] = [
      { row: 2, cells: ['A', 'sms', '0912345678', ''] },
      { row: 3, cells: ['A', 'sms', '0912345679'] }, // ragged, and a repeat of A
      { row: 4, cells: ['B', 'fax', '0912345670', ''] },
      { row: 5, cells: ['new-9', 'sms', '', ''] },
      { row: 6, cells: ['new-9', 'sms', '', ''] },
    ];
    const withStructure = (parser: { add(r: SnapshotRecord): void; addIssues(i: Issue[]): void }) => {
      for (const record of records) {
        if (record.cells.length !== header.length) parser.addIssues([makeIssue('row.ragged', { row: record.row }, { cells: record.cells.length, columns: header.length })]);
        parser.add(record);
      }
    };
    const objects = new SnapshotParser(header, { region: 'TW' });
    const packed = new PackedSnapshotParser(header, { region: 'TW' });
    withStructure(objects);
    withStructure(packed);
    const expected = objects.finish();
    const actual = packed.finish();
    expect(expected.issues.map((i) => [i.code, i.row])).toEqual([
      ['row.ragged', 3], ['snapshot.id_duplicate', 3], ['snapshot.channel_unknown', 4], ['snapshot.id_duplicate', 6],
    ]);
    expect(actual.issues).toEqual(expected.issues);
    expect(expected.contacts.map((_, p) => actual.contacts.get(p))).toEqual(expected.contacts);
    expect(actual.contacts.madeIds()).toEqual(['new-9', 'new-9~6']);
  });

  it('replays rows to the same outcomes, changes, issues and final contacts as the contacts as objects', () => {
    const rowValues = fc.record({
      phone: fc.constantFrom('+886912345678', '+85291234567', '+886955666777'),
      email: fc.constantFrom('a@x.com', 'b@x.com'),
      line_uid: fc.constantFrom('U1', 'U2'),
      customer_id: fc.constantFrom('M-1', 'M-2'),
      display_name: fc.constantFrom('Ann', '陳美玲'),
      messaging_status: fc.constantFrom('opted_in', 'opted_out', 'subscribed'),
    });
    const setups = fc.constantFrom<[Channel, KeyName, string]>(
      ['whatsapp', 'phone', 'WhatsApp_mobile'], ['line', 'phone', 'phone'], ['email', 'email', 'email'], ['line', 'line_uid', 'line_uid'], ['line', 'customer_id', 'customer_id'],
    );
    fc.assert(
      fc.property(table, setups, fc.array(rowValues, { maxLength: 12 }), ({ header, records }, [channel, key, keyField], rows) => {
        const { objects, packed } = parseBoth(header, records);
        const options = { channel, key, region: 'TW', importedAt: '2026-01-01 00:00:00' };
        const a = new Simulator(objects.contacts, options);
        const b = new Simulator(packed.contacts, options);
        rows.forEach((values, i) => {
          const row: CheckedRow = checkedRow(i + 2, { [keyField]: key === 'phone' ? values.phone : values[keyField as keyof typeof values], display_name: values.display_name, messaging_status: values.messaging_status }, { key: key === 'phone' ? values.phone : values[keyField as keyof typeof values] });
          expect(b.apply(row)).toEqual(a.apply(row));
        });
        expect(b.contacts()).toEqual(a.contacts());
        // Neither snapshot was changed by the replay (updated contacts are the simulator's own).
        const fresh = parseBoth(header, records);
        expect(objects.contacts).toEqual(fresh.objects.contacts);
        fresh.objects.contacts.forEach((contact, position) => {
          expect(packed.contacts.get(position)).toEqual(contact);
          expect(packed.contacts.field(position, keyField)).toBe(contact.fields[keyField]);
        });
      }),
      { numRuns: 300 },
    );
  });
});
