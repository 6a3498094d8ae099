import { describe, expect, it } from 'vitest';
import { checkTags, codePointLength } from '../../../core/rules/values/tags.ts';
import { checkLineUid, checkNote, checkText } from '../../../core/rules/values/text.ts';
import type { ValueCheck } from '../../../core/rules/values/types.ts';

describe('checkTags (R-V8)', () => {
  it.each<[string, ValueCheck]>([
    ['會員,台北', { findings: [], value: ['會員', '台北'] }],
    ['VIP', { findings: [], value: ['VIP'] }],
    [' a , ,b,', { findings: [], value: ['a', 'b'] }],
    ['a,b,a, b,a', { findings: [{ code: 'tag.duplicate', params: { tag: 'a' } }, { code: 'tag.duplicate', params: { tag: 'b' } }], value: ['a', 'b'] }],
    ['新客，VIP', { findings: [{ code: 'tag.separator', fix: '新客,VIP', params: { tag: '新客，VIP' } }], value: ['新客，VIP'] }],
    ['a,新客、VIP，a', { findings: [{ code: 'tag.separator', fix: 'a,新客,VIP', params: { tag: '新客、VIP，a' } }], value: ['a', '新客、VIP，a'] }],
    ['x'.repeat(50), { findings: [], value: ['x'.repeat(50)] }],
    ['中'.repeat(50), { findings: [], value: ['中'.repeat(50)] }],
    ['ok,' + 'x'.repeat(51), { findings: [{ code: 'tag.too_long', params: { tag: 'x'.repeat(51), length: 51 } }] }],
    ['中'.repeat(51), { findings: [{ code: 'tag.too_long', params: { tag: '中'.repeat(51), length: 51 } }] }],
  ])('%s', (raw, expected) => {
    expect(checkTags(raw)).toEqual(expected);
  });

  it('counts code points, not UTF-16 units or bytes', () => {
    expect(codePointLength('😀😀')).toBe(2);
    expect(codePointLength('中文')).toBe(2);
    expect(checkTags('😀'.repeat(50)).findings).toEqual([]);
  });
});

describe('checkText, checkNote, checkLineUid (R-V9, §3)', () => {
  it('limits text in code points', () => {
    expect(checkText('陳美玲', { maxLength: 3, field: 'name' })).toEqual({ findings: [], value: '陳美玲' });
    expect(checkText('陳美玲a', { maxLength: 3, field: 'name' })).toEqual({
      findings: [{ code: 'text.too_long', params: { length: 4, limit: 3, field: 'name' } }],
    });
    expect(checkText('x'.repeat(5000), { field: 'fb_id' })).toEqual({ findings: [], value: 'x'.repeat(5000) });
  });

  it('warns notes past 300 characters and fails them past 2048', () => {
    expect(checkNote('n'.repeat(300))).toEqual({ findings: [], value: 'n'.repeat(300) });
    expect(checkNote('n'.repeat(301))).toEqual({ findings: [{ code: 'text.long', params: { length: 301 } }], value: 'n'.repeat(301) });
    expect(checkNote('n'.repeat(2048)).findings).toEqual([{ code: 'text.long', params: { length: 2048 } }]);
    expect(checkNote('n'.repeat(2049))).toEqual({ findings: [{ code: 'text.too_long', params: { length: 2049, limit: 2048, field: 'note' } }] });
  });

  it.each<[string, ValueCheck]>([
    ['U7c9e1a2b3c4d5e6f708192a3b4c5d6e7', { findings: [], value: 'U7c9e1a2b3c4d5e6f708192a3b4c5d6e7' }],
    ['U7C9E1A2B3C4D5E6F708192A3B4C5D6E7', { findings: [{ code: 'line_uid.invalid', fix: 'U7c9e1a2b3c4d5e6f708192a3b4c5d6e7' }] }],
    ['u7c9e1a2b3c4d5e6f708192a3b4c5d6e7', { findings: [{ code: 'line_uid.invalid', fix: 'U7c9e1a2b3c4d5e6f708192a3b4c5d6e7' }] }],
    ['U7c9e1a2b3c4d5e6f708192a3b4c5d6e', { findings: [{ code: 'line_uid.invalid' }] }],
    ['U7c9e1a2b3c4d5e6f708192a3b4c5d6g7', { findings: [{ code: 'line_uid.invalid' }] }],
    ['7c9e1a2b3c4d5e6f708192a3b4c5d6e7', { findings: [{ code: 'line_uid.invalid' }] }],
  ])('line_uid %s', (raw, expected) => {
    expect(checkLineUid(raw)).toEqual(expected);
  });
});
