/**
 * Properties of unification (R-P2, R-P3), checked against a direct, quadratic reading of the rule
 * text on small random contact sets whose identities collide often.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTACT_CHANNELS, type Contact } from '../../core/model.ts';
import { normalizePhone } from '../../core/rules/normalize.ts';
import { DEFAULT_UNIFY_KEYS, unify, type UnifyKey, type UnifyResult } from '../../core/unify/unify.ts';

const REGION = 'TW';
const maybe = (values: string[]) => fc.constantFrom('', '', ...values);

const contactFields = fc.record({
  phone: maybe(['0912345678', '+886912345678', '0933111222', '0955 666 777']),
  mobile: maybe(['0912345678', '+886933111222']),
  WhatsApp_mobile: maybe(['+886955666777', '+886912345678']),
  email: maybe(['a@x.com', 'A@X.COM', 'b@x.com', 'c@x.com']),
  customer_id: maybe(['M1', 'M2', 'M3']),
  fb_id: maybe(['f1', ' f1', 'f2']),
  line_uid: maybe(['U1', 'U2']),
  name: maybe(['Ann', 'Bo']),
});

const contactSpec = fc.record({
  channel: fc.constantFrom(...CONTACT_CHANNELS),
  fields: contactFields,
  tags: fc.subarray(['t1', 't2', 't3']),
  createdAt: fc.constantFrom('', '2024-01-01 00:00:00', '2025-01-01 00:00:00'),
  updatedAt: fc.constantFrom('', '2024-06-01 00:00:00', '2025-06-01 00:00:00'),
});

type Spec = typeof contactSpec extends fc.Arbitrary<infer T> ? T : never;

function toContacts(specs: Spec[], prefix = 'c'): Contact[] {
  return specs.map((s, i) => {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.fields)) if (v !== '') fields[k] = v;
    return { id: `${prefix}${i}`, channel: s.channel, fields, tags: s.tags, createdAt: s.createdAt, updatedAt: s.updatedAt, order: i };
  });
}

const keysArb = fc.subarray([...DEFAULT_UNIFY_KEYS], { minLength: 0 });
const contactsArb = fc.array(contactSpec, { minLength: 0, maxLength: 14 }).map((s) => toContacts(s));

/** The identity values of a contact, read straight from R-P1. */
function identityValues(c: Contact, keys: readonly UnifyKey[]): string[] {
  const out: string[] = [];
  const on = new Set(keys);
  if (on.has('phone') || on.has('WhatsApp_mobile')) {
    for (const f of ['phone', 'mobile', 'WhatsApp_mobile']) {
      const v = c.fields[f] === undefined ? undefined : normalizePhone(c.fields[f], REGION);
      if (v) out.push(`phone=${v}`);
    }
  }
  if (on.has('email') && c.fields.email?.trim()) out.push(`email=${c.fields.email.trim().toLowerCase()}`);
  for (const k of ['customer_id', 'line_uid', 'fb_id', 'ig_id'] as const) if (on.has(k) && c.fields[k]?.trim()) out.push(`${k}=${c.fields[k].trim()}`);
  return out;
}

function components(n: number, edges: [number, number][]): number[] {
  const comp = Array.from({ length: n }, (_, i) => i);
  let changed = true;
  while (changed) {
    changed = false;
    for (const [a, b] of edges) {
      const m = Math.min(comp[a], comp[b]);
      if (comp[a] !== m || comp[b] !== m) {
        comp[a] = comp[b] = m;
        changed = true;
      }
    }
  }
  return comp;
}

/** R-P3 as written: explicit links, cut, components. Returns the partition (sorted groups of sorted ids). */
function referencePartition(contacts: Contact[], keys: readonly UnifyKey[]): string[][] {
  const n = contacts.length;
  const values = contacts.map((c) => new Set(identityValues(c, keys)));
  const cid = contacts.map((c) => c.fields.customer_id?.trim() || undefined);
  const links: [number, number][] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if ([...values[a]].some((v) => values[b].has(v))) links.push([a, b]);
  const kept = links.filter(([a, b]) => cid[a] === undefined || cid[b] === undefined || cid[a] === cid[b]);
  const group = components(n, kept.filter(([a, b]) => cid[a] === undefined && cid[b] === undefined));
  const touched = new Map<number, Set<string>>();
  for (const [a, b] of kept) {
    const [free, bound] = cid[a] === undefined && cid[b] !== undefined ? [a, b] : cid[b] === undefined && cid[a] !== undefined ? [b, a] : [-1, -1];
    if (free === -1) continue;
    if (!touched.has(group[free])) touched.set(group[free], new Set());
    touched.get(group[free])!.add(cid[bound]!);
  }
  const final = kept.filter(([a, b]) => {
    const free = cid[a] === undefined && cid[b] !== undefined ? a : cid[b] === undefined && cid[a] !== undefined ? b : -1;
    return free === -1 || (touched.get(group[free])?.size ?? 0) < 2;
  });
  const comp = components(n, final);
  const groups = new Map<number, string[]>();
  comp.forEach((r, i) => groups.set(r, [...(groups.get(r) ?? []), contacts[i].id]));
  return normalizePartition([...groups.values()]);
}

