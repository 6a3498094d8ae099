import { describe, expect, it } from 'vitest';
import type { Contact, ContactChannel } from '../../core/model.ts';
import { Simulator, type SimulatorOptions } from '../../core/simulate/simulator.ts';
import { createdChanges } from '../../core/rules/new-contact.ts';
import { checkedRow } from './rows.ts';

const AT = '2025-06-01 12:00:00';

function contact(id: string, channel: ContactChannel, fields: Record<string, string>, extra: Partial<Contact> = {}): Contact {
  return { id, channel, fields, tags: [], createdAt: '2024-01-01 00:00:00', updatedAt: '2024-01-01 00:00:00', order: 0, ...extra };
}

function sim(snapshot: Contact[], options: Partial<SimulatorOptions> & Pick<SimulatorOptions, 'channel' | 'key'>): Simulator {
  return new Simulator(snapshot, { region: 'TW', importedAt: AT, ...options });
}

const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('R-U1 / R-W1 / R-M2: rows with errors change nothing', () => {
  it('fails a row with a non-skip error and leaves the snapshot alone', () => {
    const s = sim([], { channel: 'whatsapp', key: 'phone' });
    const result = s.apply(checkedRow(2, { messaging_status: 'opted_in' }, { key: '+886912345678', issues: ['gender.invalid'] }));
    expect(result).toEqual({ row: 2, outcome: 'fail', changes: [], issues: [] });
    expect(s.contacts()).toEqual([]);
  });

  it('skips a row whose error is status.missing (R-W1) or key.missing (R-M2)', () => {
    const s = sim([], { channel: 'whatsapp', key: 'phone' });
    expect(s.apply(checkedRow(2, { WhatsApp_mobile: '+886912345678' }, { key: '+886912345678', issues: ['status.missing'] })).outcome).toBe('skip');
    expect(s.apply(checkedRow(3, { messaging_status: 'opted_in' }, { issues: ['key.missing'] })).outcome).toBe('skip');
    expect(s.contacts()).toEqual([]);
  });

  it('skips when any error is a skip code, even beside another error', () => {
    const s = sim([], { channel: 'whatsapp', key: 'phone' });
    const result = s.apply(checkedRow(2, {}, { key: '+886912345678', issues: ['gender.invalid', 'status.missing'] }));
    expect(result.outcome).toBe('skip');
  });

  it('ignores warnings and infos when deciding the outcome', () => {
    const s = sim([], { channel: 'whatsapp', key: 'phone' });
    const result = s.apply(checkedRow(2, { WhatsApp_mobile: '+886912345678', messaging_status: 'opted_in' }, { key: '+886912345678', issues: ['phone.format', 'phone.not_mobile'] }));
    expect(result.outcome).toBe('create');
  });

  it('fails a row that reaches the simulator without a key and without an error (key column absent)', () => {
    const s = sim([], { channel: 'email', key: 'email' });
    expect(s.apply(checkedRow(2, { messaging_status: 'subscribed' })).outcome).toBe('fail');
  });
});

