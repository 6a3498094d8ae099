import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { checkPhone, fastReadPhone, libraryReadPhone, readPhone } from '../../../core/rules/values/phone.ts';
import { normalizePhone } from '../../../core/rules/normalize.ts';
import type { ValueCheck } from '../../../core/rules/values/types.ts';

/** phone.invalid's params for region TW: the region and a mobile of it as the message's example. */
const TW_INVALID = { region: 'TW', example: '0912345678', exampleE164: '+886912345678' };

const tw = (raw: string, whatsapp = false): ValueCheck => checkPhone(raw, { region: 'TW', whatsapp });

describe('checkPhone (R-V2)', () => {
  it('restores a lost 0 only where that makes a mobile, and names the one other region whose mobile it is', () => {
    // 6781 1373 is a Hong Kong mobile; with a 0 it would be the Tainan landline 06-781-1373.
    const hint = { region: 'TW', otherCountry: 'HK', otherE164: '+85267811373' };
    expect(tw('67811373').findings).toEqual([{ code: 'phone.invalid', params: hint }]);
    expect(tw('6781 1373').findings).toEqual([{ code: 'phone.invalid', params: hint }]);
    // A landline that lost its 0 and is nobody else's mobile: invalid, with the region's example.
    expect(tw('223456789').findings).toEqual([{ code: 'phone.invalid', params: TW_INVALID }]);
    // Mobiles of other regions still get their 0 back.
    expect(checkPhone('812345678', { region: 'TH', whatsapp: false }).findings).toEqual([{ code: 'phone.leading_zero_lost', fix: '+66812345678' }]);
  });

  it('gives examples of the chosen region', () => {
    expect(checkPhone('12', { region: 'HK', whatsapp: false }).findings).toEqual([{ code: 'phone.invalid', params: { region: 'HK', example: '51234567', exampleE164: '+85251234567' } }]);
  });

  it.each<[string, ValueCheck]>([
    // accepted forms: E.164 and the region's national form
    ['0912345678', { findings: [], value: '+886912345678' }],
    ['+886912345678', { findings: [], value: '+886912345678' }],
    ['0223456789', { findings: [], value: '+886223456789' }],
    // separators, a trailing .0, full-width digits, the country code without + → phone.format
    ['0955 666 777', { findings: [{ code: 'phone.format', fix: '+886955666777' }], value: '+886955666777' }],
    ['0955-666-777', { findings: [{ code: 'phone.format', fix: '+886955666777' }], value: '+886955666777' }],
    ['(02) 2345.6789', { findings: [{ code: 'phone.format', fix: '+886223456789' }], value: '+886223456789' }],
    ['+886 912 345 678', { findings: [{ code: 'phone.format', fix: '+886912345678' }], value: '+886912345678' }],
    ['0912345678.0', { findings: [{ code: 'phone.format', fix: '+886912345678' }], value: '+886912345678' }],
    ['０９１２３４５６７８', { findings: [{ code: 'phone.format', fix: '+886912345678' }], value: '+886912345678' }],
    ['886912345678', { findings: [{ code: 'phone.format', fix: '+886912345678' }], value: '+886912345678' }],
    ['00886912345678', { findings: [{ code: 'phone.format', fix: '+886912345678' }], value: '+886912345678' }],
    ['+8860912345678', { findings: [{ code: 'phone.format', fix: '+886912345678' }], value: '+886912345678' }],
    // spreadsheet damage
    ['933111222', { findings: [{ code: 'phone.leading_zero_lost', fix: '+886933111222' }] }],
    ['912345678', { findings: [{ code: 'phone.leading_zero_lost', fix: '+886912345678' }] }],
    ['912345678.0', { findings: [{ code: 'phone.leading_zero_lost', fix: '+886912345678' }] }],
    // R-V2: only a mobile gets its lost 0 back; a Taipei landline without it stays invalid.
    ['223456789', { findings: [{ code: 'phone.invalid', params: TW_INVALID }] }],
    ['8.86933E+11', { findings: [{ code: 'phone.scientific' }] }],
    ['8.86912e11', { findings: [{ code: 'phone.scientific' }] }],
    // other countries
    ['+85261234567', { findings: [{ code: 'phone.other_region', params: { country: 'HK', region: 'TW' } }] }],
    ['+1 202 555 0143', { findings: [{ code: 'phone.other_region', params: { country: 'US', region: 'TW' } }] }],
    // invalid: too short, letters, extensions, a foreign code without + (decision), text around it
    ['0912345', { findings: [{ code: 'phone.invalid', params: TW_INVALID }] }],
    ['0912abc678', { findings: [{ code: 'phone.invalid', params: TW_INVALID }] }],
    ['0912-345-678 ext 5', { findings: [{ code: 'phone.invalid', params: TW_INVALID }] }],
    ['Tel: 0912345678', { findings: [{ code: 'phone.invalid', params: TW_INVALID }] }],
    ['85261234567', { findings: [{ code: 'phone.invalid', params: TW_INVALID }] }],
    ['+886', { findings: [{ code: 'phone.invalid', params: TW_INVALID }] }],
    ['null', { findings: [{ code: 'phone.invalid', params: TW_INVALID }] }],
  ])('%s in TW', (raw, expected) => {
    expect(tw(raw)).toEqual(expected);
  });

  it('warns a WhatsApp number that is not a mobile, with its type', () => {
    expect(tw('0223456789', true)).toEqual({ findings: [{ code: 'phone.not_mobile', params: { type: 'FIXED_LINE' } }], value: '+886223456789' });
    expect(tw('0800 123 456', true).findings).toEqual([
      { code: 'phone.format', fix: '+886800123456' },
      { code: 'phone.not_mobile', params: { type: 'TOLL_FREE' } },
    ]);
    expect(tw('0912345678', true)).toEqual({ findings: [], value: '+886912345678' });
    expect(tw('0223456789', false).findings).toEqual([]);
  });

  it('counts FIXED_LINE_OR_MOBILE as mobile and compares calling codes across shared codes', () => {
    const us = checkPhone('2015550123', { region: 'US', whatsapp: true });
    expect(us).toEqual({ findings: [], value: '+12015550123' });
    // A Canadian number in a US import has the same country code (+1), which MAAC's import takes.
    expect(checkPhone('+1 416 555 0123', { region: 'US', whatsapp: false })).toEqual({ findings: [{ code: 'phone.format', fix: '+14165550123' }], value: '+14165550123' });
  });

  it('generalizes the lost trunk 0 to other regions, never to regions without one', () => {
    expect(checkPhone('7400123456', { region: 'GB', whatsapp: false }).findings).toEqual([{ code: 'phone.leading_zero_lost', fix: '+447400123456' }]);
    expect(checkPhone('812345678', { region: 'th', whatsapp: false }).findings).toEqual([{ code: 'phone.leading_zero_lost', fix: '+66812345678' }]);
    expect(checkPhone('61234567', { region: 'HK', whatsapp: false })).toEqual({ findings: [], value: '+85261234567' });
  });

  it('treats an unknown region as having no national numbers', () => {
    expect(checkPhone('0912345678', { region: 'XX', whatsapp: false }).findings).toEqual([{ code: 'phone.invalid', params: { region: 'XX' } }]);
    expect(checkPhone('+886912345678', { region: 'XX', whatsapp: false }).findings[0].code).toBe('phone.other_region');
  });
});

