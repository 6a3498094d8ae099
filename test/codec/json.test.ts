/** The case file's fast JSON writers give exactly JSON.stringify's text. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonOfEntries, jsonOfPairs } from '../../core/codec/json.ts';
import { Utf8Bytes } from '../../core/codec/utf8-bytes.ts';
import { writeCheckedTuple } from '../../core/codec/row-blocks.ts';
import type { FieldValue } from '../../core/model.ts';

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom('', '"', '\\', '","', '\u0000', '\u001f', '\u007f', '\ud800', '\udc00', '😀', '陳美玲', '\u2028', '</script>'),
);
const value: fc.Arbitrary<FieldValue> = fc.oneof(text, fc.constant(null), fc.array(text, { maxLength: 3 }));

describe('case file JSON', () => {
  it('writes lists of strings straight to UTF-8 as JSON.stringify and a UTF-8 encoder do', () => {
    const bytes = new Utf8Bytes();
    fc.assert(fc.property(fc.array(text, { maxLength: 10 }), (list) => {
      bytes.writeJsonStrings(list);
      expect(Buffer.from(bytes.take()).equals(Buffer.from(JSON.stringify(list), 'utf8'))).toBe(true);
    }), { numRuns: 5000 });
    // Every code unit, surrogates and controls included.
    const all = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code));
    bytes.writeJsonStrings(all);
    expect(Buffer.from(bytes.take()).equals(Buffer.from(JSON.stringify(all), 'utf8'))).toBe(true);
  });

  it('writes a checked tuple with its cells as read only when a fix changed them', () => {
    const bytes = new Utf8Bytes();
    const read = (original: string[], cells: string[]) => {
      const length = writeCheckedTuple(bytes, 7, original, cells, 'null', 'k', []);
      const text = Buffer.from(bytes.take()).toString('utf8');
      expect(Buffer.byteLength(text)).toBe(length);
      return JSON.parse(text);
    };
    expect(read(['a', '陳'], ['a', '陳'])).toEqual([7, 0, ['a', '陳'], null, 'k', []]);
    expect(read(['a ', '陳'], ['a', '陳'])).toEqual([7, ['a ', '陳'], ['a', '陳'], null, 'k', []]);
    expect(read(['a'], ['a', ''])).toEqual([7, ['a'], ['a', ''], null, 'k', []]);
  });

  it('writes value maps as JSON.stringify([...map]) does', () => {
    fc.assert(fc.property(fc.array(fc.tuple(text, value), { maxLength: 8 }), (entries) => {
      const map = new Map(entries);
      expect(jsonOfEntries(map)).toBe(JSON.stringify([...map]));
    }), { numRuns: 5000 });
  });

  it('writes pairs as JSON.stringify does', () => {
    fc.assert(fc.property(fc.array(fc.tuple(text, text), { maxLength: 8 }), (pairs) => {
      expect(jsonOfPairs(pairs)).toBe(JSON.stringify(pairs));
    }), { numRuns: 5000 });
  });
});
