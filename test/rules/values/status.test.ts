import { describe, expect, it } from 'vitest';
import { checkStatus } from '../../../core/rules/values/status.ts';
import { checkGender } from '../../../core/rules/values/gender.ts';
import { EDM_STATUSES, WHATSAPP_STATUSES } from '../../../core/rules/templates.ts';
import type { ValueCheck } from '../../../core/rules/values/types.ts';

const EDM = 'subscribed, unsubscribed, hard_bounce, spam_report';
const WA = 'opted_in, opted_out, not_subscribed';

describe('checkStatus (R-V4)', () => {
  it.each<[string, readonly string[], ValueCheck]>([
    ['opted_in', WHATSAPP_STATUSES, { findings: [], value: 'opted_in' }],
    ['hard_bounce', EDM_STATUSES, { findings: [], value: 'hard_bounce' }],
    ['Opted In', WHATSAPP_STATUSES, { findings: [{ code: 'status.invalid', params: { allowed: WA }, fix: 'opted_in' }] }],
    ['OPTED-OUT', WHATSAPP_STATUSES, { findings: [{ code: 'status.invalid', params: { allowed: WA }, fix: 'opted_out' }] }],
    ['NotSubscribed', WHATSAPP_STATUSES, { findings: [{ code: 'status.invalid', params: { allowed: WA }, fix: 'not_subscribed' }] }],
    ['SUBSCRIBED', EDM_STATUSES, { findings: [{ code: 'status.invalid', params: { allowed: EDM }, fix: 'subscribed' }] }],
    ['hard-bounce', EDM_STATUSES, { findings: [{ code: 'status.invalid', params: { allowed: EDM }, fix: 'hard_bounce' }] }],
    ['Spam Report', EDM_STATUSES, { findings: [{ code: 'status.invalid', params: { allowed: EDM }, fix: 'spam_report' }] }],
    // another channel's status or a word with no unambiguous match: no fix
    ['subscribed', WHATSAPP_STATUSES, { findings: [{ code: 'status.invalid', params: { allowed: WA } }] }],
    ['yes', EDM_STATUSES, { findings: [{ code: 'status.invalid', params: { allowed: EDM } }] }],
    ['-', EDM_STATUSES, { findings: [{ code: 'status.invalid', params: { allowed: EDM } }] }],
  ])('%s', (raw, allowed, expected) => {
    expect(checkStatus(raw, allowed)).toEqual(expected);
  });

  it('gives no fix when two statuses match the same loose form', () => {
    expect(checkStatus('A B', ['a_b', 'a-b'])).toEqual({ findings: [{ code: 'status.invalid', params: { allowed: 'a_b, a-b' } }] });
  });
});

describe('checkGender (R-V5)', () => {
  it.each<[string, ValueCheck]>([
    ['female', { findings: [], value: 'female' }],
    ['male', { findings: [], value: 'male' }],
    ['unknown', { findings: [], value: 'unknown' }],
    ...(
      [
        ['F', 'female'], ['Female', 'female'], ['FEMALE', 'female'], ['女', 'female'], ['女性', 'female'], ['小姐', 'female'], ['หญิง', 'female'],
        ['M', 'male'], ['MALE', 'male'], ['Male', 'male'], ['男', 'male'], ['男性', 'male'], ['先生', 'male'], ['ชาย', 'male'],
        ['其他', 'unknown'], ['other', 'unknown'], ['未知', 'unknown'], ['U', 'unknown'], ['Ｆ', 'female'],
      ] as const
    ).map(([raw, fix]): [string, ValueCheck] => [raw, { findings: [{ code: 'gender.invalid', fix }] }]),
    ['xyz', { findings: [{ code: 'gender.invalid' }] }],
    ['1', { findings: [{ code: 'gender.invalid' }] }],
  ])('%s', (raw, expected) => {
    expect(checkGender(raw)).toEqual(expected);
  });
});
