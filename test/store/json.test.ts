/** The case file's fast JSON writers give exactly JSON.stringify's text. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonOfEntries, jsonOfPairs, jsonOfStrings } from '../../core/store/json.ts';
import type { FieldValue } from '../../core/model.ts';

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom('', '"', '\\', '","', '\u0000', '\u001f', '\u007f', '\ud800', '\udc00', '😀', '陳美玲', '\u2028', '</script>'),
);
const value: fc.Arbitrary<FieldValue> = fc.oneof(text, fc.constant(null), fc.array(text, { maxLength: 3 }));

describe('case file JSON', () => {
  it('writes lists of strings as JSON.stringify does', () => {
    fc.assert(fc.property(fc.array(text, { maxLength: 10 }), (list) => {
      expect(jsonOfStrings(list)).toBe(JSON.stringify(list));
    }), { numRuns: 5000 });
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
