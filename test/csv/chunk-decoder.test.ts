/** The reader's decoder gives iconv-lite's text for any bytes, however they are cut into chunks. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { chunkDecoder } from '../../core/csv/chunk-decoder.ts';
import { decodeUtf8WithEscapes } from '../../core/csv/utf8-escapes.ts';

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
  it('gives UTF-8 with its invalid bytes escaped, for any bytes and any chunks', () => {
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(), { maxLength: 6 }), (input, cuts) => {
        expect(decodeInChunks('utf8', input, cuts)).toBe(decodeUtf8WithEscapes(input));
      }),
      { numRuns: 1000 },
    );
  });

  for (const encoding of ['utf16le']) {
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

describe('chunkDecoder for double-byte encodings', () => {
  // Characters each encoding holds, including ones outside the BMP (GB18030's four-byte 𠮷,
  // Big5-HKSCS's 𨋢), whose decoding overflowed iconv-lite's buffer when a chunk began inside them.
  const alphabets: Record<string, string[]> = {
    gb18030: ['a', '0', ',', '\n', '"', '王', '张', '𠮷', '€', 'é'],
    big5: ['a', '0', ',', '\n', '"', '王', '陳', '𨋢', '。'],
    shiftjis: ['a', '0', ',', '\n', '"', '山', 'カ', 'ー'],
  };
  for (const [encoding, alphabet] of Object.entries(alphabets)) {
    it(`decodes well-formed ${encoding} text whole, however the bytes are cut`, () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 6 }), (chars, cuts) => {
          const text = chars.join('');
          expect(decodeInChunks(encoding, iconv.encode(text, encoding), cuts)).toBe(text);
        }),
        { numRuns: 1000 },
      );
    });
  }

  it('keeps the phone digit after a four-byte character that ends where a read begins', () => {
    const bytes = iconv.encode('name,phone\n𠮷,0920003332\n', 'gb18030');
    const start = bytes.indexOf(0x0a) + 1;
    // Cut right after the character's first three bytes.
    expect(decodeInChunks('gb18030', bytes, [start + 3])).toBe('name,phone\n𠮷,0920003332\n');
  });
});
