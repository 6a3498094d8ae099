/** A checker's row read by its columns gives exactly what its values Map gives, however it is read. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CheckedColumns, valueOf } from '../../core/rules/checked-columns.ts';
import type { FieldValue } from '../../core/model.ts';
import { FieldTable, ValuesBlock, ValuesTextWriter } from '../../core/codec/values-text.ts';
import { TemplateOrder } from '../../core/rules/new-contact.ts';
import { healthKind } from '../../core/simulate/list-health.ts';
import { valuesJsonInLayout, checkedValuesJson } from '../../core/codec/row-blocks.ts';
import { positionsOf } from '../../core/codec/store-values.ts';

const FIELDS = ['WhatsApp_mobile', 'messaging_status', 'display_name', 'tag', 'email'];
const value: fc.Arbitrary<FieldValue | undefined> = fc.oneof(fc.constant(undefined), fc.constantFrom('opted_in', 'opted_out', '陳美玲', '', '+886912345678'), fc.constant(null), fc.array(fc.constantFrom('VIP', '新客'), { maxLength: 2 }));
/** Columns naming any fields, some twice (two columns read into one field). */
const columns = fc.array(fc.tuple(fc.constantFrom(...FIELDS), value), { maxLength: 8 });

/** The Map the checker made before, a set per valid column in column order. */
function setInOrder(entries: [string, FieldValue | undefined][]): Map<string, FieldValue> {
  const values = new Map<string, FieldValue>();
  for (const [field, v] of entries) if (v !== undefined) values.set(field, v);
  return values;
}

describe('CheckedColumns', () => {
  it('gives the Map a set per column gives, and each field\'s value as that Map does, before and after making it', () => {
    fc.assert(
      fc.property(columns, (entries) => {
        const expected = setInOrder(entries);
        const fresh = () => new CheckedColumns(2, [], [], entries.map((e) => e[0]), entries.map((e) => e[1]));
        const unread = fresh();
        for (const field of FIELDS) expect(valueOf(unread, field)).toEqual(expected.get(field));
        expect(healthKind(unread)).toBe(healthKind({ row: 2, cells: [], issues: [], values: expected }));
        const read = fresh();
        expect([...read.values]).toEqual([...expected]);
        for (const field of FIELDS) expect(valueOf(read, field)).toEqual(expected.get(field));
        expect(read.columns).toBe(read);
      }),
      { numRuns: 300 },
    );
  });

  it('goes by its new values once they are replaced, and spreads and serializes as the plain row', () => {
    const row = new CheckedColumns(3, ['a'], [], ['messaging_status'], ['opted_in']);
    row.key = 'k';
    expect({ ...row }).toEqual({ row: 3, cells: ['a'], issues: [], key: 'k' });
    expect(JSON.parse(JSON.stringify(row))).toEqual({ row: 3, cells: ['a'], issues: [], key: 'k' });
    row.values = new Map([['messaging_status', 'opted_out']]);
    expect(row.columns).toBeUndefined();
    expect(valueOf(row, 'messaging_status')).toBe('opted_out');
  });

  it('gives the case file the values JSON its Map gives (checkedValuesJson), in a layout or out of it', () => {
    fc.assert(
      fc.property(columns, fc.array(fc.constantFrom('陳美玲', 'opted_in', '+886912345678', 'VIP'), { maxLength: 6 }), fc.constantFrom(FIELDS, FIELDS.slice(1), ['tag', 'email']), (entries, cells, layout) => {
        const row = new CheckedColumns(2, cells, [], entries.map((e) => e[0]), entries.map((e) => e[1]));
        const positions = positionsOf(layout);
        expect(checkedValuesJson(row, positions)).toBe(valuesJsonInLayout(setInOrder(entries), cells, positions));
        expect(checkedValuesJson(row, undefined)).toBe(valuesJsonInLayout(setInOrder(entries), cells, undefined));
      }),
      { numRuns: 500 },
    );
  });

  it('writes into a values block by its columns (ValuesTextWriter.addFields) what its Map reads back as', () => {
    fc.assert(
      fc.property(columns, (entries) => {
        const table = new FieldTable(FIELDS, false);
        const writer = new ValuesTextWriter(table, new TemplateOrder('whatsapp'));
        const index = writer.addFields(entries.map((e) => e[0]), entries.map((e) => e[1]), entries.length);
        const block = new ValuesBlock(writer.take(), table.names, 1);
        expect([...block.read(index)]).toEqual([...setInOrder(entries)]);
      }),
      { numRuns: 300 },
    );
  });
});