describe('R-M5: no match creates', () => {
  it('creates a WhatsApp contact with deterministic id, import time and changes in template order', () => {
    const s = sim([contact('W1', 'whatsapp', { WhatsApp_mobile: '+886900000000' }, { order: 7 })], { channel: 'whatsapp', key: 'phone' });
    const result = s.apply(
      checkedRow(2, { tag: ['VIP', 'x'], display_name: '陳', WhatsApp_mobile: '+886912345678', messaging_status: 'opted_in', cl_custom_tier: 'gold', cl_custom_gone: null }, { key: '+886912345678' }),
    );
    expect(result).toEqual({
      row: 2,
      outcome: 'create',
      contactId: 'new-2',
      changes: [
        { field: 'WhatsApp_mobile', from: '', to: '+886912345678' },
        { field: 'messaging_status', from: '', to: 'opted_in' },
        { field: 'display_name', from: '', to: '陳' },
        { field: 'tag', from: '', to: 'VIP,x' },
        { field: 'cl_custom_tier', from: '', to: 'gold' },
      ],
      issues: [],
    });
    const created = s.contacts()[1];
    expect(created).toEqual({
      id: 'new-2',
      channel: 'whatsapp',
      fields: { WhatsApp_mobile: '+886912345678', messaging_status: 'opted_in', display_name: '陳', cl_custom_tier: 'gold' },
      tags: ['VIP', 'x'],
      createdAt: AT,
      updatedAt: AT,
      order: 8,
      row: 2,
    });
  });

  it('creates an sms contact from a LINE-template row without line_uid, a line contact with one', () => {
    const s = sim([], { channel: 'line', key: 'phone' });
    s.apply(checkedRow(2, { phone: '+886912345678', name: 'A' }, { key: '+886912345678' }));
    s.apply(checkedRow(3, { phone: '+886912345679', line_uid: 'U' + 'a'.repeat(32) }, { key: '+886912345679' }));
    expect(s.contacts().map((c) => [c.id, c.channel])).toEqual([
      ['new-2', 'sms'],
      ['new-3', 'line'],
    ]);
  });

  it('never creates from customer_id: skip with match.not_found', () => {
    const s = sim([contact('L1', 'line', { customer_id: 'M-1' })], { channel: 'line', key: 'customer_id' });
    const result = s.apply(checkedRow(4, { customer_id: 'M-2', name: 'x' }, { key: 'M-2' }));
    expect(result.outcome).toBe('skip');
    expect(result.contactId).toBeUndefined();
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ code: 'match.not_found', severity: 'error', row: 4, field: 'customer_id', value: 'M-2', params: { value: 'M-2' } });
    expect(s.contacts()).toHaveLength(1);
  });

  it('gives a new id that an earlier simulated import already used a suffix (chained imports)', () => {
    const s = sim([contact('new-2', 'email', { email: 'a@x.com' })], { channel: 'email', key: 'email' });
    expect(s.apply(checkedRow(2, { email: 'b@x.com', messaging_status: 'subscribed' }, { key: 'b@x.com' })).contactId).toBe('new-2-2');
  });
});

describe('R-M1 / R-M3: matching', () => {
  it('matches phones as E.164 whatever the snapshot wrote, in the channel field of each contact', () => {
    const snapshot = [
      contact('L1', 'line', { phone: '0933-111-222' }),
      contact('S1', 'sms', { phone: '+886 955 666 778' }),
      contact('E1', 'email', { email: 'a@x.com', mobile: '0933111222', messaging_status: 'subscribed' }),
      contact('W1', 'whatsapp', { WhatsApp_mobile: '0955666777', messaging_status: 'opted_in' }),
    ];
    const line = sim(snapshot, { channel: 'line', key: 'phone' });
    expect(line.apply(checkedRow(2, { phone: '+886933111222' }, { key: '+886933111222' }))).toMatchObject({ outcome: 'unchanged', contactId: 'L1' });
    expect(line.apply(checkedRow(3, { phone: '+886955666778' }, { key: '+886955666778' }))).toMatchObject({ outcome: 'unchanged', contactId: 'S1' });
    const edm = sim(snapshot, { channel: 'email', key: 'phone' });
    expect(edm.apply(checkedRow(2, { mobile: '+886933111222', messaging_status: 'subscribed' }, { key: '+886933111222' }))).toMatchObject({ outcome: 'unchanged', contactId: 'E1' });
    const wa = sim(snapshot, { channel: 'whatsapp', key: 'phone' });
    expect(wa.apply(checkedRow(2, { WhatsApp_mobile: '+886955666777', messaging_status: 'opted_in' }, { key: '+886955666777' }))).toMatchObject({ outcome: 'unchanged', contactId: 'W1' });
  });

  it('matches only contacts of the imported channel (LINE: line and sms)', () => {
    const snapshot = [contact('E1', 'email', { email: 'a@x.com', messaging_status: 'subscribed' }), contact('W1', 'whatsapp', { WhatsApp_mobile: '+886955666777', email: 'a@x.com', messaging_status: 'opted_in' })];
    const line = sim(snapshot, { channel: 'line', key: 'email' });
    expect(line.apply(checkedRow(2, { email: 'a@x.com' }, { key: 'a@x.com' })).outcome).toBe('create');
    const wa = sim(snapshot, { channel: 'whatsapp', key: 'email' });
    expect(wa.apply(checkedRow(2, { email: 'a@x.com', messaging_status: 'opted_in' }, { key: 'a@x.com' }))).toMatchObject({ outcome: 'unchanged', contactId: 'W1' });
  });

  it('matches emails case-insensitively and other keys exactly after trimming', () => {
    const snapshot = [contact('E1', 'email', { email: 'Mei.Ling@Example.com', messaging_status: 'subscribed' }), contact('L1', 'line', { line_uid: ' Uabc ', customer_id: ' M-1 ' })];
    expect(sim(snapshot, { channel: 'email', key: 'email' }).apply(checkedRow(2, { email: 'mei.ling@example.com', messaging_status: 'subscribed' }, { key: 'mei.ling@example.com' })).contactId).toBe('E1');
    expect(sim(snapshot, { channel: 'line', key: 'line_uid' }).apply(checkedRow(2, { line_uid: 'Uabc' }, { key: 'Uabc' })).contactId).toBe('L1');
    expect(sim(snapshot, { channel: 'line', key: 'customer_id' }).apply(checkedRow(2, { customer_id: 'M-1' }, { key: 'M-1' })).contactId).toBe('L1');
    expect(sim(snapshot, { channel: 'line', key: 'customer_id' }).apply(checkedRow(2, { customer_id: 'm-1' }, { key: 'm-1' })).outcome).toBe('skip');
  });
});

