/**
 * Fuzzing the row checker and the simulator together (CheckSession): arbitrary headers (template
 * fields, aliases, custom and unknown columns, duplicates, `__proto__`…) and arbitrary rows of
 * arbitrary strings, under every channel and key, with or without a contact snapshot, field
 * definitions, a time zone and accepted fixes. Every row gets exactly one of the five outcomes,
 * a row with an error is `fail` or `skip` (R-U1), issues are registered codes with complete
 * messages, and nothing reaches Object.prototype. Runs: LISTPREP_FUZZ_RUNS (`npm run fuzz`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNELS, CONTACT_CHANNELS, KEY_NAMES, OUTCOMES, SEVERITIES, type Contact, type CustomFieldDefinition, type Issue } from '../../core/model.ts';
import { CheckSession } from '../../core/check/session.ts';
import { makeIssue } from '../../core/rules/issue.ts';
import { isIssueCode, SKIP_CODES } from '../../core/rules/codes.ts';
import { PRIMARY_KEY_FIELD, TEMPLATES } from '../../core/rules/templates.ts';
import { expectNoPollution, FUZZ_MODE, propertyRuns } from './support.ts';

const TIMEOUT = FUZZ_MODE ? 6 * 3_600_000 : 30_000;
const PROTO = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Values that reach the interesting branches of every check, and values that reach none. */
const value = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '', ' ', '0912345678', '+886912345678', '912345678', '8.86912E+11', '0912-345-678', '0912345678.0', '+85261234567', '+1 202 555 0100', '02 2345 6789',
      'a@b.co', 'A@GMIAL.COM', 'a..b@c.com', 'x@yahoo.com.tw', 'opted_in', 'Opted In', 'opted_out', 'not_subscribed', 'subscribed', 'unsubscribed', 'hard_bounce',
      'female', 'F', '男', 'หญิง', 'other', '1990-01-02', '1990/1/2', '79/01/02', '民國79年1月2日', '32874', '2999-01-01', '1990-02-30', '1990-01-02 03:04',
      '2024-01-02T03:04:05Z', '2024-01-02 03:04:05', 'VIP,新客', 'a，b、c', 'x'.repeat(51), 'null', 'NULL', '=1+1', '+cmd', '@x', '-', '-12', '\t=1', ' padded ',
      'U0123456789abcdef0123456789abcdef', 'U123', '1,234.5', '1e5', 'NaN', 'Infinity', '\u202Eevil', '😀', 'x'.repeat(300), 'y'.repeat(3000),
      ...PROTO,
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

const extraHeader = fc.constantFrom(
  'Phone', 'E-mail', 'status', 'tags', 'tag', 'name', 'display_name', 'WhatsApp mobile', 'external_member_id', 'created_at', '', ' ',
  'cl_custom_points', 'cl_custom_tier', 'cl_custom_when', 'cl_custom_at', 'cl_custom_gone', 'CL_CUSTOM_points', 'cl_custom_', ...PROTO, ...PROTO.map((p) => `cl_custom_${p}`),
);

const definitions = fc.option(
  fc.uniqueArray(
    fc.record({
      key: fc.constantFrom('points', 'tier', 'when', 'at', 'gone', ...PROTO),
      type: fc.constantFrom<CustomFieldDefinition['type']>('text', 'number', 'date', 'datetime'),
      status: fc.constantFrom<CustomFieldDefinition['status']>('active', 'archived'),
    }),
    { selector: (d) => d.key, maxLength: 6 },
  ),
  { nil: undefined },
);

const snapshot = fc.array(
  fc.record({
    channel: fc.constantFrom(...CONTACT_CHANNELS),
    fields: fc.dictionary(
      fc.constantFrom('line_uid', 'phone', 'mobile', 'WhatsApp_mobile', 'email', 'customer_id', 'name', 'display_name', 'messaging_status', 'gender', 'cl_custom_points', ...PROTO),
      value,
      { maxKeys: 6, noNullPrototype: false },
    ),
    tags: fc.array(fc.constantFrom('VIP', 'new', '__proto__'), { maxLength: 2 }),
    createdAt: fc.constantFrom('', '2024-01-01 00:00:00', '2025-06-01 12:00:00'),
    updatedAt: fc.constantFrom('', '2024-02-01 00:00:00'),
  }),
  { maxLength: 8 },
).map((specs): Contact[] => specs.map((s, i) => ({ id: i % 3 === 0 ? PROTO[i % PROTO.length] + i : `C${i}`, order: i, ...s })));