function normalizePartition(groups: string[][]): string[][] {
  return groups.map((g) => g.slice().sort()).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const partitionOf = (r: UnifyResult) => normalizePartition(r.profiles.map((p) => p.contactIds));
const run = (contacts: readonly Contact[], keys: readonly UnifyKey[]) => unify(contacts, { keys, region: REGION });

describe('unification properties', () => {
  it('matches the rule text read literally (links, cuts, components)', () => {
    fc.assert(
      fc.property(contactsArb, keysArb, (contacts, keys) => {
        expect(partitionOf(run(contacts, keys))).toEqual(referencePartition(contacts, keys));
      }),
      { numRuns: 400 },
    );
  });

  it('shuffling the contacts never changes the result', () => {
    fc.assert(
      fc.property(
        contactsArb.chain((c) => fc.tuple(fc.constant(c), fc.shuffledSubarray(c, { minLength: c.length, maxLength: c.length }))),
        keysArb,
        ([contacts, shuffled], keys) => {
          const a = run(contacts, keys);
          const b = run(shuffled, keys);
          expect(b.profiles).toEqual(a.profiles);
          expect(b.conflicts).toEqual(a.conflicts);
          expect(new Map([...b.profileOf].sort())).toEqual(new Map([...a.profileOf].sort()));
          expect(b.issues).toEqual(a.issues);
          expect(b.linkedByOf).toEqual(a.linkedByOf);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('no profile ever holds two customer IDs', () => {
    fc.assert(
      fc.property(contactsArb, keysArb, (contacts, keys) => {
        const byId = new Map(contacts.map((c) => [c.id, c]));
        for (const profile of run(contacts, keys).profiles) {
          const ids = new Set(profile.contactIds.map((id) => byId.get(id)!.fields.customer_id?.trim()).filter(Boolean));
          expect(ids.size).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('with no customer IDs, profiles are exactly the connected components and nothing conflicts', () => {
    fc.assert(
      fc.property(contactsArb, keysArb, (contacts, keys) => {
        const stripped = contacts.map((c) => {
          const { customer_id: _drop, ...fields } = c.fields;
          return { ...c, fields };
        });
        const result = run(stripped, keys);
        expect(result.conflicts).toEqual([]);
        expect(result.issues).toEqual([]);
        expect(result.profiles.every((p) => !p.conflict)).toBe(true);
        expect(partitionOf(result)).toEqual(referencePartition(stripped, keys));
      }),
      { numRuns: 200 },
    );
  });

  /**
   * What holds when a contact is added: a profile that had no conflict is never split silently.
   * Either its members stay together in one profile, or its component now carries two or more
   * customer IDs and every one of its members is flagged with identity.conflict. (A split does
   * happen even when the added contact has no customer ID, if it links the profile to another ID:
   * see the example test in unify.test.ts.) Profiles without conflict only ever grow.
   */
  it('adding a contact never silently splits a profile that had no conflict', () => {
    fc.assert(
      fc.property(contactsArb, contactSpec, keysArb, (contacts, extraSpec, keys) => {
        const extra = toContacts([extraSpec], 'x')[0];
        const before = run(contacts, keys);
        const after = run([...contacts, extra], keys);
        const flagged = new Set(after.issues.filter((i) => i.code === 'identity.conflict').map((i) => String(i.params?.contactId)));
        for (const profile of before.profiles) {
          if (profile.conflict) continue;
          const profilesAfter = new Set(profile.contactIds.map((id) => after.profileOf.get(id)));
          if (profilesAfter.size === 1) continue;
          for (const id of profile.contactIds) expect(flagged.has(id)).toBe(true);
          const conflict = after.conflicts.find((c) => c.contactIds.includes(profile.contactIds[0]))!;
          expect(conflict.customerIds.length).toBeGreaterThanOrEqual(2);
          for (const id of profile.contactIds) expect(conflict.contactIds).toContain(id);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('every contact is in exactly one profile, and profileOf agrees with the profiles', () => {
    fc.assert(
      fc.property(contactsArb, keysArb, (contacts, keys) => {
        const result = run(contacts, keys);
        const seen = result.profiles.flatMap((p) => p.contactIds);
        expect(seen.slice().sort()).toEqual(contacts.map((c) => c.id).sort());
        for (const p of result.profiles) for (const id of p.contactIds) expect(result.profileOf.get(id)).toBe(p.id);
      }),
      { numRuns: 200 },
    );
  });
});