describe('R-M4: several matches', () => {
  it('updates the most recently created and names the others in match.multiple', () => {
    const snapshot = [
      contact('S1', 'sms', { phone: '0912345678' }, { createdAt: '2022-01-01 00:00:00', order: 2 }),
      contact('S3', 'sms', { phone: '0912345678' }, { createdAt: '2024-01-01 00:00:00', order: 3 }),
      contact('L2', 'line', { phone: '+886912345678' }, { createdAt: '2023-01-01 00:00:00', order: 4 }),
    ];
    const s = sim(snapshot, { channel: 'line', key: 'phone' });
    const result = s.apply(checkedRow(2, { phone: '+886912345678', name: 'N' }, { key: '+886912345678' }));
    expect(result.outcome).toBe('update');
    expect(result.contactId).toBe('S3');
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ code: 'match.multiple', severity: 'warning', row: 2, field: 'phone', value: '+886912345678', params: { count: 3, contactId: 'S3', others: 'L2, S1' } });
  });

  it('breaks a createdAt tie (or missing createdAt) by snapshot order', () => {
    const snapshot = [
      contact('A', 'email', { email: 'a@x.com' }, { createdAt: '', order: 5 }),
      contact('B', 'email', { email: 'a@x.com' }, { createdAt: '', order: 3 }),
    ];
    const result = sim(snapshot, { channel: 'email', key: 'email' }).apply(checkedRow(2, { email: 'a@x.com', messaging_status: 'subscribed' }, { key: 'a@x.com' }));
    expect(result.contactId).toBe('A');
    expect(result.issues[0].params).toEqual({ count: 2, contactId: 'A', others: 'B' });
  });
});

