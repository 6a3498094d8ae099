import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Contact, ContactChannel } from '../../core/model.ts';
import { conflictListRows } from '../../core/unify/conflict-list.ts';
import { DEFAULT_UNIFY_KEYS, unify, type UnifyKey } from '../../core/unify/unify.ts';

let order = 0;
function contact(id: string, channel: ContactChannel, fields: Record<string, string>, extra: Partial<Contact> = {}): Contact {
  return { id, channel, fields, tags: [], createdAt: '2024-01-01 00:00:00', updatedAt: '2024-01-01 00:00:00', order: order++, ...extra };
}

const run = (contacts: Contact[], keys: readonly UnifyKey[] = DEFAULT_UNIFY_KEYS) => unify(contacts, { keys, region: 'TW' });

/** The partition as sorted groups of sorted ids. */
function partition(result: ReturnType<typeof unify>): string[][] {
  return result.profiles.map((p) => p.contactIds).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

const sha = (ids: string[]) => 'P-' + createHash('sha1').update(ids.join('\n')).digest('hex').slice(0, 12);

describe('R-P1 / R-P2: identities and links', () => {
  it('links phone, mobile and WhatsApp_mobile as one E.164 identity', () => {
    const result = run([
      contact('L1', 'line', { phone: '0933-111-222' }),
      contact('E1', 'email', { email: 'a@x.com', mobile: '+886933111222' }),
      contact('W1', 'whatsapp', { WhatsApp_mobile: '+886 933 111 222' }),
      contact('W2', 'whatsapp', { WhatsApp_mobile: '+886955666777' }),
    ]);
    expect(partition(result)).toEqual([['E1', 'L1', 'W1'], ['W2']]);
    expect(result.conflicts).toEqual([]);
    expect(result.issues).toEqual([]);
  });

  it('links emails case-insensitively, other identifiers exactly after trimming; blanks never link', () => {
    const result = run([
      contact('A', 'email', { email: 'Mei@X.com' }),
      contact('B', 'line', { email: ' mei@x.com ' }),
      contact('C', 'line', { fb_id: ' f1' }),
      contact('D', 'line', { fb_id: 'f1 ' }),
      contact('E', 'line', { ig_id: 'I1' }),
      contact('F', 'line', { ig_id: 'i1' }),
      contact('G', 'line', { line_uid: '  ', phone: '' }),
      contact('H', 'line', { line_uid: '', phone: ' ' }),
    ]);
    expect(partition(result)).toEqual([['A', 'B'], ['C', 'D'], ['E'], ['F'], ['G'], ['H']]);
  });

  it('links only through enabled keys; phone or WhatsApp_mobile each enable the one phone identity', () => {
    const contacts = [contact('A', 'line', { phone: '0912345678', email: 'a@x.com' }), contact('B', 'whatsapp', { WhatsApp_mobile: '+886912345678' }), contact('C', 'email', { email: 'a@x.com' })];
    expect(partition(run(contacts, ['email']))).toEqual([['A', 'C'], ['B']]);
    expect(partition(run(contacts, ['phone']))).toEqual([['A', 'B'], ['C']]);
    expect(partition(run(contacts, ['WhatsApp_mobile']))).toEqual([['A', 'B'], ['C']]);
    expect(partition(run(contacts, ['customer_id', 'line_uid', 'fb_id', 'ig_id']))).toEqual([['A'], ['B'], ['C']]);
  });

  it('does not link an invalid phone number', () => {
    expect(partition(run([contact('A', 'sms', { phone: '12345' }), contact('B', 'sms', { phone: '12345' })]))).toEqual([['A'], ['B']]);
  });

  it('links by a shared customer ID only when customer_id is a key', () => {
    const contacts = [contact('A', 'line', { customer_id: 'M-1' }), contact('B', 'email', { customer_id: ' M-1' })];
    expect(partition(run(contacts))).toEqual([['A', 'B']]);
    expect(partition(run(contacts, ['email', 'phone']))).toEqual([['A'], ['B']]);
  });
});

describe('R-P3: customer ID conflicts', () => {
  it('holds apart two contacts sharing a phone with different customer IDs', () => {
    const contacts = [contact('A', 'line', { phone: '0912345678', customer_id: 'M-1' }, { row: 4 }), contact('B', 'whatsapp', { WhatsApp_mobile: '+886912345678', customer_id: 'M-2' })];
    const result = run(contacts);
    expect(partition(result)).toEqual([['A'], ['B']]);
    expect(result.profiles.every((p) => p.conflict)).toBe(true);
    expect(result.conflicts).toEqual([
      { customerIds: ['M-1', 'M-2'], unifiedContactIds: [sha(['A']), sha(['B'])].sort(), linkedBy: ['phone=+886912345678'], contactIds: ['A', 'B'] },
    ]);
    expect(result.issues.map((i) => [i.code, i.severity, i.row, i.field, i.value, i.params])).toEqual([
      ['identity.conflict', 'warning', 4, 'customer_id', 'M-1', { linkedBy: 'phone=+886912345678', customerIds: 'M-1, M-2', reason: 'customer_id_multiple', contactId: 'A', profileId: sha(['A']) }],
      ['identity.conflict', 'warning', undefined, 'customer_id', 'M-2', { linkedBy: 'phone=+886912345678', customerIds: 'M-1, M-2', reason: 'customer_id_multiple', contactId: 'B', profileId: sha(['B']) }],
    ]);
  });

  it('cuts a no-customer-ID group off when it touches two customer IDs', () => {
    const result = run([
      contact('A', 'line', { phone: '0912345678', customer_id: 'a' }),
      contact('C', 'sms', { phone: '+886912345678' }),
      contact('D', 'email', { email: 'd@x.com', mobile: '0912345678' }),
      contact('B', 'email', { email: 'd@x.com', customer_id: 'b' }),
    ]);
    expect(partition(result)).toEqual([['A'], ['B'], ['C', 'D']]);
    expect(result.conflicts).toHaveLength(1);
    expect(result.conflicts[0]).toMatchObject({ customerIds: ['a', 'b'], linkedBy: ['email=d@x.com', 'phone=+886912345678'], contactIds: ['A', 'B', 'C', 'D'] });
    expect(result.issues.map((i) => i.params?.contactId)).toEqual(['A', 'B', 'C', 'D']);
    expect(result.linkedByOf.get('C')).toEqual(['phone=+886912345678']);
    expect(result.linkedByOf.get('D')).toEqual(['email=d@x.com', 'phone=+886912345678']);
  });

  it('keeps a no-customer-ID group with the one customer ID it touches', () => {
    const result = run([
      contact('A', 'line', { phone: '0912345678', customer_id: 'a' }),
      contact('A2', 'email', { email: 'e@x.com', customer_id: 'a' }),
      contact('C', 'sms', { phone: '+886912345678' }),
      contact('D', 'email', { email: 'e@x.com', mobile: '0912345678' }),
    ]);
    expect(partition(result)).toEqual([['A', 'A2', 'C', 'D']]);
    expect(result.conflicts).toEqual([]);
    expect(result.profiles[0].conflict).toBe(false);
  });

  it('splits only what it must: a group touching one ID stays with it while two IDs are held apart', () => {
    const result = run([
      contact('A', 'line', { phone: '0912345678', email: 'e@x.com', customer_id: 'a' }),
      contact('B', 'email', { email: 'e@x.com', customer_id: 'b' }),
      contact('C', 'sms', { phone: '0912345678' }),
    ]);
    expect(partition(result)).toEqual([['A', 'C'], ['B']]);
    expect(result.profiles.every((p) => p.conflict)).toBe(true);
    expect(result.conflicts[0].linkedBy).toEqual(['email=e@x.com']);
  });

  it('a contact without customer ID can split a profile that had no conflict, by bringing a second ID in', () => {
    const before = [contact('A', 'line', { phone: '0912345678', customer_id: 'a' }), contact('C', 'sms', { phone: '0912345678' }), contact('B', 'email', { email: 'b@x.com', customer_id: 'b' })];
    expect(partition(run(before))).toEqual([['A', 'C'], ['B']]);
    const after = run([...before, contact('X', 'whatsapp', { WhatsApp_mobile: '+886912345678', email: 'b@x.com' })]);
    expect(partition(after)).toEqual([['A'], ['B'], ['C', 'X']]);
    expect(after.issues.map((i) => i.params?.contactId)).toEqual(['A', 'B', 'C', 'X']);
  });
});

describe('R-P4 / R-P5: profile values and ids', () => {
  it('coalesces: non-blank beats blank, then most recently updated, created, row, order; tags are the union', () => {
    const result = run([
      contact('A', 'line', { phone: '0912345678', name: 'Old', note: 'keep' }, { updatedAt: '2024-01-01 00:00:00', tags: ['x', 'y'] }),
      contact('B', 'email', { mobile: '0912345678', name: 'New', note: ' ', display_name: 'D1' }, { updatedAt: '2025-01-01 00:00:00', tags: ['y', 'z'] }),
      contact('C', 'sms', { phone: '+886912345678', display_name: 'D2' }, { updatedAt: '2025-01-01 00:00:00', createdAt: '2023-01-01 00:00:00' }),
      contact('D', 'sms', { phone: '+886912345678', fb_id: 'f-old' }, { updatedAt: '2025-01-01 00:00:00', createdAt: '2025-01-01 00:00:00', row: 3 }),
      contact('E', 'sms', { phone: '+886912345678', fb_id: 'f-new' }, { updatedAt: '2025-01-01 00:00:00', createdAt: '2025-01-01 00:00:00', row: 7 }),
    ]);
    expect(result.profiles).toHaveLength(1);
    const profile = result.profiles[0];
    expect(profile.values).toEqual({ phone: '+886912345678', name: 'New', note: 'keep', display_name: 'D1', mobile: '0912345678', fb_id: 'f-new' });
    expect(profile.tags).toEqual(['x', 'y', 'z']);
    expect(profile.id).toBe(sha(['A', 'B', 'C', 'D', 'E']));
    expect(profile.contactIds).toEqual(['A', 'B', 'C', 'D', 'E']);
    for (const id of profile.contactIds) expect(result.profileOf.get(id)).toBe(profile.id);
  });

  it('derives profile ids from member ids only', () => {
    const a = run([contact('X', 'sms', { phone: '0912345678' }), contact('Y', 'sms', { phone: '0912345678' })]);
    const b = run([contact('Y', 'line', { email: 'q@x.com' }), contact('X', 'email', { email: 'q@x.com' })]);
    expect(a.profiles[0].id).toBe(b.profiles[0].id);
    expect(a.profiles[0].id).toMatch(/^P-[0-9a-f]{12}$/);
  });

  it('keeps user text harmless as field names (no prototype lookups)', () => {
    const result = run([contact('A', 'line', JSON.parse('{"__proto__": "x", "phone": "0912345678"}') as Record<string, string>)]);
    expect(Object.prototype.hasOwnProperty.call(result.profiles[0].values, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('R-P6: conflict list', () => {
  it('writes MAAC conflict export columns, then linked_by and row', () => {
    const contacts = [
      contact('L1', 'line', { line_uid: 'U1', phone: '0912345678', customer_id: 'M-1' }, { row: 5 }),
      contact('W1', 'whatsapp', { WhatsApp_mobile: '+886912345678', customer_id: 'M-2', external_member_id: 'ext-9' }),
      contact('S1', 'sms', { phone: '+886912345678' }),
      contact('E1', 'email', { email: 'z@x.com' }),
    ];
    const result = run(contacts);
    const p = (ids: string[]) => sha(ids);
    const rows = conflictListRows(result, contacts);
    const body = [
      [p(['L1']), 'line', 'LINE', 'U1', 'M-1', 'customer_id_multiple', 'phone=+886912345678', '5'],
      [p(['S1']), 'sms', 'SMS', '+886912345678', '', 'customer_id_multiple', 'phone=+886912345678', ''],
      [p(['W1']), 'whatsapp', 'WhatsApp', 'ext-9', 'M-2', 'customer_id_multiple', 'phone=+886912345678', ''],
    ].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    expect(rows).toEqual([['unified_contact_id', 'platform_type', 'platform_name', 'external_member_id', 'customer_id', 'conflict_reason', 'linked_by', 'row'], ...body]);
  });

  it('is only the header when nothing conflicts', () => {
    expect(conflictListRows(run([contact('A', 'sms', { phone: '0912345678' })]), [])).toHaveLength(1);
  });
});
