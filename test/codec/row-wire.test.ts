/** Rows cross between threads unchanged: decode(encode(rows)) equals the rows, down to key order. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WireEncoder } from '../../core/codec/row-wire.ts';
import { WireDecoder } from '../../core/codec/row-wire-decoder.ts';
import type { WireRecord } from '../../core/codec/row-wire-format.ts';
import { SEVERITIES, type CheckedRow, type FieldValue, type Issue } from '../../core/model.ts';
import { ALL_CODES } from '../../core/rules/codes.ts';
import { DecodedBlock } from '../../core/codec/block-decoding.ts';
import { healthKind } from '../../core/simulate/list-health.ts';
import { TemplateOrder } from '../../core/rules/new-contact.ts';

const FIELDS = ['WhatsApp_mobile', 'messaging_status', 'display_name', 'tag', 'cl_custom_points', 'email', 'line_uid'];
const text = fc.oneof(
  fc.constantFrom('', 'opted_in', 'opted_out', 'subscribed', 'hard_bounce', '陳美玲', 'VIP', '+886912345678', 'a\u0000b', '\ud800', '\udc00x', '😀', '\u00ff\u0100', 'Row 2, column "x": …', '12:3s', 'U123'),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ maxLength: 12 }),
);
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, 0, NaN, Infinity, -Infinity, 1e21));
const issue: fc.Arbitrary<Issue> = fc
  .record(
    {
      code: fc.oneof(fc.constantFrom(...ALL_CODES), fc.constantFrom('not.a.code', '')),
      severity: fc.constantFrom(...SEVERITIES),
      message: text,
      row: fc.integer({ min: -5, max: 2_000_000 }),
      column: text,
      columnIndex: fc.nat(40),
      field: text,
      value: text,
      fix: text,
      params: fc.dictionary(fc.oneof(fc.constantFrom('type', 'first', 'key'), fc.string({ maxLength: 4 })), fc.oneof(text, number), { maxKeys: 3 }),
    },
    { requiredKeys: ['code', 'severity', 'message'] },
  )
  // The order makeIssue gives: code, severity, message, then the location, then params.
  .map((i) => {
    const out: Issue = { code: i.code, severity: i.severity as Issue['severity'], message: i.message };
    for (const name of ['row', 'column', 'columnIndex', 'field', 'value', 'fix', 'params'] as const) if (i[name] !== undefined) (out as unknown as Record<string, unknown>)[name] = i[name];
    return out;
  });
const value: fc.Arbitrary<FieldValue> = fc.oneof(text, fc.constant(null), fc.array(text, { maxLength: 3 }));
const cells = fc.array(text, { maxLength: 6 });

const checkedRow = fc
  .record({
    row: fc.integer({ min: 2, max: 2_000_000 }),
    cells,
    issues: fc.array(issue, { maxLength: 3 }),
    structure: fc.nat(2),
    values: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...FIELDS), fc.constantFrom('other', 'cl_custom_x')), value), { maxLength: 6 }),
    key: fc.option(fc.oneof(text, fc.constant('KEY_IS_A_VALUE')), { nil: undefined }),
    fixed: fc.option(cells, { nil: undefined }),
  })
  .map((r) => {
    const values = new Map<string, FieldValue>(r.values);
    const checked: CheckedRow = { row: r.row, cells: r.fixed ?? r.cells, issues: r.issues, values };
    if (r.key === 'KEY_IS_A_VALUE') {
      const first = [...values.values()].find((v) => typeof v === 'string');
      if (typeof first === 'string') checked.key = first;
    } else if (r.key !== undefined) checked.key = r.key;
    return { checked, original: r.cells, structure: Math.min(r.structure, r.issues.length) };
  });
const record: fc.Arbitrary<WireRecord> = fc.record({ row: fc.integer({ min: 2, max: 2_000_000 }), cells: fc.array(text, { maxLength: 6 }), issues: fc.array(issue, { maxLength: 2 }) });
const entry = fc.oneof({ weight: 3, arbitrary: checkedRow.map((c) => ({ kind: 'checked' as const, ...c })) }, { weight: 1, arbitrary: record.map((r) => ({ kind: 'record' as const, record: r })) });

/** Equal, and serialized alike (so the order of keys is the same), and -0 stays -0. */
function expectSame(actual: unknown, expected: unknown): void {
  expect(actual).toEqual(expected);
  const json = (v: unknown) => JSON.stringify(v, (_k, x) => (x instanceof Map ? [...x] : Object.is(x, -0) ? '-0' : typeof x === 'number' && Number.isNaN(x) ? 'NaN' : x));
  expect(json(actual)).toBe(json(expected));
}

/** A checked row by its CheckedRow fields (a row whose values came in a block reads them on demand). */
function plain(checked: CheckedRow): CheckedRow {
  const out: CheckedRow = { row: checked.row, cells: checked.cells, issues: checked.issues, values: checked.values };
  if (checked.key !== undefined) out.key = checked.key;
  return out;
}

