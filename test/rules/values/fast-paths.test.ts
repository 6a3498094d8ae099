/**
 * Every fast path of the value checks gives exactly the verdict of the definition it stands for
 * (issue #6: a fast path must be proven, not trusted).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isEdgeSpace, trimCell, trimCellByPattern } from '../../../core/rules/values/cell.ts';
import { isExactDate, readDate } from '../../../core/rules/values/date.ts';
import { asciiPracticalEmail, isPracticalEmail, isPracticalEmailByPattern } from '../../../core/rules/values/email.ts';
import { interpolate, interpolateByPattern } from '../../../core/rules/messages.ts';
import { CODES } from '../../../core/rules/codes.ts';

const EDGE = ['', ' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u180e', '\u200c'];
const edge = fc.array(fc.constantFrom(...EDGE), { maxLength: 3 }).map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ maxLength: 30 }));

describe('trimCell', () => {
  it('classifies every UTF-16 code unit as the pattern does', () => {
    const pattern = /^[\s\u200b]$/;
    for (let code = 0; code <= 0xffff; code++) expect(isEdgeSpace(code)).toBe(pattern.test(String.fromCharCode(code)));
  });

  it('trims exactly what the pattern trims', () => {
    fc.assert(
      fc.property(edge, anyText, edge, (before, text, after) => {
        const raw = before + text + after;
        expect(trimCell(raw)).toBe(trimCellByPattern(raw));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('isExactDate', () => {
  /** The definition: `YYYY-MM-DD` whose parts make a real date (days in month from the calendar). */
  const reference = (text: string): boolean => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return false;
    const [year, month, day] = [+m[1], +m[2], +m[3]];
    if (!(year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1)) return false;
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return day <= new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !leap ? 1 : 0);
  };
  const digit = fc.constantFrom(...'0123456789');
  const shaped = fc.tuple(fc.array(digit, { minLength: 4, maxLength: 4 }), fc.constantFrom('-', '/', '-'), fc.array(digit, { minLength: 2, maxLength: 2 }), fc.constantFrom('-', '.', '-'), fc.array(digit, { minLength: 2, maxLength: 2 }))
    .map(([y, a, m, b, d]) => `${y.join('')}${a}${m.join('')}${b}${d.join('')}`);
  const dates = fc.tuple(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

  it('agrees with the pattern and the calendar', () => {
    fc.assert(fc.property(fc.oneof(shaped, dates, anyText), (text) => {
      expect(isExactDate(text)).toBe(reference(text));
    }), { numRuns: 20000 });
    for (const text of ['2024-02-29', '2023-02-29', '1900-02-29', '2000-02-29', '0000-01-01', '9999-12-31', '2024-04-31', '２０２４-01-01']) {
      expect(isExactDate(text)).toBe(reference(text));
    }
  });

  it('leaves readDate as the definition reads it', () => {
    expect(readDate('1990-01-02')).toEqual({ kind: 'exact', value: '1990-01-02' });
    expect(readDate('1990-02-30')).toEqual({ kind: 'invalid' });
    expect(readDate('1990/01/02')).toEqual({ kind: 'fix', value: '1990-01-02' });
  });
});

describe('isPracticalEmail', () => {
  const unit = fc.constantFrom(...'abcXYZ019.-_+@@..,;:<>()[]\\" \t\u00e9\u00a0\u4e2d\ud83d\ude00'.split(''));
  const emailish = fc.oneof(
    fc.string({ unit, maxLength: 24 }),
    fc.tuple(fc.string({ unit, minLength: 1, maxLength: 10 }), fc.string({ unit, minLength: 1, maxLength: 14 })).map(([a, b]) => `${a}@${b}`),
    fc.tuple(fc.stringMatching(/^[a-z0-9._+-]{1,10}$/), fc.stringMatching(/^[a-zA-Z0-9-]{0,6}(\.[a-zA-Z0-9-]{0,6}){0,3}$/)).map(([a, b]) => `${a}@${b}`),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.nat(300).map((n) => `${'a'.repeat(n)}@example.com`),
  );

  it('gives the pattern’s verdict for every ASCII text, and any verdict it gives on other text is the pattern’s', () => {
    let deferred = 0;
    fc.assert(
      fc.property(emailish, (text) => {
        const fast = asciiPracticalEmail(text);
        if (/^[^\u0080-\uffff]*$/.test(text)) expect(fast).toBe(isPracticalEmailByPattern(text));
        else if (fast === undefined) deferred++;
        else expect(fast).toBe(isPracticalEmailByPattern(text));
        expect(isPracticalEmail(text)).toBe(isPracticalEmailByPattern(text));
      }),
      { numRuns: 20000 },
    );
    expect(deferred).toBeGreaterThan(100);
  });
});

describe('interpolate', () => {
  const templates = fc.oneof(
    fc.constantFrom(...Object.values(CODES).flatMap((c) => [c.en, c.zhTW])),
    fc.string({ unit: fc.constantFrom(...'ab{}_1 $&'.split('')), maxLength: 30 }),
  );
  const params = fc.dictionary(fc.constantFrom('value', 'fix', 'a', 'b_1', 'constructor', 'first', 'tag', '1'), fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constantFrom('$&', '$1', '{x}')));

  it('gives the same text as replacing the placeholders with a pattern', () => {
    fc.assert(fc.property(templates, params, (template, values) => {
      expect(interpolate(template, values)).toBe(interpolateByPattern(template, values));
    }), { numRuns: 5000 });
  });
});

describe('snapshot timestamps', () => {
  it('leave canonical stamps as the pattern would, and read the rest by the pattern', async () => {
    const { normalizeTimestamp, normalizeTimestampByPattern } = await import('../../../core/snapshot/parse.ts');
    const d = (n: number) => fc.integer({ min: 0, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, '0'));
    const stamp = fc.tuple(d(4), fc.constantFrom('-', '/', '.'), d(2), d(2), fc.constantFrom(' ', 'T', ''), d(2), d(2), d(2), fc.constantFrom('', 'Z', '+08:00', '.5'))
      .map(([y, s, m, dd, t, h, mi, se, z]) => `${y}${s}${m}${s}${dd}${t}${t ? `${h}:${mi}:${se}` : ''}${z}`);
    fc.assert(fc.property(fc.oneof(stamp, fc.string({ maxLength: 22 }), fc.string({ unit: fc.constantFrom(...'0123456789-: /'), maxLength: 21 })), (text) => {
      expect(normalizeTimestamp(text)).toBe(normalizeTimestampByPattern(text));
    }), { numRuns: 20000 });
  });
});