const scenario = fc.record({
  channel: fc.constantFrom(...CHANNELS),
  key: fc.constantFrom(...KEY_NAMES),
  region: fc.constantFrom('TW', 'TH', 'HK', 'US', 'JP'),
  timeZone: fc.constantFrom(undefined, 'Asia/Taipei', 'America/New_York'),
  definitions,
  snapshot,
  acceptAll: fc.boolean(),
  extras: fc.array(extraHeader, { maxLength: 4 }),
  order: fc.array(fc.nat(), { minLength: 16, maxLength: 16 }),
  keep: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
  rows: fc.array(fc.array(value, { maxLength: 16 }), { minLength: 1, maxLength: 12 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** A header: some of the template's fields (often all), extra columns, in a shuffled order. */
function headerOf(s: Scenario): string[] {
  const fields = TEMPLATES[s.channel].fields.map((f) => f.name).filter((_, i) => s.keep[i] || i % 2 === 0);
  const columns = [...fields, ...s.extras];
  return columns.map((c, i) => [c, s.order[i % s.order.length]] as const).sort((a, b) => a[1] - b[1]).map(([c]) => c);
}

function expectWellFormed(issue: Issue, row?: number): void {
  expect(isIssueCode(issue.code), issue.code).toBe(true);
  expect(SEVERITIES).toContain(issue.severity);
  expect(issue.message.length).toBeGreaterThan(10);
  // A placeholder left in the text, or a value that was never there, means a message lost its params.
  // (The user's own text may say anything: it is taken out first.)
  let own = issue.message;
  for (const text of [issue.value, issue.fix, issue.column, issue.field, ...Object.values(issue.params ?? {})]) {
    if (text !== undefined && String(text) !== '') own = own.split(String(text)).join('');
  }
  expect(own, `${issue.code}: ${issue.message}`).not.toMatch(/\{\w+\}|\bundefined\b|\bNaN\b|\[object Object\]/);
  if (row !== undefined) expect(issue.row).toBe(row);
}

describe('row checker + simulator (arbitrary rows under each channel and key)', () => {
  it('every row gets one of the five outcomes; an error makes it fail or skip; nothing throws', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const header = headerOf(s);
        const session = new CheckSession(header, {
          channel: s.channel, key: s.key, region: s.region, timeZone: s.timeZone, definitions: s.definitions, snapshot: s.snapshot,
          importedAt: '2025-01-01 09:00:00', today: '2025-01-01', accept: s.acceptAll ? () => true : undefined,
        });
        s.rows.forEach((cells, index) => {
          const row = index + 2;
          const structure = cells.length === header.length ? [] : [makeIssue('row.ragged', { row }, { cells: cells.length, columns: header.length })];
          const { checked, result } = session.process({ row, cells, issues: structure });
          expect(OUTCOMES).toContain(result.outcome);
          expect(result.row).toBe(row);
          const issues = [...checked.issues, ...result.issues];
          for (const issue of issues) expectWellFormed(issue, row);
          const errors = issues.filter((i) => i.severity === 'error');
          if (errors.length > 0) expect(['fail', 'skip'], errors.map((e) => e.code).join()).toContain(result.outcome);
          if (result.outcome === 'fail') expect(errors.length).toBeGreaterThan(0);
          if (result.outcome === 'skip') expect(issues.some((i) => SKIP_CODES.has(i.code) || i.code === 'key.column_missing' || i.severity === 'error')).toBe(true);
          if (result.outcome === 'fail' || result.outcome === 'skip') expect(result.changes).toEqual([]);
          if (result.outcome !== 'fail' && result.outcome !== 'skip') expect(typeof result.contactId).toBe('string');
          if (result.outcome === 'unchanged') expect(result.changes).toEqual([]);
        });
        expect(OUTCOMES.reduce((n, o) => n + session.counts[o], 0)).toBe(s.rows.length);
        for (const issue of session.fileIssues([])) expectWellFormed(issue);
        for (const contact of session.simulator.contacts()) {
          for (const [field, text] of Object.entries(contact.fields)) expect(typeof text, field).toBe('string');
          expect(Array.isArray(contact.tags)).toBe(true);
        }
        expectNoPollution();
      }),
      { numRuns: propertyRuns(400) },
    );
  });
});

