/** R-H8: a column whose header names nothing is suggested as the field most of its values fit (phones, e-mails, dates, statuses). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeHeaders } from '../../core/rules/headers.ts';
import { guessFieldsFromValues, guessKind, withValueGuesses } from '../../core/rules/value-guess.ts';
import type { Channel, KeyName } from '../../core/model.ts';
import { runCli } from '../helpers/cli-run.ts';
import { tempDir } from '../helpers/service.ts';

const context = (channel: Channel) => ({ channel, region: 'TW', today: '2026-01-01' });
const KEYS: Record<Channel, KeyName> = { line: 'line_uid', email: 'email', whatsapp: 'phone' };

function guess(header: string[], rows: string[][], channel: Channel) {
  const analysis = analyzeHeaders(header, { channel, key: KEYS[channel] });
  const guesses = guessFieldsFromValues(analysis, rows, context(channel));
  return withValueGuesses(analysis.issues, guesses, channel).filter((i) => i.code.startsWith('header.')).map((i) => [i.code, i.column, i.fix, i.severity, i.params?.guessed]);
}

describe('guessing a field from its values (R-H8)', () => {
  it('names the one kind at least 80 % of the non-blank values fit', () => {
    expect(guessKind(['0912345678', '0922333444', '', '0933 444 555', 'n/a', '0955666777'], context('line'))).toBe('phone');
    expect(guessKind(['a@example.com', 'b@example.org', 'c@example.net'], context('line'))).toBe('email');
    expect(guessKind(['1990-01-02', '1985/12/31', '2001-07-08'], context('email'))).toBe('date');
    expect(guessKind(['subscribed', 'unsubscribed', 'subscribed'], context('email'))).toBe('status');
    // LINE has no status field: status values there suggest nothing.
    expect(guessKind(['subscribed', 'unsubscribed', 'subscribed'], context('line'))).toBeUndefined();
    // 3 of 5 phones (60 %) is not enough; 4 of 5 (80 %) is.
    expect(guessKind(['0912345678', '0922333444', '0933444555', 'x', 'y'], context('line'))).toBeUndefined();
    expect(guessKind(['0912345678', '0922333444', '0933444555', '0955666777', 'y'], context('line'))).toBe('phone');
    // Too few values to tell, and bare numbers (ids, amounts) are not read as spreadsheet dates.
    expect(guessKind(['0912345678', '0922333444', '', ''], context('line'))).toBeUndefined();
    expect(guessKind(['43210', '43211', '43999'], context('email'))).toBeUndefined();
  });

  it('turns header.unknown into header.alias with the fix, standing in for a required field it provides', () => {
    const rows = [['王小明', '0912345678', 'a@example.com', 'opted_in'], ['李大華', '0922333444', 'b@example.com', 'opted_out'], ['陳美', '0933444555', 'c@example.com', 'opted_in']];
    expect(guess(['客戶', '聯絡方式', '通訊', '訂閱'], rows, 'whatsapp')).toEqual([
      ['header.unknown', '客戶', undefined, 'warning', undefined],
      ['header.alias', '聯絡方式', 'WhatsApp_mobile', 'error', 'values'],
      ['header.alias', '通訊', 'email', 'warning', 'values'],
      ['header.alias', '訂閱', 'messaging_status', 'error', 'values'],
    ]);
  });

  it('suggests only a field no column has or is suggested for, first column first', () => {
    const rows = [['0912345678', '0987654321', 'x'], ['0922333444', '0911222333', 'y'], ['0933444555', '0911222444', 'z']];
    // LINE has one phone field: the first phone column gets it, the second nothing.
    expect(guess(['A', 'B', 'C'], rows, 'line').map((r) => [r[0], r[1], r[2]])).toEqual([
      ['header.alias', 'A', 'phone'], ['header.unknown', 'B', undefined], ['header.unknown', 'C', undefined],
    ]);
    // An alias (手機 → phone) comes first; then the values of A suggest nothing.
    expect(guess(['A', '手機'], rows.map((r) => [r[0], r[1]]), 'line').map((r) => [r[0], r[1], r[2]])).toEqual([
      ['header.unknown', 'A', undefined], ['header.alias', '手機', 'phone'],
    ]);
  });

  it('is reported by the check, and a column the user mapped is never guessed', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'guess.csv');
    fs.writeFileSync(file, 'line_uid,聯絡,客戶\nU1234567890abcdef1234567890abcdef,0912345678,王\nU2234567890abcdef1234567890abcdef,0922333444,李\nU3234567890abcdef1234567890abcdef,0933444555,陳\n');
    const run = await runCli({}, 'check', file, '--channel', 'line', '--json');
    const issues = (JSON.parse(run.stdout) as { fileIssues: { code: string; column?: string; fix?: string; params?: Record<string, unknown> }[] }).fileIssues;
    expect(issues.filter((i) => i.code.startsWith('header.')).map((i) => [i.code, i.column, i.fix, i.params?.guessed])).toEqual([
      ['header.alias', '聯絡', 'phone', 'values'], ['header.unknown', '客戶', undefined, undefined],
    ]);
    const mapped = await runCli({}, 'check', file, '--channel', 'line', '--map', '聯絡=-', '--json');
    const after = (JSON.parse(mapped.stdout) as { fileIssues: { code: string }[] }).fileIssues;
    expect(after.filter((i) => i.code === 'header.alias')).toEqual([]);
  });
});
