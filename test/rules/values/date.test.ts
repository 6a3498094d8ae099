import { describe, expect, it } from 'vitest';
import { checkDate, checkDateTime, readDate, zonedToUtc } from '../../../core/rules/values/date.ts';
import type { ValueCheck } from '../../../core/rules/values/types.ts';

const TODAY = '2025-06-01';
const fixed = (fix: string): ValueCheck => ({ findings: [{ code: 'date.invalid', fix }] });
const invalid: ValueCheck = { findings: [{ code: 'date.invalid' }] };

describe('checkDate (R-V6)', () => {
  it.each<[string, ValueCheck]>([
    ['1990-01-02', { findings: [], value: '1990-01-02' }],
    ['2024-02-29', { findings: [], value: '2024-02-29' }],
    ['1990/1/2', fixed('1990-01-02')],
    ['1990.1.2', fixed('1990-01-02')],
    ['1990-1-2', fixed('1990-01-02')],
    ['1988/7/9', fixed('1988-07-09')],
    ['19900102', fixed('1990-01-02')],
    ['79/01/02', fixed('1990-01-02')],
    ['079/01/02', fixed('1990-01-02')],
    ['79.01.02', fixed('1990-01-02')],
    ['78/05/20', fixed('1989-05-20')],
    ['民國79年1月2日', fixed('1990-01-02')],
    ['79年1月2日', fixed('1990-01-02')],
    ['1990年1月2日', fixed('1990-01-02')],
    ['0790102', fixed('1990-01-02')],
    ['32874', fixed('1990-01-01')],
    ['32874.0', fixed('1990-01-01')],
    ['1979-13-01', fixed('1979-01-13')],
    ['1979/31/12', fixed('1979-12-31')],
    ['13/02/1990', fixed('1990-02-13')],
    ['02/13/1990', fixed('1990-02-13')],
    ['05/05/1990', fixed('1990-05-05')],
    ['2 Jan 1990', fixed('1990-01-02')],
    ['Jan 2, 1990', fixed('1990-01-02')],
    ['1990-01-02 00:00:00', fixed('1990-01-02')],
    ['１９９０－０１－０２', fixed('1990-01-02')],
    // ambiguous or impossible: no fix
    ['01/02/1990', invalid],
    ['12/11/1990', invalid],
    ['25/12/09', invalid],
    ['79-01-02', invalid],
    ['1990-02-30', invalid],
    ['2023-02-29', invalid],
    ['1990-13-13', invalid],
    ['1990', invalid],
    ['790102', invalid],
    ['99999', invalid],
    ['1990-01-02 10:00', invalid],
    ['not a date', invalid],
  ])('%s', (raw, expected) => {
    expect(checkDate(raw, { today: TODAY })).toEqual(expected);
  });

  it('warns birthdays in the future or before 1900', () => {
    expect(checkDate('2025-06-02', { today: TODAY })).toEqual({ findings: [{ code: 'date.implausible' }], value: '2025-06-02' });
    expect(checkDate('1899-12-31', { today: TODAY })).toEqual({ findings: [{ code: 'date.implausible' }], value: '1899-12-31' });
    expect(checkDate('2025-06-01', { today: TODAY })).toEqual({ findings: [], value: '2025-06-01' });
    expect(checkDate('1900-01-01', { today: TODAY })).toEqual({ findings: [], value: '1900-01-01' });
    expect(checkDate('2030-01-01')).toEqual({ findings: [], value: '2030-01-01' }); // no `today`: not a birthday
  });

  it('reads dates one way for every caller', () => {
    expect(readDate(' 1990/1/2 ')).toEqual({ kind: 'fix', value: '1990-01-02' });
    expect(readDate('1990-01-02')).toEqual({ kind: 'exact', value: '1990-01-02' });
    expect(readDate('01/02/1990')).toEqual({ kind: 'invalid' });
  });
});

const dtFixed = (fix: string): ValueCheck => ({ findings: [{ code: 'datetime.invalid', fix }] });

