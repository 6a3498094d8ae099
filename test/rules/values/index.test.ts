import { describe, expect, it } from 'vitest';
import { checkValue, type ValueContext } from '../../../core/rules/values/index.ts';
import { CODES, type IssueCode } from '../../../core/rules/codes.ts';
import { makeIssue } from '../../../core/rules/issue.ts';
import { EDM_STATUSES, VALUE_KINDS, WHATSAPP_STATUSES, type ValueKind as Kind } from '../../../core/rules/templates.ts';
import type { ValueCheck, ValueFinding } from '../../../core/rules/values/types.ts';

const base: ValueContext = { region: 'TW', whatsapp: false, today: '2025-06-01', fieldName: 'field' };
type Case = [kind: Kind, raw: string, expected: ValueCheck, context?: Partial<ValueContext>];

const wa = { whatsapp: true, allowed: WHATSAPP_STATUSES };
const edm = { allowed: EDM_STATUSES };
const points = { fieldName: 'cl_custom_points', custom: { key: 'points', type: 'number', status: 'active' } } as const;
const lastLogin = { fieldName: 'cl_custom_last_login', custom: { key: 'last_login', type: 'datetime', status: 'active' } } as const;
const lastPurchase = { fieldName: 'cl_custom_last_purchase', custom: { key: 'last_purchase', type: 'date', status: 'active' } } as const;

/** The sample files' damage (test/fixtures) and every §4 code, each produced where it must and absent where it must not. */
const CASES: Case[] = [
  // R-V2 phones
  ['phone', '0912345678', { findings: [], value: '+886912345678' }, wa],
  ['phone', '+886912345678', { findings: [], value: '+886912345678' }, wa],
  ['phone', '0955 666 777', { findings: [{ code: 'phone.format', fix: '+886955666777' }], value: '+886955666777' }, wa],
  ['phone', '+85261234567', { findings: [{ code: 'phone.other_region', params: { country: 'HK', region: 'TW' } }] }, wa],
  ['phone', '8.86933E+11', { findings: [{ code: 'phone.scientific' }] }, wa],
  ['phone', '933111222', { findings: [{ code: 'phone.leading_zero_lost', fix: '+886933111222' }] }, wa],
  ['phone', '0912', { findings: [{ code: 'phone.invalid', params: { region: 'TW', example: '0912345678', exampleE164: '+886912345678' } }] }],
  ['phone', '02 2345 6789', { findings: [{ code: 'phone.format', fix: '+886223456789' }, { code: 'phone.not_mobile', params: { type: 'FIXED_LINE' } }], value: '+886223456789' }, wa],
  ['phone', '02 2345 6789', { findings: [{ code: 'phone.format', fix: '+886223456789' }], value: '+886223456789' }],
  // R-V3 emails
  ['email', 'meiling.chen@gmial.com', { findings: [{ code: 'email.domain_typo', fix: 'meiling.chen@gmail.com', params: { domain: 'gmial.com', suggestion: 'gmail.com' } }], value: 'meiling.chen@gmial.com' }],
  ['email', 'ZhiMing.Lin@Example.COM', { findings: [{ code: 'email.case', fix: 'zhiming.lin@example.com' }], value: 'ZhiMing.Lin@Example.COM' }],
  ['email', 'yating@example', { findings: [{ code: 'email.invalid' }] }],
  ['email', 'old.user@example.com', { findings: [], value: 'old.user@example.com' }],
  // R-V4, R-V5
  ['status', 'Opted In', { findings: [{ code: 'status.invalid', fix: 'opted_in', params: { allowed: 'opted_in, opted_out, not_subscribed' } }] }, wa],
  ['status', 'opted_out', { findings: [], value: 'opted_out' }, wa],
  ['status', 'hard_bounce', { findings: [], value: 'hard_bounce' }, edm],
  ['gender', '男', { findings: [{ code: 'gender.invalid', fix: 'male' }] }],
  ['gender', 'F', { findings: [{ code: 'gender.invalid', fix: 'female' }] }],
  ['gender', 'female', { findings: [], value: 'female' }],
  // R-V6, R-V7
  ['date', '1988/7/9', { findings: [{ code: 'date.invalid', fix: '1988-07-09' }] }],
  ['date', '1979-13-01', { findings: [{ code: 'date.invalid', fix: '1979-01-13' }] }],
  ['date', '78/05/20', { findings: [{ code: 'date.invalid', fix: '1989-05-20' }] }],
  ['date', '01/02/1990', { findings: [{ code: 'date.invalid' }] }],
  ['date', '1979-01-13', { findings: [], value: '1979-01-13' }],
  ['date', '2031-01-01', { findings: [{ code: 'date.implausible' }], value: '2031-01-01' }],
  ['datetime', '2025-03-01 10:00', { findings: [{ code: 'datetime.invalid', fix: '2025-03-01 10:00:00' }] }],
  ['datetime', '2025-03-02 11:30:00', { findings: [], value: '2025-03-02 11:30:00' }],
  ['datetime', '2025-03-02 11:30:00', { findings: [{ code: 'datetime.timezone', fix: '2025-03-02 03:30:00', params: { timeZone: 'Asia/Taipei' } }], value: '2025-03-02 11:30:00' }, { timeZone: 'Asia/Taipei' }],
  // R-V8
  ['tags', '新客，VIP', { findings: [{ code: 'tag.separator', fix: '新客,VIP', params: { tag: '新客，VIP' } }], value: ['新客，VIP'] }],
  ['tags', '會員,台北', { findings: [], value: ['會員', '台北'] }],
  ['tags', 'VIP,VIP', { findings: [{ code: 'tag.duplicate', params: { tag: 'VIP' } }], value: ['VIP'] }],
  ['tags', 'x'.repeat(51), { findings: [{ code: 'tag.too_long', params: { tag: 'x'.repeat(51), length: 51 } }] }],
  // R-V9, line_uid, note
  ['text', '陳美玲', { findings: [], value: '陳美玲' }, { maxLength: 255, fieldName: 'name' }],
  ['text', 'x'.repeat(256), { findings: [{ code: 'text.too_long', params: { length: 256, limit: 255, field: 'name' } }] }, { maxLength: 255, fieldName: 'name' }],
  ['line_uid', 'U7c9e1a2b3c4d5e6f708192a3b4c5d6e7', { findings: [], value: 'U7c9e1a2b3c4d5e6f708192a3b4c5d6e7' }],
  ['line_uid', 'U123', { findings: [{ code: 'line_uid.invalid' }] }],
  ['note', 'n'.repeat(301), { findings: [{ code: 'text.long', params: { length: 301 } }], value: 'n'.repeat(301) }, { fieldName: 'note' }],
  // R-V10
  ['custom', '1,200', { findings: [{ code: 'custom.number.invalid', fix: '1200', params: { key: 'points' } }] }, points],
  ['custom', 'null', { findings: [], value: null }, points],
  ['custom', '2025/3/1', { findings: [{ code: 'custom.date.invalid', fix: '2025-03-01', params: { key: 'last_purchase' } }] }, lastPurchase],
  ['custom', 'yesterday', { findings: [{ code: 'custom.datetime.invalid', params: { key: 'last_login' } }] }, lastLogin],
  ['custom', 'x'.repeat(256), { findings: [{ code: 'custom.text.too_long', params: { key: 'tier', length: 256 } }] }, { fieldName: 'cl_custom_tier' }],
  // R-V1, R-V11, null in a standard field
  ['text', '  Mei  ', { findings: [{ code: 'cell.whitespace', fix: 'Mei' }], value: 'Mei' }],
  ['text', '=HYPERLINK("x")', { findings: [{ code: 'cell.formula_like', params: { first: '=' } }], value: '=HYPERLINK("x")' }],
  ['text', 'NULL', { findings: [{ code: 'cell.null_literal' }], value: 'NULL' }],
  ['phone', ' 0955 666 777 ', { findings: [{ code: 'cell.whitespace', fix: '0955 666 777' }, { code: 'phone.format', fix: '+886955666777' }], value: '+886955666777' }],
];

