/**
 * R-F5: a floor on encoding detection for tiny lists. 100 seeded lists of 3 rows per legacy encoding
 * (English header, realistic names: test/bench/tiny-lists.ts); each encoding must be read right in
 * at least 95 % of them. The full table (1, 2, 3, 5 rows) is `node --import tsx test/bench/encoding-accuracy.ts`.
 */
import { describe, expect, it } from 'vitest';
import { accuracy } from '../bench/encoding-accuracy.ts';
import { TINY_ENCODINGS, seededRandom, tinyList } from '../bench/tiny-lists.ts';
import { readsRight } from '../bench/encoding-accuracy.ts';

describe('detection on tiny legacy-encoded lists (R-F5)', () => {
  it('reads at least 95 % of 3-row lists right in every encoding', async () => {
    const results = await accuracy(3, 100, 'ascii');
    const shares = Object.fromEntries([...results].map(([encoding, tally]) => [encoding, tally.right]));
    expect(Object.keys(shares)).toEqual(['big5', 'gb18030', 'shift_jis', 'windows-874', 'windows-1252']);
    for (const encoding of TINY_ENCODINGS) expect([encoding, shares[encoding]]).toEqual([encoding, expect.toSatisfy((n: number) => n >= 95)]);
  });

  it('counts a list as right only when the detected encoding gives back the text as written', async () => {
    const list = tinyList(seededRandom(7), 'gb18030', 3);
    expect(await readsRight(list)).toEqual({ right: true, detected: 'gb18030' });
    // The same bytes said to be Big5 would not read back: the measure can fail.
    expect(await readsRight({ ...list, encoding: 'big5', bytes: Buffer.concat([Buffer.from([0xa4, 0x40, 0x0a]), list.bytes]) })).toMatchObject({ right: false });
  });
});