describe('checkDateTime (R-V7)', () => {
  it.each<[string, ValueCheck]>([
    ['2025-03-01 10:00:00', { findings: [], value: '2025-03-01 10:00:00' }],
    ['2025-03-01 10:00', dtFixed('2025-03-01 10:00:00')],
    ['2025-03-01T10:00:00', dtFixed('2025-03-01 10:00:00')],
    ['2025-03-01T10:00:00.123', dtFixed('2025-03-01 10:00:00')],
    ['2025-03-01T10:00:00Z', dtFixed('2025-03-01 10:00:00')],
    ['2025-03-01T10:00:00+08:00', dtFixed('2025-03-01 02:00:00')],
    ['2025-03-01T01:00:00+0800', dtFixed('2025-02-28 17:00:00')],
    ['2025-03-01 10:00:00 -05:30', dtFixed('2025-03-01 15:30:00')],
    ['2025/3/1 10:00', dtFixed('2025-03-01 10:00:00')],
    ['2025/3/1 下午 2:05:09', dtFixed('2025-03-01 14:05:09')],
    ['2025-03-01 12:30 AM', dtFixed('2025-03-01 00:30:00')],
    ['2025-03-01 12:30 PM', dtFixed('2025-03-01 12:30:00')],
    ['45717.5', dtFixed('2025-03-01 12:00:00')],
    ['2025-03-01 24:00:00', { findings: [{ code: 'datetime.invalid' }] }],
    ['2025-03-01 13:00 PM', { findings: [{ code: 'datetime.invalid' }] }],
    ['2025-02-30 10:00:00', { findings: [{ code: 'datetime.invalid' }] }],
    ['2025-03-01', { findings: [{ code: 'datetime.invalid' }] }],
    ['01/02/2025 10:00', { findings: [{ code: 'datetime.invalid' }] }],
    ['2025-03-01T10:00:00+15:00', { findings: [{ code: 'datetime.invalid' }] }],
  ])('%s', (raw, expected) => {
    expect(checkDateTime(raw)).toEqual(expected);
  });

  it('converts to UTC when the file time zone is stated', () => {
    expect(checkDateTime('2025-03-01 10:00:00', { timeZone: 'Asia/Taipei' })).toEqual({
      findings: [{ code: 'datetime.timezone', fix: '2025-03-01 02:00:00', params: { timeZone: 'Asia/Taipei' } }],
      value: '2025-03-01 10:00:00',
    });
    expect(checkDateTime('2025-03-01 10:00', { timeZone: 'Asia/Taipei' }).findings).toEqual([
      { code: 'datetime.invalid', fix: '2025-03-01 10:00:00' },
      { code: 'datetime.timezone', fix: '2025-03-01 02:00:00', params: { timeZone: 'Asia/Taipei' } },
    ]);
    // An explicit offset wins over the file's zone; a zero offset changes nothing; unknown zones are ignored.
    expect(checkDateTime('2025-03-01T10:00:00Z', { timeZone: 'Asia/Taipei' }).findings).toEqual([{ code: 'datetime.invalid', fix: '2025-03-01 10:00:00' }]);
    expect(checkDateTime('2025-03-01 10:00:00', { timeZone: 'UTC' })).toEqual({ findings: [], value: '2025-03-01 10:00:00' });
    expect(checkDateTime('2025-03-01 10:00:00', { timeZone: 'Mars/Olympus' })).toEqual({ findings: [], value: '2025-03-01 10:00:00' });
  });

  it('is DST-correct', () => {
    expect(zonedToUtc('2025-07-01 12:00:00', 'America/New_York')).toBe('2025-07-01 16:00:00');
    expect(zonedToUtc('2025-01-01 12:00:00', 'America/New_York')).toBe('2025-01-01 17:00:00');
    expect(zonedToUtc('2025-03-09 02:30:00', 'America/New_York')).toBe('2025-03-09 07:30:00'); // skipped hour: read before the change
    expect(zonedToUtc('2025-11-02 01:30:00', 'America/New_York')).toBe('2025-11-02 05:30:00'); // repeated hour: the earlier
    expect(zonedToUtc('2025-03-30 01:30:00', 'Europe/London')).toBe('2025-03-30 01:30:00');
    expect(zonedToUtc('2025-03-30 03:30:00', 'Europe/London')).toBe('2025-03-30 02:30:00');
    expect(zonedToUtc('2025-01-01 00:30:00', 'Asia/Taipei')).toBe('2024-12-31 16:30:00');
    expect(zonedToUtc('2025-01-01 00:30:00', 'No/Such_Zone')).toBeUndefined();
  });
});