describe('R-M6: rows apply in file order', () => {
  it('updates what an earlier row created and warns with the first row', () => {
    const s = sim([], { channel: 'email', key: 'email' });
    expect(s.apply(checkedRow(2, { email: 'a@x.com', messaging_status: 'subscribed', display_name: 'A' }, { key: 'a@x.com' })).outcome).toBe('create');
    const second = s.apply(checkedRow(3, { email: 'a@x.com', messaging_status: 'subscribed', display_name: 'B' }, { key: 'a@x.com' }));
    expect(second).toMatchObject({ outcome: 'update', contactId: 'new-2', changes: [{ field: 'display_name', from: 'A', to: 'B' }] });
    expect(second.issues).toHaveLength(1);
    expect(second.issues[0]).toMatchObject({ code: 'key.duplicate_in_file', severity: 'warning', row: 3, field: 'email', value: 'a@x.com', params: { firstRow: 2 } });
    const third = s.apply(checkedRow(4, { email: 'a@x.com', messaging_status: 'subscribed', display_name: 'B' }, { key: 'a@x.com' }));
    expect(third.outcome).toBe('unchanged');
    expect(third.issues.map((i) => [i.code, i.params])).toEqual([['key.duplicate_in_file', { firstRow: 2 }]]);
    expect(s.contacts()).toHaveLength(1);
    expect(s.contacts()[0]).toMatchObject({ fields: { display_name: 'B' }, row: 3, updatedAt: AT });
  });

  it('names an earlier row that failed, and still creates from the later one', () => {
    const s = sim([], { channel: 'email', key: 'email' });
    expect(s.apply(checkedRow(2, { email: 'a@x.com' }, { key: 'a@x.com', issues: ['status.invalid'] })).outcome).toBe('fail');
    const later = s.apply(checkedRow(5, { email: 'a@x.com', messaging_status: 'subscribed' }, { key: 'a@x.com' }));
    expect(later.outcome).toBe('create');
    expect(later.issues.map((i) => [i.code, i.params])).toEqual([['key.duplicate_in_file', { firstRow: 2 }]]);
  });

  it('the later row of two duplicates in a customer_id import is skipped like the first', () => {
    const s = sim([], { channel: 'line', key: 'customer_id' });
    s.apply(checkedRow(2, { customer_id: 'M-1' }, { key: 'M-1' }));
    expect(codes(s.apply(checkedRow(3, { customer_id: 'M-1' }, { key: 'M-1' })).issues)).toEqual(['key.duplicate_in_file', 'match.not_found']);
  });
});

describe('R-U2: update semantics', () => {
  const base = () => [
    contact('L1', 'line', { line_uid: 'U1', phone: '0933111222', email: 'Mei@Example.com', name: 'Old', note: 'n', cl_custom_tier: 'gold' }, { tags: ['會員', 'A'] }),
  ];

  it('overwrites non-blank fields, keeps absent ones, and stamps updatedAt and row', () => {
    const snapshot = base();
    const frozen = structuredClone(snapshot);
    const s = sim(snapshot, { channel: 'line', key: 'line_uid' });
    const result = s.apply(checkedRow(9, { line_uid: 'U1', name: 'New', note: 'n' }, { key: 'U1' }));
    expect(result).toEqual({ row: 9, outcome: 'update', contactId: 'L1', changes: [{ field: 'name', from: 'Old', to: 'New' }], issues: [] });
    expect(s.contacts()[0]).toMatchObject({ fields: { line_uid: 'U1', phone: '0933111222', name: 'New', note: 'n', cl_custom_tier: 'gold' }, updatedAt: AT, row: 9, createdAt: '2024-01-01 00:00:00' });
    expect(snapshot).toEqual(frozen);
  });

  it('treats equal values as no change: phones as E.164, emails case-insensitively', () => {
    const s = sim(base(), { channel: 'line', key: 'line_uid' });
    const result = s.apply(checkedRow(2, { line_uid: 'U1', phone: '+886933111222', email: 'mei@example.com', name: 'Old' }, { key: 'U1' }));
    expect(result).toEqual({ row: 2, outcome: 'unchanged', contactId: 'L1', changes: [], issues: [] });
    expect(s.contacts()[0].updatedAt).toBe('2024-01-01 00:00:00');
  });

  it('adds tags and never removes them, reporting the full lists', () => {
    const s = sim(base(), { channel: 'line', key: 'line_uid' });
    const result = s.apply(checkedRow(2, { line_uid: 'U1', tags: ['A', 'B'] }, { key: 'U1' }));
    expect(result.changes).toEqual([{ field: 'tags', from: '會員,A', to: '會員,A,B' }]);
    expect(s.contacts()[0].tags).toEqual(['會員', 'A', 'B']);
    expect(s.apply(checkedRow(3, { line_uid: 'U1', tags: ['會員'] }, { key: 'U1' })).outcome).toBe('unchanged');
  });

  it('clears a custom field with null; null on an empty custom field is no change', () => {
    const s = sim(base(), { channel: 'line', key: 'line_uid' });
    const result = s.apply(checkedRow(2, { line_uid: 'U1', cl_custom_tier: null, cl_custom_other: null }, { key: 'U1' }));
    expect(result.changes).toEqual([{ field: 'cl_custom_tier', from: 'gold', to: '' }]);
    expect('cl_custom_tier' in s.contacts()[0].fields).toBe(false);
  });

  it('lists changes in template order, custom fields after', () => {
    const s = sim(base(), { channel: 'line', key: 'line_uid' });
    const result = s.apply(checkedRow(2, { cl_custom_tier: 'silver', note: 'm', line_uid: 'U1', name: 'X', phone: '+886933111223' }, { key: 'U1' }));
    expect(result.changes.map((c) => c.field)).toEqual(['phone', 'name', 'note', 'cl_custom_tier']);
  });

  it('updates a LINE contact phone (not its primary key)', () => {
    const s = sim(base(), { channel: 'line', key: 'line_uid' });
    expect(s.apply(checkedRow(2, { line_uid: 'U1', phone: '+886912000000' }, { key: 'U1' })).changes).toEqual([{ field: 'phone', from: '0933111222', to: '+886912000000' }]);
  });
});