describe('checkValue', () => {
  it.each(CASES)('%s %j', (kind, raw, expected, context) => {
    expect(checkValue(kind, raw, { ...base, ...context })).toEqual(expected);
  });

  it.each<Kind>(VALUE_KINDS)(
    'leaves blank %s cells to the row checker',
    (kind) => {
      for (const raw of ['', '   ', '\u3000\u00a0', '\t']) expect(checkValue(kind, raw, base)).toEqual({ findings: [], value: undefined });
    },
  );

  it('checks custom columns as Text when no definition is loaded', () => {
    expect(checkValue('custom', '1,200', { ...base, fieldName: 'cl_custom_points' })).toEqual({ findings: [], value: '1,200' });
  });

  const VALUE_CODES = (Object.keys(CODES) as IssueCode[]).filter(
    (code) => (CODES[code].rule.startsWith('R-V') || code === 'line_uid.invalid' || code === 'text.long')
      // the row checker's (blank required fields) and the file's (offline MX note)
      && code !== 'required.missing' && code !== 'email.offline_check',
  );

  it('produces every §4 code somewhere in the table', () => {
    const produced = new Set(CASES.flatMap(([, , expected]) => expected.findings.map((f) => f.code)));
    expect([...produced].sort()).toEqual([...VALUE_CODES].sort());
  });

  it('gives every message template the params it needs', () => {
    const findings: [ValueFinding, string][] = CASES.flatMap(([, raw, expected]) => expected.findings.map((f): [ValueFinding, string] => [f, raw]));
    for (const [finding, raw] of findings) {
      for (const lang of ['en', 'zh-TW'] as const) {
        const issue = makeIssue(finding.code, { row: 2, column: 'c', field: 'f', value: raw, fix: finding.fix }, finding.params, undefined, lang);
        expect(issue.message, `${finding.code} (${lang})`).not.toMatch(/\{\w+\}/);
      }
    }
  });
});
