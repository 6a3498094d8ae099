import { describe, expect, it } from 'vitest';
import { checkCustom } from '../../../core/rules/values/custom.ts';
import type { CustomFieldType } from '../../../core/model.ts';
import type { ValueCheck } from '../../../core/rules/values/types.ts';

const custom = (type: CustomFieldType, raw: string, timeZone?: string) => checkCustom(raw, { key: 'k', type, timeZone });

describe('checkCustom (R-V10)', () => {
  it.each<[CustomFieldType, string, ValueCheck]>([
    ['text', 'Gold', { findings: [], value: 'Gold' }],
    ['text', '金'.repeat(255), { findings: [], value: '金'.repeat(255) }],
    ['text', '金'.repeat(256), { findings: [{ code: 'custom.text.too_long', params: { key: 'k', length: 256 } }] }],
    ['number', '42', { findings: [], value: '42' }],
    ['number', '-3.25', { findings: [], value: '-3.25' }],
    ['number', '+7', { findings: [], value: '+7' }],
    ['number', '1,234,567.5', { findings: [{ code: 'custom.number.invalid', params: { key: 'k' }, fix: '1234567.5' }] }],
    ['number', '-1,000', { findings: [{ code: 'custom.number.invalid', params: { key: 'k' }, fix: '-1000' }] }],
    ['number', '１２３', { findings: [{ code: 'custom.number.invalid', params: { key: 'k' }, fix: '123' }] }],
    ['number', '12,34', { findings: [{ code: 'custom.number.invalid', params: { key: 'k' } }] }],
    ['number', '1e5', { findings: [{ code: 'custom.number.invalid', params: { key: 'k' } }] }],
    ['number', 'NT$100', { findings: [{ code: 'custom.number.invalid', params: { key: 'k' } }] }],
    ['date', '2025-03-01', { findings: [], value: '2025-03-01' }],
    ['date', '2030-01-01', { findings: [], value: '2030-01-01' }], // not a birthday: never implausible
    ['date', '114/03/01', { findings: [{ code: 'custom.date.invalid', params: { key: 'k' }, fix: '2025-03-01' }] }],
    ['date', '01/02/2025', { findings: [{ code: 'custom.date.invalid', params: { key: 'k' } }] }],
    ['datetime', '2025-03-01 10:00:00', { findings: [], value: '2025-03-01 10:00:00' }],
    ['datetime', '2025-03-01T10:00:00Z', { findings: [{ code: 'custom.datetime.invalid', params: { key: 'k' }, fix: '2025-03-01 10:00:00' }] }],
    ['datetime', 'soon', { findings: [{ code: 'custom.datetime.invalid', params: { key: 'k' } }] }],
  ])('%s %s', (type, raw, expected) => {
    expect(custom(type, raw)).toEqual(expected);
  });

  it.each<CustomFieldType>(['text', 'number', 'date', 'datetime'])('the literal null clears a %s field', (type) => {
    expect(custom(type, 'null')).toEqual({ findings: [], value: null });
    expect(custom(type, 'NULL')).toEqual({ findings: [], value: null });
  });

  it('applies the file time zone to DateTime fields', () => {
    expect(custom('datetime', '2025-03-01 10:00:00', 'Asia/Taipei')).toEqual({
      findings: [{ code: 'datetime.timezone', fix: '2025-03-01 02:00:00', params: { key: 'k', timeZone: 'Asia/Taipei' } }],
      value: '2025-03-01 10:00:00',
    });
  });
});
