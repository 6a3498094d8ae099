/** A row's values as the case file stores them read back exactly. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { positionsOf, layoutBodyOfMap, widenedLayout } from '../../core/codec/store-values.ts';
import { storedValuesJson, writeCheckedTuple } from '../../core/codec/row-blocks.ts';
import { DecodedBlock } from '../../core/codec/block-decoding.ts';
import { Utf8Bytes } from '../../core/codec/utf8-bytes.ts';
import type { FieldValue } from '../../core/model.ts';

const FIELDS = ['WhatsApp_mobile', 'messaging_status', 'display_name', 'tag', 'cl_custom_points'];
// Few distinct texts, so values often equal a cell (stored as a reference to it).
const text = fc.oneof(
  fc.constantFrom('', 'opted_in', '陳美玲', 'VIP', '+886912345678', '0912345678', '"', '\\', 'a\u0000b', '\ud800', '😀', '1', '0', 'null', '[1]'),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const value: fc.Arbitrary<FieldValue> = fc.oneof(text, fc.constant(null), fc.array(text, { maxLength: 3 }));
const field = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FIELDS) }, { weight: 1, arbitrary: fc.constantFrom('other', 'tags', '__proto__') });
const row = fc.record({
  cells: fc.array(text, { maxLength: 7 }),
  values: fc.array(fc.tuple(field, value), { maxLength: 6 }).map((entries) => new Map(entries)),
});

/** A row's values written into a block by the layout FIELDS, and read back as a block reads them. */
function throughBlock(values: ReadonlyMap<string, FieldValue>, cells: string[], body: string | undefined): Map<string, FieldValue> {
  const bytes = new Utf8Bytes();
  writeCheckedTuple(bytes, 2, cells, cells, storedValuesJson(values, body), undefined, []);
  const checked = `[${Buffer.from(bytes.take()).toString('utf8')}]`;
  const simulated = '[[0,null,null,0,[]]]';
  const index = Buffer.from(Int32Array.of(2, 0, 0, 1, Buffer.byteLength(checked), 1, simulated.length).buffer);
  return new DecodedBlock(0, Buffer.from(checked), Buffer.from(simulated), index, FIELDS, 'row 2').row(0).values;
}

/** Equal, and in the same order (a Map's order is the order changes are listed in). */
function expectSameMap(actual: Map<string, FieldValue>, expected: ReadonlyMap<string, FieldValue>): void {
  expect([...actual]).toEqual([...expected]);
}

describe('stored values', () => {
  it('read back as written, by a layout when they fit it', () => {
    const positions = positionsOf(FIELDS);
    fc.assert(fc.property(row, ({ cells, values }) => {
      if (values.size === 0) return;
      const body = layoutBodyOfMap(values, cells, positions);
      const fieldsInOrder = [...values.keys()].map((f) => FIELDS.indexOf(f));
      const fits = fieldsInOrder.every((p, i) => p >= 0 && (i === 0 || p > fieldsInOrder[i - 1]));
      expect(body !== undefined).toBe(fits);
      // By the layout when they fit it, else as their entries: the same Map back either way.
      expectSameMap(throughBlock(values, cells, body), values);
    }), { numRuns: 5000 });
  });

  it('store a value that is a cell as a reference to it', () => {
    const cells = ['0912345678', '', '陳美玲', '台北'];
    const values = new Map<string, FieldValue>([['WhatsApp_mobile', '+886912345678'], ['display_name', '陳美玲'], ['tag', ['台北']]]);
    const body = layoutBodyOfMap(values, cells, positionsOf(FIELDS))!;
    expect(storedValuesJson(values, body)).toBe('["+886912345678",0,3,-4]');
    expectSameMap(throughBlock(values, cells, body), values);
  });

  it('widen a layout to a row with fields it lacks, keeping both orders', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.constantFrom(...FIELDS, 'other', 'tags')), row, (fields, { values }) => {
      const widened = widenedLayout(fields, values);
      const keys = [...values.keys()];
      const common = keys.filter((k) => fields.includes(k));
      const ordersAgree = common.every((k, i) => i === 0 || fields.indexOf(k) > fields.indexOf(common[i - 1]));
      expect(widened !== undefined).toBe(ordersAgree);
      if (widened === undefined) return;
      const isSubsequence = (list: readonly string[]) => list.every((k, i) => i === 0 || widened.indexOf(k) > widened.indexOf(list[i - 1]));
      expect(new Set(widened)).toEqual(new Set([...fields, ...keys]));
      expect(widened).toHaveLength(new Set(widened).size);
      expect(isSubsequence(fields) && isSubsequence(keys)).toBe(true);
      if (values.size > 0) expect(layoutBodyOfMap(values, [], positionsOf(widened))).toBeDefined();
    }), { numRuns: 3000 });
  });
});