describe('R-U3: channel primary keys are never updated', () => {
  it('ignores a different line_uid on a LINE contact', () => {
    const s = sim([contact('L1', 'line', { line_uid: 'U1', customer_id: 'M-1' })], { channel: 'line', key: 'customer_id' });
    const result = s.apply(checkedRow(2, { line_uid: 'U2', customer_id: 'M-1' }, { key: 'M-1' }));
    expect(result.outcome).toBe('unchanged');
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ code: 'update.primary_key_ignored', severity: 'info', row: 2, field: 'line_uid', value: 'U2', params: { contactId: 'L1', from: 'U1' } });
    expect(s.contacts()[0].fields.line_uid).toBe('U1');
  });

  it('ignores an EDM contact email, a WhatsApp_mobile, an sms contact phone', () => {
    const edm = sim([contact('E1', 'email', { email: 'a@x.com', mobile: '0912345678', messaging_status: 'subscribed' })], { channel: 'email', key: 'phone' });
    const r1 = edm.apply(checkedRow(2, { email: 'b@x.com', mobile: '+886912345678', messaging_status: 'subscribed', display_name: 'D' }, { key: '+886912345678' }));
    expect(r1.outcome).toBe('update');
    expect(r1.changes).toEqual([{ field: 'display_name', from: '', to: 'D' }]);
    expect(r1.issues.map((i) => [i.code, i.field, i.value, i.params])).toEqual([['update.primary_key_ignored', 'email', 'b@x.com', { contactId: 'E1', from: 'a@x.com' }]]);

    const wa = sim([contact('W1', 'whatsapp', { WhatsApp_mobile: '+886955666777', customer_id: 'M-3', messaging_status: 'opted_in' })], { channel: 'whatsapp', key: 'customer_id' });
    const r2 = wa.apply(checkedRow(2, { WhatsApp_mobile: '+886955000000', customer_id: 'M-3', messaging_status: 'opted_in' }, { key: 'M-3' }));
    expect(r2.outcome).toBe('unchanged');
    expect(r2.issues.map((i) => [i.code, i.field, i.params])).toEqual([['update.primary_key_ignored', 'WhatsApp_mobile', { contactId: 'W1', from: '+886955666777' }]]);

    const sms = sim([contact('S1', 'sms', { phone: '0955666778', customer_id: 'M-9' })], { channel: 'line', key: 'customer_id' });
    const r3 = sms.apply(checkedRow(2, { phone: '+886955000001', customer_id: 'M-9' }, { key: 'M-9' }));
    expect(r3.outcome).toBe('unchanged');
    expect(r3.issues.map((i) => [i.code, i.field, i.params])).toEqual([['update.primary_key_ignored', 'phone', { contactId: 'S1', from: '0955666778' }]]);
  });

  it('says nothing when the primary key is equal as E.164 or case-insensitively', () => {
    const s = sim([contact('S1', 'sms', { phone: '0955666778', customer_id: 'M-9' }), contact('E1', 'email', { email: 'A@X.com', customer_id: 'M-1' })], { channel: 'line', key: 'customer_id' });
    expect(s.apply(checkedRow(2, { phone: '+886955666778', customer_id: 'M-9' }, { key: 'M-9' })).issues).toEqual([]);
    const e = sim([contact('E1', 'email', { email: 'A@X.com', customer_id: 'M-1' })], { channel: 'email', key: 'customer_id' });
    expect(e.apply(checkedRow(2, { email: 'a@x.com', customer_id: 'M-1' }, { key: 'M-1' })).issues).toEqual([]);
  });
});