describe('row wire', () => {
  for (const [cellsAs, channel] of [['arrays', undefined], ['none', undefined], ['json', undefined], ['none', 'whatsapp'], ['arrays', 'line'], ['json', 'email']] as const) {
    const withCells = cellsAs === 'arrays';
    it(`round-trips validated and raw rows over several batches (cells sent as ${cellsAs}, values ${channel ? `in blocks for ${channel}` : 'one by one'})`, () => {
      fc.assert(
        fc.property(fc.array(fc.array(entry, { maxLength: 8 }), { minLength: 1, maxLength: 4 }), (batches) => {
          const encoder = new WireEncoder(FIELDS, cellsAs, channel && { channel, healthKind });
          const decoder = new WireDecoder(FIELDS);
          for (const rows of batches) {
            for (const e of rows) {
              if (e.kind === 'record') encoder.addRecord(e.record);
              else encoder.add(e.checked, e.original, e.structure);
            }
            const decoded = [...decoder.rows(encoder.take())];
            expect(decoded).toHaveLength(rows.length);
            rows.forEach((e, i) => {
              const got = decoded[i];
              if (e.kind === 'record') {
                expectSame(got.record, e.record);
                // With blocks, the cells go in the block (kept for the contact the row may create), unless UTF-8 cannot carry them.
                const packed = got.record ? got.packed : undefined;
                expect(packed !== undefined).toBe(channel !== undefined && e.record.cells.every((c) => c.isWellFormed()));
                if (packed) {
                  expect(packed.holdsCells).toBe(true);
                  expectSame(packed.block.cells(packed.index), e.record.cells);
                }
                return;
              }
              const expected = { ...e.checked, cells: withCells ? e.checked.cells : [] };
              expectSame(plain(got.checked!), expected);
              expectSame(got.checked!.values, e.checked.values);
              // In a block unless they cannot go there (a field outside the table, a lone surrogate).
              const blockable = channel !== undefined && [...e.checked.values].every(([field, v]) => FIELDS.includes(field) && (typeof v === 'string' ? [v] : v ?? []).every((t) => t.isWellFormed()));
              const packed = got.checked ? got.packed : undefined;
              expect(packed !== undefined).toBe(blockable);
              if (packed) {
                expectSame(packed.block.read(packed.index), e.checked.values);
                expect(packed.inTemplateOrder).toBe(new TemplateOrder(channel!).inOrder(e.checked.values));
                expect(packed.healthKind).toBe(healthKind(e.checked));
              }
              if (got.checked) {
                expectSame(got.originalCells, withCells ? e.original : []);
                expectSame(got.structureIssues, e.checked.issues.slice(0, e.structure));
                if (cellsAs === 'json') {
                  // The row as the case store keeps it, read back as the store reads a block.
                  const { json, layout } = got.stored!;
                  expect(layout).toBe(FIELDS);
                  const block = new DecodedBlock(0, Buffer.from(`[${Buffer.from(json).toString('utf8')}]`), Buffer.from('[[0,null,null,0,[]]]'), Buffer.from(Int32Array.of(e.checked.row, 0, 0, 1, json.length + 2, 1, 20).buffer), FIELDS, 'row 1');
                  const back = block.row(0);
                  expectSame(back.cells, e.checked.cells);
                  expectSame(back.original, e.original);
                  expectSame(back.values, e.checked.values);
                  expect(back.key).toBe(e.checked.key);
                  // Params as JSON keeps them (the case file has always stored them so; -0 reads back as 0).
                  const fields = ({ code, severity, column, columnIndex, field, value, fix, params }: Issue) => ({ code, severity, column, columnIndex, field, value, fix, params: params && JSON.parse(JSON.stringify(params)) });
                  expect(back.issues.map(fields)).toEqual(e.checked.issues.map(fields));
                } else {
                  expect(got.stored).toBeUndefined();
                }
              }
            });
          }
        }),
        { numRuns: 400 },
      );
    });
  }

  it('sends issues without their messages when asked, everything else as it was', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 8 }), (rows) => {
        const encoder = new WireEncoder(FIELDS, 'arrays', { channel: 'whatsapp', healthKind }, false);
        const decoder = new WireDecoder(FIELDS);
        for (const e of rows) {
          if (e.kind === 'record') encoder.addRecord(e.record);
          else encoder.add(e.checked, e.original, e.structure);
        }
        const unworded = (issues: Issue[]) => issues.map((i) => ({ ...i, message: '' }));
        [...decoder.rows(encoder.take())].forEach((got, i) => {
          const e = rows[i];
          if (e.kind === 'record') expectSame(got.record, { ...e.record, issues: unworded(e.record.issues) });
          else expectSame(plain(got.checked!), { ...e.checked, issues: unworded(e.checked.issues) });
        });
      }),
      { numRuns: 200 },
    );
  });

  it('numbers repeated values, and keeps doing so across batches', () => {
    const encoder = new WireEncoder(FIELDS, 'none');
    const decoder = new WireDecoder(FIELDS);
    const row = (n: number): CheckedRow => ({ row: n, cells: [], issues: [], values: new Map([['messaging_status', 'opted_in'], ['display_name', `name ${n % 3}`]]) });
    for (let batch = 0; batch < 3; batch++) {
      for (let n = 0; n < 10; n++) encoder.add(row(batch * 10 + n), [], 0);
      const decoded = [...decoder.rows(encoder.take())];
      decoded.forEach((d, n) => expect(d.checked!.values).toEqual(row(batch * 10 + n).values));
    }
  });
});
