import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkValue, type ValueContext } from '../../../core/rules/values/index.ts';
import { checkCellText } from '../../../core/rules/values/cell.ts';
import { checkCustom } from '../../../core/rules/values/custom.ts';
import { checkDate, checkDateTime } from '../../../core/rules/values/date.ts';
import { checkEmail } from '../../../core/rules/values/email.ts';
import { checkPhone } from '../../../core/rules/values/phone.ts';
import { checkStatus } from '../../../core/rules/values/status.ts';
import { CODES } from '../../../core/rules/codes.ts';
import { VALUE_KINDS, WHATSAPP_STATUSES, type ValueKind as Kind } from '../../../core/rules/templates.ts';
import type { ValueCheck } from '../../../core/rules/values/types.ts';


const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 40 }));
const pick = (chars: string) => fc.constantFrom(...[...chars]);
const digits = (minLength: number, maxLength: number) => fc.string({ unit: pick('0123456789'), minLength, maxLength });
const around = (text: fc.Arbitrary<string>) => fc.tuple(fc.constantFrom('', ' ', '\u3000', '\t'), text, fc.constantFrom('', ' ', '\u00a0')).map(([a, t, b]) => a + t + b);

/** Inputs shaped like each kind's values, so fixes are actually proposed. */
const SHAPED: Record<Kind, fc.Arbitrary<string>> = {
  phone: fc.oneof(
    fc.tuple(fc.constantFrom('09', '9', '+8869', '8869', '02', '2', '+852', '00886', '0800', '+1'), digits(0, 10), fc.constantFrom('', '.0', ' ')).map((p) => p.join('')),
    fc.tuple(digits(4, 4), pick(' -.'), digits(3, 3), pick(' -.'), digits(3, 3)).map((p) => p.join('')),
    fc.tuple(digits(1, 2), fc.constantFrom('.', ','), digits(1, 6), fc.constantFrom('E+', 'e'), digits(1, 2)).map((p) => p.join('')),
  ),
  email: fc.tuple(
    fc.string({ unit: pick('abcXYZ.+_-1'), minLength: 1, maxLength: 8 }),
    fc.constantFrom('gmial.com', 'gmail.con', 'Gmail.com', 'yahoo.com.t', 'yaho.com.tw', 'hotmial.com', 'outlok.com', 'example.com', 'foo.con', 'ms1.hient.net', 'example', 'gmail.com.tw', 'icloud.con', 'a..b', 'hotmart.cmo'),
  ).map(([local, domain]) => `${local}@${domain}`),
  status: fc.tuple(fc.constantFrom('opted', 'OPTED', 'Opted', 'not', 'NOT'), pick(' _-'), fc.constantFrom('in', 'IN', 'out', 'subscribed', 'Subscribed')).map((p) => p.join('')),
  gender: fc.constantFrom('F', 'M', 'Female', 'MALE', '女', '男', '女性', '男性', '先生', '小姐', 'หญิง', 'ชาย', '其他', 'other', '未知', 'U', 'x', 'Q'),
  date: fc.oneof(
    fc.tuple(fc.integer({ min: 1850, max: 2150 }), pick('-/.'), fc.integer({ min: 0, max: 35 }), fc.integer({ min: 0, max: 35 })).map(([y, s, m, d]) => `${y}${s}${m}${s}${d}`),
    fc.tuple(fc.integer({ min: 1, max: 130 }), pick('/.-'), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 32 })).map(([y, s, m, d]) => `${y}${s}${m}${s}${d}`),
    fc.tuple(fc.integer({ min: 0, max: 32 }), pick('/.-'), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 1850, max: 2150 })).map(([a, s, b, y]) => `${a}${s}${b}${s}${y}`),
    fc.tuple(fc.integer({ min: 1, max: 130 }), fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 32 })).map(([y, m, d]) => `民國${y}年${m}月${d}日`),
    fc.integer({ min: 9000, max: 80000 }).map(String),
    digits(7, 8),
  ),
  datetime: fc.tuple(
    fc.integer({ min: 1990, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }),
    fc.constantFrom(' ', 'T'), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 60 }),
    fc.constantFrom('', ':00', ':59', ':00.5'), fc.constantFrom('', 'Z', '+08:00', '-0530', ' PM', ' AM'),
  ).map(([y, mo, d, sep, h, mi, s, z]) => `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}${sep}${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}${s}${z}`),
  tags: fc.array(fc.oneof(fc.constantFrom('VIP', '新客', '會員', ' ', 'a'.repeat(49)), fc.string({ maxLength: 30 })), { maxLength: 5 })
    .chain((tags) => fc.array(pick(',，、'), { minLength: tags.length, maxLength: tags.length }).map((seps) => tags.map((t, i) => t + seps[i]).join(''))),
  text: anyText,
  note: anyText,
  line_uid: fc.tuple(pick('Uu'), fc.string({ unit: pick('0123456789abcdefABCDEF'), minLength: 31, maxLength: 33 })).map(([u, h]) => u + h),
  custom: fc.oneof(fc.tuple(fc.constantFrom('', '-', '+'), digits(1, 10), fc.constantFrom('', '.5')).map(([s, d, f]) => s + d.replace(/(\d)(?=(\d{3})+$)/g, '$1,') + f), fc.constantFrom('null', 'NULL', '１２', '1,2')),
};