describe('R-E1: EDM status irreversibility', () => {
  for (const from of ['unsubscribed', 'hard_bounce', 'spam_report']) {
    it(`keeps ${from} when the row says subscribed, applies the other fields`, () => {
      const s = sim([contact('E1', 'email', { email: 'a@x.com', messaging_status: from, display_name: 'Old' })], { channel: 'email', key: 'email' });
      const result = s.apply(checkedRow(2, { email: 'a@x.com', messaging_status: 'subscribed', display_name: 'New' }, { key: 'a@x.com' }));
      expect(result.outcome).toBe('update');
      expect(result.changes).toEqual([{ field: 'display_name', from: 'Old', to: 'New' }]);
      expect(result.issues).toHaveLength(1);
      expect(result.issues[0]).toMatchObject({ code: 'update.status_irreversible', severity: 'warning', field: 'messaging_status', value: 'subscribed', params: { contactId: 'E1', from } });
      expect(s.contacts()[0].fields.messaging_status).toBe(from);
    });
  }

  it('is unchanged (with the warning) when the status was the only difference', () => {
    const s = sim([contact('E1', 'email', { email: 'a@x.com', messaging_status: 'unsubscribed' })], { channel: 'email', key: 'email' });
    const result = s.apply(checkedRow(2, { email: 'a@x.com', messaging_status: 'subscribed' }, { key: 'a@x.com' }));
    expect(result.outcome).toBe('unchanged');
    expect(codes(result.issues)).toEqual(['update.status_irreversible']);
  });

  it('applies other transitions', () => {
    const s = sim([contact('E1', 'email', { email: 'a@x.com', messaging_status: 'subscribed' }), contact('E2', 'email', { email: 'b@x.com', messaging_status: 'unsubscribed' })], { channel: 'email', key: 'email' });
    const down = s.apply(checkedRow(2, { email: 'a@x.com', messaging_status: 'hard_bounce' }, { key: 'a@x.com' }));
    expect(down).toMatchObject({ outcome: 'update', changes: [{ field: 'messaging_status', from: 'subscribed', to: 'hard_bounce' }], issues: [] });
    const sideways = s.apply(checkedRow(3, { email: 'b@x.com', messaging_status: 'spam_report' }, { key: 'b@x.com' }));
    expect(sideways).toMatchObject({ outcome: 'update', changes: [{ field: 'messaging_status', from: 'unsubscribed', to: 'spam_report' }], issues: [] });
  });
});