describe('normalizePhone shares the reading', () => {
  it.each<[string, string, string | undefined]>([
    ['0912345678', 'TW', '+886912345678'],
    [' 0955 666 777 ', 'TW', '+886955666777'],
    ['+85261234567', 'TW', '+85261234567'],
    ['933111222', 'TW', '+886933111222'],
    ['886933111222', 'TW', '+886933111222'],
    ['8.86933E+11', 'TW', undefined],
    ['Tel: 0912345678', 'TW', undefined],
    ['', 'TW', undefined],
    ['abc', 'TW', undefined],
  ])('%s (%s) → %s', (raw, region, expected) => {
    expect(normalizePhone(raw, region)).toBe(expected);
  });

  it('agrees with the value check wherever the check accepts the number', () => {
    fc.assert(
      fc.property(twShapes, (text) => {
        const check = tw(text);
        if (check.value !== undefined) expect(normalizePhone(text, 'TW')).toBe(check.value);
      }),
      { numRuns: 500 },
    );
  });
});

const digits = (maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength });
/** Inputs around the fast path's shapes: its own shapes, near misses in length and prefix, separators. */
const twShapes = fc.oneof(
  fc.tuple(fc.constantFrom('09', '9', '+8869', '8869', '+886', '886', '08', '0', '+88609', '00886', '099', '+88699', '99', '88699', '90', '+8869'), digits(11)).map(([p, d]) => p + d),
  fc.tuple(fc.constantFrom('09', '+8869', '9', '099', '+88699', '99', '88699'), digits(8)).map(([p, d]) => p + d),
  fc.tuple(fc.constantFrom('09', '+8869'), digits(8), fc.constantFrom('', ' ', '-', '.0', 'x')).map(([p, d, s]) => p + d.slice(0, 3) + s + d.slice(3)),
);

