/** The reader's decoder gives iconv-lite's text for any bytes, however they are cut into chunks. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { chunkDecoder } from '../../core/csv/chunk-decoder.ts';

/** Bytes that are mostly UTF-8, with broken sequences, overlongs, surrogates and a BOM mixed in. */
const bytes = fc.array(
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => [...Buffer.from(s, 'utf8')]),
    fc.constantFrom([0xef, 0xbb, 0xbf], [0xe4, 0xb8], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xff], [0x80], [0xf4, 0x90, 0x80, 0x80]),
    fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 }),
  ),
  { maxLength: 30 },
).map((parts) => Buffer.from(parts.flat()));

function decodeInChunks(encoding: string, input: Buffer, cuts: number[]): string {
  const decoder = chunkDecoder(encoding);
  let text = '';
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (input.length + 1))].sort((a, b) => a - b)) {
    text += decoder.write(input.subarray(at, cut));
    at = cut;
  }
  return text + decoder.write(input.subarray(at)) + decoder.end();
}

describe('chunkDecoder', () => {
  // Not the legacy encodings: iconv-lite's own Big5 decoder gives one U+FFFD more or less for a
  // broken sequence cut by a chunk boundary (the text is damaged there either way).
  for (const encoding of ['utf8', 'utf16le']) {
    it(`gives iconv-lite's ${encoding} text for any bytes and any chunks`, () => {
      fc.assert(
        fc.property(bytes, fc.array(fc.nat(), { maxLength: 6 }), (input, cuts) => {
          const decoder = iconv.getDecoder(encoding, { stripBOM: false });
          const expected = decoder.write(input) + (decoder.end() ?? '');
          expect(decodeInChunks(encoding, input, cuts)).toBe(expected);
        }),
        { numRuns: 1000 },
      );
    });
  }
});
