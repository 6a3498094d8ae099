import { describe, expect, it } from 'vitest';
import { CODES, ALL_CODES, type CodeDefinition } from '../../core/rules/codes.ts';
import { formatIssueMessage, interpolate, issueMessage } from '../../core/rules/messages.ts';

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('issue messages in English and Traditional Chinese', () => {
  it('every code has both languages with the same placeholders', () => {
    for (const code of ALL_CODES) {
      const { en, zhTW } = CODES[code];
      expect(en.length, code).toBeGreaterThan(30);
      expect(zhTW.length, code).toBeGreaterThan(10);
      expect(placeholders(zhTW), code).toEqual(placeholders(en));
      for (const variant of (CODES[code] as CodeDefinition).variants ?? []) {
        expect(placeholders(variant.zhTW), `${code} when ${variant.when}`).toEqual(placeholders(variant.en));
        expect(placeholders(variant.en), `${code} when ${variant.when}`).toContain(variant.when);
      }
    }
  });

  it('words phone.invalid with the region\'s own example, or the other region a number belongs to', () => {
    expect(formatIssueMessage('phone.invalid', { value: '12', region: 'HK', example: '51234567', exampleE164: '+85251234567' }, 'en'))
      .toBe('"12" is not a valid phone number for region HK, so MAAC rejects the row. Correct the number (e.g. 51234567 or +85251234567) or clear the cell.');
    expect(formatIssueMessage('phone.invalid', { value: '6781 1373', region: 'TW', otherCountry: 'HK', otherE164: '+85267811373' }, 'zh-TW'))
      .toContain('它是有效的 HK 手機號碼（+85267811373）');
    // A case stored before examples were given keeps a sentence without placeholders.
    expect(formatIssueMessage('phone.invalid', { value: '12', region: 'TW' }, 'en')).not.toMatch(/[{}]/);
  });

  it('prefixes the location, so every row message says where', () => {
    expect(formatIssueMessage('phone.scientific', { value: '8.8E+11' }, 'en', { row: 5, column: 'mobile' })).toMatch(/^Row 5, column "mobile": "8\.8E\+11" was turned/);
    expect(formatIssueMessage('phone.scientific', { value: '8.8E+11' }, 'zh-TW', { row: 5, column: 'mobile' })).toMatch(/^第 5 列「mobile」欄：「8\.8E\+11」被試算表轉成科學記號/);
  });

  it('translates the fixed phrases params carry, and leaves values alone', () => {
    const zh = formatIssueMessage('file.delimiter', { delimiter: 'tabs' }, 'zh-TW');
    expect(zh).toContain('Tab 字元');
    expect(zh).not.toContain('tabs');
    expect(formatIssueMessage('file.encoding', { encoding: 'Big5 (Traditional Chinese)' }, 'zh-TW')).toContain('Big5（繁體中文）');
    expect(formatIssueMessage('file.empty', { detail: 'has only a header row' }, 'en')).toBe('The file has only a header row, so there is nothing to import. Check that you picked the right file, or add contacts below the header row.');
  });

  it('re-renders a stored issue from its code, location and params', () => {
    const issue = { code: 'tag.too_long', row: 9, column: 'tag', value: 'x', params: { tag: 'x'.repeat(51), length: 51 } };
    expect(issueMessage(issue, 'zh-TW')).toMatch(/^第 9 列「tag」欄：標籤「x+」有 51 個字元/);
  });

  it('keeps unknown placeholders visible instead of dropping them', () => {
    expect(interpolate('a {b} {c}', { b: 1 })).toBe('a 1 {c}');
    expect(interpolate('{__proto__}', {})).toBe('{__proto__}');
  });
});