describe('R-W2: WhatsApp re-opt-in', () => {
  it('applies opted_out → opted_in and warns', () => {
    const s = sim([contact('W1', 'whatsapp', { WhatsApp_mobile: '+886955666777', messaging_status: 'opted_out' })], { channel: 'whatsapp', key: 'phone' });
    const result = s.apply(checkedRow(2, { WhatsApp_mobile: '+886955666777', messaging_status: 'opted_in' }, { key: '+886955666777' }));
    expect(result.outcome).toBe('update');
    expect(result.changes).toEqual([{ field: 'messaging_status', from: 'opted_out', to: 'opted_in' }]);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ code: 'update.wa_reoptin', severity: 'warning', params: { contactId: 'W1' } });
  });

  it('applies other transitions without a warning', () => {
    const s = sim([contact('W1', 'whatsapp', { WhatsApp_mobile: '+886955666777', messaging_status: 'not_subscribed' })], { channel: 'whatsapp', key: 'phone' });
    const result = s.apply(checkedRow(2, { WhatsApp_mobile: '+886955666777', messaging_status: 'opted_in' }, { key: '+886955666777' }));
    expect(result).toMatchObject({ outcome: 'update', issues: [] });
  });
});

describe('issue locations', () => {
  it('uses the column header and index the caller gives', () => {
    const columns = new Map([['email', { column: 'E-mail', columnIndex: 3 }]]);
    const s = sim([], { channel: 'email', key: 'email', columns });
    s.apply(checkedRow(2, { email: 'a@x.com', messaging_status: 'subscribed' }, { key: 'a@x.com' }));
    const issue = s.apply(checkedRow(3, { email: 'a@x.com', messaging_status: 'subscribed' }, { key: 'a@x.com' })).issues[0];
    expect(issue).toMatchObject({ column: 'E-mail', columnIndex: 3, field: 'email' });
    expect(issue.message.startsWith('Row 3, column "E-mail": Same email as row 2.')).toBe(true);
  });
});

describe('output: { createChanges: false } (a caller counting outcomes, or storing changes it can derive)', () => {
  it('gives every outcome, issue and contact as before; a created row leaves out exactly the changes createdChanges gives', () => {
    const rows = [
      checkedRow(2, { WhatsApp_mobile: '+886912345678', messaging_status: 'opted_in', display_name: 'Ann', tag: ['a', 'b'] }, { key: '+886912345678' }),
      checkedRow(3, { display_name: 'x\u001fy', WhatsApp_mobile: '+886912345679', messaging_status: 'opted_in' }, { key: '+886912345679' }),
      checkedRow(4, { WhatsApp_mobile: '+886912345678', messaging_status: 'opted_out', display_name: 'Ann' }, { key: '+886912345678' }),
      checkedRow(5, { WhatsApp_mobile: '+886912345679', messaging_status: 'opted_in', display_name: 'x\u001fy' }, { key: '+886912345679' }),
      // Columns out of template order: the changes (template order) are not createdChanges' (Map order).
      checkedRow(6, { display_name: 'Bo', WhatsApp_mobile: '+886912345670', messaging_status: 'opted_in' }, { key: '+886912345670' }),
    ];
    const full = sim([], { channel: 'whatsapp', key: 'phone' });
    const counting = sim([], { channel: 'whatsapp', key: 'phone', output: { createChanges: false } });
    for (const row of rows) {
      const expected = full.apply(row);
      const result = counting.apply(row);
      if (result.changesOmitted) {
        expect(expected.outcome).toBe('create');
        expect(createdChanges(row.values)).toEqual(expected.changes);
        expect(result).toEqual({ ...expected, changes: [], changesOmitted: true });
      } else expect(result).toEqual(expected);
    }
    const outOfOrder = sim([], { channel: 'whatsapp', key: 'phone', output: { createChanges: false } }).apply(rows[4]);
    expect(outOfOrder.changesOmitted).toBeUndefined();
    expect(outOfOrder.changes.map((c) => c.field)).toEqual(['WhatsApp_mobile', 'messaging_status', 'display_name']);
    expect(counting.contacts()).toEqual(full.contacts());
    expect(full.contacts()[1].fields.display_name).toBe('x\u001fy'); // kept whole: not packable
    expect(counting.apply(rows[2]).outcome).toBe('unchanged');
    expect(counting.apply({ ...rows[2], values: new Map([...rows[2].values, ['display_name', 'Cy']]) })).toMatchObject({ outcome: 'update', changes: [{ field: 'display_name', from: 'Ann', to: 'Cy' }] });
  });
});
