/**
 * One property per format of core/codec/: what is encoded decodes to the same values, and where a
 * format has a fast path kept for speed, it gives exactly what the plain path gives.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FieldValue, Issue, Severity } from '../../core/model.ts';
import { ALL_CODES } from '../../core/rules/codes.ts';
import { Utf8Bytes } from '../../core/codec/utf8-bytes.ts';
import { jsonOfEntries, jsonOfPairs } from '../../core/codec/json.ts';
import { FieldTable, ValuesBlock, ValuesTextWriter } from '../../core/codec/values-text.ts';
import { EntryArrays } from '../../core/codec/values-text.ts';
import { positionsOf, layoutBodyOfMap, layoutBodyOfColumns } from '../../core/codec/store-values.ts';
import { BlockBuilder, issuesJson, readInts, type BlockInput, type IssueTuple } from '../../core/codec/row-blocks.ts';
import { DecodedBlock, issueOf } from '../../core/codec/block-decoding.ts';
import { stringHash } from '../../core/codec/text-hash.ts';
import { decodeCellEdits, encodeCellEdits } from '../../core/codec/cell-edits.ts';
import { issueMessage } from '../../core/rules/messages.ts';

const FIELDS = ['WhatsApp_mobile', 'messaging_status', 'display_name', 'gender', 'tag', 'cl_custom_points', 'email'];
const anyText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('', '"', '\\', 'a\u0000b', '\u001f', '陳美玲', '😀', '+886912345678'));
/** Well-formed texts (no lone surrogate, which UTF-8 cannot carry). */
const wellFormed = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom('', '"', '\\', 'a\u0000b', '\u001f', '陳美玲', '😀', 'สมชาย'));
const value = (text: fc.Arbitrary<string>): fc.Arbitrary<FieldValue> => fc.oneof(text, fc.constant(null), fc.array(text, { maxLength: 3 }));
const valuesMap = (text: fc.Arbitrary<string>) => fc.uniqueArray(fc.tuple(fc.constantFrom(...FIELDS), value(text)), { selector: ([f]) => f, maxLength: FIELDS.length }).map((e) => new Map(e));

describe('UTF-8 bytes (codec/utf8-bytes.ts)', () => {
  it('writes a text as Buffer.from does, and a JSON string as JSON.stringify then UTF-8 does (the fast path equals the plain one)', () => {
    fc.assert(fc.property(anyText, fc.array(anyText, { maxLength: 5 }), (text, list) => {
      const plain = new Utf8Bytes();
      plain.write(text);
      expect(Buffer.from(plain.take()).equals(Buffer.from(text, 'utf8'))).toBe(true);
      const json = new Utf8Bytes();
      json.writeJsonString(text);
      json.writeByte(0x20);
      json.writeJsonStrings(list);
      expect(Buffer.from(json.take()).toString('utf8')).toBe(`${JSON.stringify(text)} ${JSON.stringify(list)}`);
    }));
  });
});

describe('case file JSON (codec/json.ts)', () => {
  it('encodes entries and pairs that JSON.parse decodes to the same, as JSON.stringify would write them', () => {
    fc.assert(fc.property(valuesMap(anyText), fc.array(fc.tuple(anyText, anyText), { maxLength: 4 }), (values, pairs) => {
      expect(jsonOfEntries(values)).toBe(JSON.stringify([...values]));
      expect(new Map(JSON.parse(jsonOfEntries(values)) as [string, FieldValue][])).toEqual(values);
      expect(jsonOfPairs(pairs)).toBe(JSON.stringify(pairs));
    }));
  });
});

describe('values texts (codec/values-text.ts)', () => {
  it('decode to the very Map encoded, key order included; values given by columns encode to the same bytes as the Map', () => {
    fc.assert(fc.property(fc.array(valuesMap(wellFormed), { minLength: 1, maxLength: 6 }), (rows) => {
      const byMap = new ValuesTextWriter(new FieldTable(FIELDS, false));
      const byColumns = new ValuesTextWriter(new FieldTable(FIELDS, false));
      const entries = new EntryArrays();
      for (const values of rows) {
        expect(byMap.add(values)).toBeGreaterThanOrEqual(0);
        const n = entries.fill(values);
        expect(byColumns.addFields(entries.fields, entries.values, n)).toBeGreaterThanOrEqual(0);
      }
      const block = new ValuesBlock(byMap.take(), FIELDS, rows.length);
      // The same texts (a block's padding before its row starts is not written, so bytes are not compared whole).
      const same = new ValuesBlock(byColumns.take(), FIELDS, rows.length);
      expect(same.rowsText(0, rows.length)).toBe(block.rowsText(0, rows.length));
      rows.forEach((values, i) => {
        const read = block.read(i);
        expect([...read.keys()]).toEqual([...values.keys()]);
        expect(read).toEqual(values);
      });
    }));
  });

  it('decode cells to the very cells encoded', () => {
    fc.assert(fc.property(fc.array(fc.array(wellFormed, { maxLength: 6 }), { minLength: 1, maxLength: 5 }), (rows) => {
      const writer = new ValuesTextWriter(new FieldTable(FIELDS, false));
      for (const cells of rows) expect(writer.addCells(cells)).toBeGreaterThanOrEqual(0);
      const block = new ValuesBlock(writer.take(), FIELDS, rows.length);
      rows.forEach((cells, i) => expect(block.cells(i)).toEqual(cells));
    }));
  });
});