/** Mostly valid values per field, drawn from small pools so rows and snapshot contacts match often. */
const POOLS: Record<string, readonly string[]> = {
  line_uid: ['U0123456789abcdef0123456789abcdef', 'Uaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'Ubbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'],
  phone: ['0912345678', '+886912345678', '0933111222', '0955 666 777'],
  mobile: ['0912345678', '+886933111222', ''],
  WhatsApp_mobile: ['+886912345678', '0933111222', '+886955666777'],
  email: ['a@x.com', 'A@X.COM', 'b@x.com', ''],
  customer_id: ['M1', 'M2', '__proto__', ''],
  name: ['Ann', 'constructor', ''],
  display_name: ['Bo', '__proto__', ''],
  gender: ['female', 'male', 'F', ''],
  birthday: ['1990-01-02', '1990/1/2', ''],
  tags: ['VIP', 'VIP,new', '__proto__', ''],
  tag: ['VIP', 'new,VIP', ''],
  note: ['hello', ''],
  consent_source: ['web', ''],
  consent_at: ['2024-01-02 03:04:05', ''],
  fb_id: ['f1', ''],
  ig_id: ['i1', ''],
};
const STATUS_POOL: Record<string, readonly string[]> = { email: ['subscribed', 'unsubscribed', 'hard_bounce', 'spam_report'], whatsapp: ['opted_in', 'opted_out', 'not_subscribed'], line: [''] };
const poolOf = (channel: string, field: string) => (field === 'messaging_status' ? STATUS_POOL[channel] : POOLS[field] ?? ['x']);

const matching = fc.record({
  channel: fc.constantFrom(...CHANNELS),
  key: fc.constantFrom(...KEY_NAMES),
  acceptAll: fc.boolean(),
  picks: fc.array(fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), { minLength: 1, maxLength: 10 }),
  contacts: fc.array(fc.record({ channel: fc.constantFrom(...CONTACT_CHANNELS), picks: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }) }), { maxLength: 6 }),
});

describe('row checker + simulator (rows that match the snapshot)', () => {
  it('updates change something and never a primary key; customer_id never creates; counts add up', { timeout: TIMEOUT }, () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(matching, (m) => {
        const fields = TEMPLATES[m.channel].fields.map((f) => f.name);
        const snapshot: Contact[] = m.contacts.map((c, i) => {
          const values: Record<string, string> = {};
          fields.forEach((f, j) => {
            const pool = poolOf(c.channel === 'sms' ? 'line' : c.channel, f);
            const v = pool[c.picks[j % 12] % pool.length];
            if (v !== '') values[f] = v;
          });
          return { id: `S${i}`, channel: c.channel, fields: values, tags: [], createdAt: `2024-01-0${1 + (i % 9)} 00:00:00`, updatedAt: '', order: i };
        });
        const session = new CheckSession(fields, {
          channel: m.channel, key: m.key, region: 'TW', snapshot, importedAt: '2025-01-01 09:00:00', today: '2025-01-01', accept: m.acceptAll ? () => true : undefined,
        });
        m.picks.forEach((picks, index) => {
          const cells = fields.map((f, j) => {
            const pool = poolOf(m.channel, f);
            return pool[picks[j] % pool.length];
          });
          const { result } = session.process({ row: index + 2, cells });
          seen.add(result.outcome);
          if (m.key === 'customer_id') expect(result.outcome).not.toBe('create');
          if (result.outcome === 'update') {
            expect(result.changes.length).toBeGreaterThan(0);
            const contact = session.simulator.contacts().find((c) => c.id === result.contactId)!;
            const primary = PRIMARY_KEY_FIELD[contact.channel];
            for (const change of result.changes) if (change.field === primary) expect(change.from).toBe('');
          }
        });
        expect(OUTCOMES.reduce((n, o) => n + session.counts[o], 0)).toBe(m.picks.length);
        expectNoPollution();
      }),
      { numRuns: propertyRuns(300) },
    );
    // The generator reaches every outcome (else the properties above would be vacuous).
    expect([...seen].sort()).toEqual([...OUTCOMES].sort());
  });
});