describe('phone fast path', () => {
  it('takes the dominant shapes', () => {
    expect(fastReadPhone('0912345678', 'TW')).toEqual({ kind: 'accepted', e164: '+886912345678', country: 'TW', type: 'MOBILE' });
    expect(fastReadPhone('+886912345678', 'TW')?.kind).toBe('accepted');
    expect(fastReadPhone('912345678', 'TW')?.kind).toBe('leading_zero_lost');
    expect(fastReadPhone('886912345678', 'TW')?.kind).toBe('reformat');
    expect(fastReadPhone('0912-345-678', 'TW')).toEqual({ kind: 'reformat', e164: '+886912345678', country: 'TW', type: 'MOBILE' });
    expect(fastReadPhone('+886 912 345 678', 'TW')?.kind).toBe('reformat');
    expect(fastReadPhone('912345678.0', 'TW')?.kind).toBe('leading_zero_lost');
    // 099… is a personal number (PERSONAL_NUMBER), in the same shapes as mobiles
    expect(fastReadPhone('0991234567', 'TW')).toEqual({ kind: 'accepted', e164: '+886991234567', country: 'TW', type: 'PERSONAL_NUMBER' });
    // A personal number (`099…`) is no mobile: without its 0 it is not repaired, and no other region's mobile.
    expect(fastReadPhone('991234567', 'TW')).toEqual({ kind: 'invalid' });
    expect(fastReadPhone('99 123 4567', 'TW')).toEqual({ kind: 'invalid' });
    expect(libraryReadPhone('991234567', 'TW')).toEqual({ kind: 'invalid' });
    expect(fastReadPhone('0912345678', 'HK')).toBeUndefined();
  });

  it('gives exactly the library verdict, type and E.164 form', () => {
    let taken = 0;
    fc.assert(
      fc.property(twShapes, (text) => {
        const fast = fastReadPhone(text, 'TW');
        if (fast === undefined) return;
        taken++;
        expect(fast).toEqual(libraryReadPhone(text, 'TW'));
        if (fast.kind === 'invalid') return;
        const parsed = parsePhoneNumberFromString(text, 'TW');
        expect(parsed?.isValid()).toBe(true);
        expect(parsed?.getType()).toBe(fast.type);
        expect(parsed?.number).toBe(fast.e164);
      }),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(100);
  });

  it('cached and fast readings equal the library reading', () => {
    fc.assert(
      fc.property(twShapes, fc.constantFrom('TW', 'tw', 'HK', 'US'), (text, region) => {
        expect(readPhone(text, region)).toEqual(libraryReadPhone(text, region.toUpperCase()));
        expect(readPhone(text, region)).toEqual(libraryReadPhone(text, region.toUpperCase())); // second time from the cache
      }),
      { numRuns: 1000 },
    );
  });
});