describe('stored values (codec/store-values.ts)', () => {
  it('values given by columns encode to the same text as the Map (the fast path equals the plain one)', () => {
    const positions = positionsOf(FIELDS);
    fc.assert(fc.property(valuesMap(anyText), fc.array(anyText, { maxLength: 6 }), (values, cells) => {
      const entries = new EntryArrays();
      const n = entries.fill(values);
      const byColumns = layoutBodyOfColumns([...entries.fields], [...entries.values], n, cells, positions);
      expect(layoutBodyOfMap(values, cells, positions)).toBe(byColumns);
    }));
  });
});

describe('issue tuples (codec/row-blocks.ts)', () => {
  const severity = fc.constantFrom<Severity>('info', 'warning', 'error');
  const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  const issue: fc.Arbitrary<Issue> = fc.record({
    code: fc.constantFrom(...ALL_CODES), severity, column: optional(anyText), columnIndex: optional(fc.nat(40)), field: optional(fc.constantFrom(...FIELDS)),
    value: optional(anyText), fix: optional(anyText), params: optional(fc.dictionary(fc.constantFrom('other', 'count', 'list'), fc.oneof(anyText, fc.nat(99)) as fc.Arbitrary<string>, { maxKeys: 2 })),
  }).map((raw) => {
    const out: Issue = { code: raw.code, severity: raw.severity, message: '' };
    for (const key of ['column', 'columnIndex', 'field', 'value', 'fix', 'params'] as const) if (raw[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = raw[key];
    return out;
  });

  it('decode to the issues encoded, each worded again in English', () => {
    fc.assert(fc.property(fc.array(issue, { maxLength: 4 }), fc.nat(1_000_000), (issues, row) => {
      const decoded = (JSON.parse(issuesJson(issues)) as IssueTuple[]).map((t) => issueOf(t, row + 2));
      const expected = issues.map((i) => ({ ...i, row: row + 2 })).map((i) => ({ ...i, message: issueMessage(i, 'en') }));
      expect(decoded).toEqual(expected);
    }));
  });
});

describe('blocks rewritten around changed rows (codec/row-blocks.ts addRawRows)', () => {
  it('are the bytes of the block written row by row', () => {
    const input = (i: number, cells: string[], outcome: BlockInput['outcome'], key: string | undefined): BlockInput =>
      ({ row: 2 + i * 2, seq: 10 + i, original: cells, cells, outcome, key, changes: [], issues: [] });
    const row = fc.tuple(fc.array(anyText, { minLength: 1, maxLength: 3 }), fc.constantFrom<BlockInput['outcome']>('create', 'update', 'skip'), fc.option(wellFormed, { nil: undefined }), fc.nat({ max: 3 }));
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), fc.array(anyText, { minLength: 12, maxLength: 12 }), (rows, changedAt, changedCell) => {
      const original = new BlockBuilder(undefined);
      rows.forEach(([cells, outcome, key, sig], i) => original.add(input(i, cells, outcome, key), sig));
      const stored = original.finish();
      const decoded = new DecodedBlock(10, stored.checked, stored.simulated, stored.positions, undefined, 'rows');
      const keys = readInts(stored.keys);
      const rewritten = new BlockBuilder(undefined);
      const expected = new BlockBuilder(undefined);
      let from = 0;
      rows.forEach(([cells, outcome, key, sig], i) => {
        const changed = changedAt[i] ? input(i, [changedCell[i], ...cells.slice(1)], outcome, key) : undefined;
        expected.add(changed ?? input(i, cells, outcome, key), sig);
        if (changed === undefined) return;
        rewritten.addRawRows(decoded.rawRows(from, i, keys));
        rewritten.add(changed, sig);
        from = i + 1;
      });
      rewritten.addRawRows(decoded.rawRows(from, rows.length, keys));
      expect([rewritten.firstSeq, rewritten.lastSeq, rewritten.firstRow, rewritten.lastRow, rewritten.n, [...rewritten.groups]]).toEqual([expected.firstSeq, expected.lastSeq, expected.firstRow, expected.lastRow, expected.n, [...expected.groups]]);
      const [a, b] = [rewritten.finish(), expected.finish()];
      for (const part of ['checked', 'simulated', 'positions', 'keys'] as const) expect(Buffer.from(a[part]).equals(Buffer.from(b[part])), part).toBe(true);
    }));
  });
});

describe('cell edits (codec/cell-edits.ts)', () => {
  it('decode to the edits encoded, in their order, lone surrogates included; a text it did not write is a damaged case', () => {
    const edit = fc.record({ row: fc.integer({ min: 1, max: 2_000_000 }), col: fc.nat({ max: 500 }), before: anyText, after: anyText });
    fc.assert(fc.property(fc.array(edit, { maxLength: 20 }), (edits) => {
      const text = encodeCellEdits(edits);
      // Stored as SQLite text (UTF-8): what it holds must survive that.
      expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
      expect(decodeCellEdits(text)).toEqual(edits);
    }));
    expect(decodeCellEdits(encodeCellEdits([{ row: 5, col: 2, before: 'Ann', after: 'Ann \uD800 Lee' }]))[0].after).toBe('Ann \uD800 Lee');
    for (const damaged of ['', '[[1],[2],["a"]]', '[[1],[2],["a"],[3]]', '[[1,2],[2],["a"],["b"]]', '{"rows":[]}']) {
      expect(() => decodeCellEdits(damaged)).toThrow('This case file is damaged: a fix in its fix log cannot be read.');
    }
  });
});

describe('text hashes (codec/text-hash.ts)', () => {
  it('stay the values case files already hold', () => {
    expect(['', 'a', '+886912345678', 'user1@gmail.com', '陳美玲'].map(stringHash)).toEqual(PINNED_HASHES);
  });
});

const PINNED_HASHES = [1572119809, 1469464775, -1829946989, 617739676, -1288960200];
