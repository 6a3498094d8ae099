import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkEmail, editDistance, suggestDomain } from '../../../core/rules/values/email.ts';
import type { ValueCheck } from '../../../core/rules/values/types.ts';

const typo = (address: string, domain: string, suggestion: string, fix: string): ValueCheck => ({
  findings: [{ code: 'email.domain_typo', fix, params: { domain, suggestion } }],
  value: address,
});

describe('checkEmail (R-V3)', () => {
  it.each<[string, ValueCheck]>([
    ['meiling.chen@gmail.com', { findings: [], value: 'meiling.chen@gmail.com' }],
    ['a.b+tag@sub.example.com.tw', { findings: [], value: 'a.b+tag@sub.example.com.tw' }],
    ['ZhiMing.Lin@Example.COM', { findings: [{ code: 'email.case', fix: 'zhiming.lin@example.com' }], value: 'ZhiMing.Lin@Example.COM' }],
    ['meiling.chen@gmial.com', typo('meiling.chen@gmial.com', 'gmial.com', 'gmail.com', 'meiling.chen@gmail.com')],
    ['a@gmail.con', typo('a@gmail.con', 'gmail.con', 'gmail.com', 'a@gmail.com')],
    ['a@gmial.con', typo('a@gmial.con', 'gmial.con', 'gmail.com', 'a@gmail.com')],
    ['a@hotmial.com', typo('a@hotmial.com', 'hotmial.com', 'hotmail.com', 'a@hotmail.com')],
    ['a@outlok.com', typo('a@outlok.com', 'outlok.com', 'outlook.com', 'a@outlook.com')],
    ['a@icoud.com', typo('a@icoud.com', 'icoud.com', 'icloud.com', 'a@icloud.com')],
    ['a@yaho.com', typo('a@yaho.com', 'yaho.com', 'yahoo.com', 'a@yahoo.com')],
    ['a@yaho.com.tw', typo('a@yaho.com.tw', 'yaho.com.tw', 'yahoo.com.tw', 'a@yahoo.com.tw')],
    ['a@yahoo.com.t', typo('a@yahoo.com.t', 'yahoo.com.t', 'yahoo.com.tw', 'a@yahoo.com.tw')],
    ['a@yahoo.co.tw', typo('a@yahoo.co.tw', 'yahoo.co.tw', 'yahoo.com.tw', 'a@yahoo.com.tw')],
    ['a@yahooo.com.tw', typo('a@yahooo.com.tw', 'yahooo.com.tw', 'yahoo.com.tw', 'a@yahoo.com.tw')],
    ['a@gmail.com.tw', typo('a@gmail.com.tw', 'gmail.com.tw', 'gmail.com', 'a@gmail.com')],
    ['a@ms12.hient.net', typo('a@ms12.hient.net', 'ms12.hient.net', 'ms12.hinet.net', 'a@ms12.hinet.net')],
    ['a@company.con', typo('a@company.con', 'company.con', 'company.com', 'a@company.com')],
    ['yating@example', { findings: [{ code: 'email.invalid' }] }],
    ['yating.example.com', { findings: [{ code: 'email.invalid' }] }],
    ['a@b@example.com', { findings: [{ code: 'email.invalid' }] }],
    ['a b@example.com', { findings: [{ code: 'email.invalid' }] }],
    ['a@example..com', { findings: [{ code: 'email.invalid' }] }],
    ['a..b@example.com', { findings: [{ code: 'email.invalid' }] }],
    ['.a@example.com', { findings: [{ code: 'email.invalid' }] }],
    ['a@.example.com', { findings: [{ code: 'email.invalid' }] }],
    ['a@example.com.', { findings: [{ code: 'email.invalid' }] }],
    ['@example.com', { findings: [{ code: 'email.invalid' }] }],
    ['a,b@example.com', { findings: [{ code: 'email.invalid' }] }],
    [`${'a'.repeat(244)}@example.com`, { findings: [{ code: 'email.invalid' }] }],
  ])('%s', (raw, expected) => {
    expect(checkEmail(raw)).toEqual(expected);
  });

  it('accepts exactly 255 characters', () => {
    const address = `${'a'.repeat(243)}@example.com`;
    expect(address.length).toBe(255);
    expect(checkEmail(address)).toEqual({ findings: [], value: address });
  });

  it('reports case and typo together, each with its own fix', () => {
    expect(checkEmail('Mei@Gmial.com').findings).toEqual([
      { code: 'email.case', fix: 'mei@gmial.com' },
      { code: 'email.domain_typo', fix: 'Mei@gmail.com', params: { domain: 'Gmial.com', suggestion: 'gmail.com' } },
    ]);
  });
});

describe('suggestDomain keeps false positives low', () => {
  it.each([
    'example.com', 'gmail.com', 'yahoo.com', 'yahoo.com.tw', 'hotmail.com', 'outlook.com', 'icloud.com', 'hinet.net',
    'ms1.hinet.net', 'msa.hinet.net', 'ms45.hinet.net', 'mail.com', 'email.com', 'ymail.com', 'gmx.com', 'me.com', 'mac.com',
    'msn.com', 'live.com', 'yahoo.ca', 'yahoo.co.jp', 'yahoo.com.hk', 'hotmail.co.uk', 'hotmail.fr', 'outlook.jp',
    'pchome.com.tw', 'company.com.tw', 'qq.com', '163.com', 'cloud.com', 'hotmart.com', 'crescendolab.com', 'gov.tw', 'nccu.edu.tw',
  ])('%s is not flagged', (domain) => {
    expect(suggestDomain(domain)).toBeUndefined();
  });

  it('measures transpositions as one edit', () => {
    expect(editDistance('gmial.com', 'gmail.com')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'abcdef', 1)).toBe(2); // beyond the limit: limit + 1
  });
});

describe('suggestDomain on object-prototype names', () => {
  it.each(['foo.constructor', 'constructor', 'a.__proto__', 'x.tostring'])('%s gets no suggestion', (domain) => {
    expect(suggestDomain(domain)).toBeUndefined();
  });
});

describe('email.case', () => {
  it('proposes exactly the lower-cased address whenever lower-casing changes it (ASCII, accented and other capitals)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcXYZ09.é\u00c9\u0130\u1e9eK_'), minLength: 1, maxLength: 12 }), fc.constantFrom('example.com', 'Example.COM', 'exämple.com'), (local, domain) => {
        const text = `${local}@${domain}`;
        const check = checkEmail(text);
        if (check.findings.some((f) => f.code === 'email.invalid')) return;
        const proposed = check.findings.find((f) => f.code === 'email.case');
        expect(proposed?.fix).toBe(text.toLowerCase() === text ? undefined : text.toLowerCase());
      }),
      { numRuns: 500 },
    );
  });
});