const CUSTOM_TYPES = ['text', 'number', 'date', 'datetime'] as const;
const contextArb = fc.record({
  region: fc.constantFrom('TW', 'HK', 'US'),
  whatsapp: fc.boolean(),
  timeZone: fc.constantFrom(undefined, 'Asia/Taipei', 'America/New_York', 'UTC'),
  customType: fc.constantFrom(...CUSTOM_TYPES),
  maxLength: fc.constantFrom(undefined, 5, 255),
});
const toContext = (c: { region: string; whatsapp: boolean; timeZone?: string; customType: (typeof CUSTOM_TYPES)[number]; maxLength?: number }): ValueContext => ({
  region: c.region, whatsapp: c.whatsapp, today: '2025-06-01', timeZone: c.timeZone, maxLength: c.maxLength,
  fieldName: 'cl_custom_k', custom: { key: 'k', type: c.customType, status: 'active' }, allowed: WHATSAPP_STATUSES,
});

const errors = (check: ValueCheck) => new Set(check.findings.filter((f) => (f.severity ?? CODES[f.code].severity) === 'error').map((f) => f.code));

describe('value validator properties', () => {
  it('no validator throws on arbitrary strings', () => {
    fc.assert(
      fc.property(anyText, contextArb, anyText, (raw, c, option) => {
        const context = toContext(c);
        for (const kind of VALUE_KINDS) checkValue(kind, raw, context);
        checkCellText(raw, { standardField: true, region: option });
        checkPhone(raw, { region: option, whatsapp: true });
        checkEmail(raw);
        checkStatus(raw, [option]);
        checkDate(raw, { today: option });
        checkDateTime(raw, { timeZone: option });
        for (const type of CUSTOM_TYPES) checkCustom(raw, { key: option, type, timeZone: option });
      }),
      { numRuns: 1000 },
    );
  });

  it.each(VALUE_KINDS)('every %s fix is accepted by the same validator (fixes are idempotent)', (kind) => {
    let fixes = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 4, arbitrary: around(SHAPED[kind]) }, { weight: 1, arbitrary: anyText }), contextArb, (raw, c) => {
        const context = toContext(c);
        const check = checkValue(kind, raw, context);
        const before = errors(check);
        for (const finding of check.findings) {
          if (finding.fix === undefined) continue;
          fixes++;
          const again = checkValue(kind, finding.fix, context);
          // The fix resolves its own finding (a time-zone conversion is proposed for any local time, converted or not)…
          if (finding.code !== 'datetime.timezone') expect(again.findings.map((f) => f.code), `${finding.code} → ${finding.fix}`).not.toContain(finding.code);
          // …and brings no error the cell did not already have; fixing the only error leaves none.
          for (const code of errors(again)) expect(before.has(code) && code !== finding.code, `${finding.code} → ${finding.fix}: ${code}`).toBe(true);
        }
      }),
      { numRuns: 600 },
    );
    expect(fixes).toBeGreaterThan(kind === 'text' || kind === 'note' ? 0 : 50);
  });
});
