/**
 * Fuzzing unification (RULES.md §6) with arbitrary contacts: identity values from small colliding
 * pools mixed with arbitrary strings (padding, case, `__proto__`, unicode, phone look-alikes),
 * any channel, any subset of unify keys, several regions. unify() never throws; every contact is
 * in exactly one profile; no profile holds two customer IDs (R-P3); a split component's profiles
 * lie inside it; the result does not depend on the contacts' order (R-P5); the
 * conflict list (R-P6) is built for every split. Runs: LISTPREP_FUZZ_RUNS (`npm run fuzz`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTACT_CHANNELS, type Contact } from '../../core/model.ts';
import { DEFAULT_UNIFY_KEYS, unify, conflictListRows, type UnifyKey } from '../../core/unify/index.ts';
import { CONFLICT_LIST_HEADER } from '../../core/unify/conflict-list.ts';
import { textIdentity } from '../../core/rules/identity.ts';
import { expectNoPollution, FUZZ_MODE, propertyRuns } from './support.ts';

const TIMEOUT = FUZZ_MODE ? 6 * 3_600_000 : 30_000;
const PROTO = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

const arbitraryText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 10 }), fc.string({ unit: 'binary', maxLength: 10 }));
const from = (pool: readonly string[]) => fc.oneof({ weight: 6, arbitrary: fc.constantFrom('', ...pool) }, { weight: 1, arbitrary: arbitraryText });

const contactSpec = fc.record({
  channel: fc.constantFrom(...CONTACT_CHANNELS),
  fields: fc.record(
    {
      phone: from(['0912345678', '+886912345678', ' 0912-345-678 ', '912345678', '+85261234567', '0800']),
      mobile: from(['0912345678', '+886933111222', '0933111222']),
      WhatsApp_mobile: from(['+886933111222', '+886912345678', 'not a phone']),
      email: from(['a@x.com', 'A@X.COM ', 'b@x.com', '__proto__@x.com']),
      customer_id: from(['M1', ' M1', 'M2', 'm1', ...PROTO]),
      line_uid: from(['U1', 'U2', ...PROTO]),
      fb_id: from(['f1', 'f2', 'constructor']),
      ig_id: from(['i1', '__proto__']),
      external_member_id: from(['X1', '=cmd']),
      name: from(['Ann', '__proto__']),
    },
    { requiredKeys: [] },
  ),
  tags: fc.array(fc.constantFrom('VIP', '__proto__', 'constructor'), { maxLength: 3 }),
  createdAt: fc.constantFrom('', '2024-01-01 00:00:00', '2025-01-01 00:00:00'),
  updatedAt: fc.constantFrom('', '2024-06-01 00:00:00'),
  id: fc.constantFrom('', ...PROTO),
});

const contactsArb = fc.array(contactSpec, { maxLength: 30 }).map((specs): Contact[] =>
  specs.map((s, i) => {
    const fields: Record<string, string> = Object.create(null);
    for (const [name, value] of Object.entries(s.fields)) if (value !== undefined && value !== '') fields[name] = value;
    return { id: `${s.id}${i}`, channel: s.channel, fields, tags: s.tags, createdAt: s.createdAt, updatedAt: s.updatedAt, order: i };
  }),
);

const options = fc.record({
  keys: fc.subarray(DEFAULT_UNIFY_KEYS as UnifyKey[]),
  region: fc.constantFrom('TW', 'HK', 'US'),
});

/** Profiles as a set of sorted member lists, for comparing partitions. */
const partition = (profiles: readonly { contactIds: string[] }[]) => profiles.map((p) => [...p.contactIds].sort().join('|')).sort();

describe('unify (arbitrary contacts)', () => {
  it('never throws; one profile per contact; never two customer IDs in a profile; splits stay inside their component; order-independent', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(contactsArb, options, (contacts, opts) => {
        const result = unify(contacts, opts);
        const ids = contacts.map((c) => c.id);

        const members = result.profiles.flatMap((p) => p.contactIds);
        expect([...members].sort()).toEqual([...ids].sort());
        for (const id of ids) expect(result.profiles.find((p) => p.contactIds.includes(id))!.id).toBe(result.profileOf.get(id));

        const byId = new Map(contacts.map((c) => [c.id, c]));
        for (const profile of result.profiles) {
          const customerIds = new Set(profile.contactIds.map((id) => textIdentity(byId.get(id)!.fields.customer_id)).filter((v) => v !== undefined));
          expect(customerIds.size, `profile ${profile.id}: ${[...customerIds].join(', ')}`).toBeLessThanOrEqual(1);
          for (const [field, value] of Object.entries(profile.values)) expect(typeof value, field).toBe('string');
        }

        // No keys link nothing. A split component's profiles lie inside it (R-P3 only cuts links).
        if (opts.keys.length === 0) expect(result.profiles.length).toBe(contacts.length);
        for (const conflict of result.conflicts) {
          expect(conflict.customerIds.length).toBeGreaterThanOrEqual(2);
          expect(conflict.unifiedContactIds.length).toBeGreaterThanOrEqual(2);
          for (const profileId of conflict.unifiedContactIds) {
            const profile = result.profiles.find((p) => p.id === profileId)!;
            expect(profile.conflict).toBe(true);
            for (const id of profile.contactIds) expect(conflict.contactIds).toContain(id);
          }
        }
        expect(result.issues.filter((i) => i.code === 'identity.conflict')).toHaveLength(result.conflicts.reduce((n, c) => n + c.contactIds.length, 0));

        const reversed = unify([...contacts].reverse(), opts);
        expect(partition(reversed.profiles)).toEqual(partition(result.profiles));
        expect(reversed.profiles.map((p) => p.id).sort()).toEqual(result.profiles.map((p) => p.id).sort());

        const rows = conflictListRows(result, contacts);
        expect(rows[0]).toEqual([...CONFLICT_LIST_HEADER]);
        for (const row of rows) expect(row).toHaveLength(CONFLICT_LIST_HEADER.length);
        expect(rows.length - 1).toBe(result.conflicts.reduce((n, c) => n + c.contactIds.length, 0));
        expectNoPollution();
      }),
      { numRuns: propertyRuns(400) },
    );
  });
});
