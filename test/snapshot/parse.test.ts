import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTACT_CHANNELS, type Contact } from '../../core/model.ts';
import { snapshotCsvRows } from '../../core/snapshot/export.ts';
import { normalizeTimestamp, parseSnapshot } from '../../core/snapshot/parse.ts';
import { csvTable, csvText, fixtureText } from './csv-text.ts';

const parse = (text: string) => {
  const table = csvTable(text);
  return parseSnapshot(table.header, table.records, { region: 'TW' });
};

describe('parseSnapshot', () => {
  it('reads the fixture contacts-snapshot.csv', () => {
    const { contacts, issues } = parse(fixtureText('contacts-snapshot.csv'));
    expect(issues).toEqual([]);
    expect(contacts).toEqual([
      { id: 'L1', channel: 'line', fields: { line_uid: 'U7c9e1a2b3c4d5e6f708192a3b4c5d6e7', phone: '0933111222', customer_id: 'M-0001', name: '美玲' }, tags: ['會員'], createdAt: '2023-05-01 09:00:00', updatedAt: '2025-01-01 09:00:00', order: 2 },
      { id: 'E1', channel: 'email', fields: { email: 'meiling.chen@gmail.com', mobile: '0933111222', display_name: '陳美玲', messaging_status: 'unsubscribed' }, tags: [], createdAt: '2024-02-01 09:00:00', updatedAt: '2024-02-01 09:00:00', order: 3 },
      { id: 'W1', channel: 'whatsapp', fields: { WhatsApp_mobile: '+886955666777', customer_id: 'M-0003', display_name: '張雅婷', messaging_status: 'opted_out' }, tags: [], createdAt: '2024-06-01 09:00:00', updatedAt: '2024-06-01 09:00:00', order: 4 },
      { id: 'S1', channel: 'sms', fields: { phone: '0955666778', customer_id: 'M-0009' }, tags: [], createdAt: '2022-01-01 09:00:00', updatedAt: '2022-01-01 09:00:00', order: 5 },
    ]);
  });

  it('takes any column order and the §3 aliases, ignoring case, spaces, - and _', () => {
    const { contacts, issues } = parse(
      ['Tag,Status,E-mail,Contact ID,Created At,cl_custom_Tier,CL_CUSTOM_points,WhatsApp mobile,LINE-UID,Display Name,unknown column', '"a, b ,a",subscribed,X@y.com,K1,2024-01-02 03:04:05,gold,7,,,Ann,zzz'].join('\n'),
    );
    expect(issues).toEqual([]);
    expect(contacts).toEqual([
      { id: 'K1', channel: 'email', fields: { messaging_status: 'subscribed', email: 'X@y.com', cl_custom_Tier: 'gold', cl_custom_points: '7', display_name: 'Ann' }, tags: ['a', 'b'], createdAt: '2024-01-02 03:04:05', updatedAt: '', order: 2 },
    ]);
  });

  it('infers a missing channel: WhatsApp_mobile, EDM status, line_uid / external_member_id, phone; else snapshot.channel_unknown', () => {
    const { contacts, issues } = parse(
      [
        'contact_id,WhatsApp_mobile,messaging_status,line_uid,external_member_id,phone,email,created_at',
        'A,+886955666777,opted_in,,,0912345678,,',
        'B,,hard_bounce,,,0912345678,b@x.com,',
        'C,,,U1,,0912345678,,',
        'D,,,,ext-1,,,',
        'E,,,,,0912345678,,',
        'F,,,,,,f@x.com,',
        'G,,opted_in,,,,,',
      ].join('\n'),
    );
    expect(contacts.map((c) => [c.id, c.channel])).toEqual([
      ['A', 'whatsapp'],
      ['B', 'email'],
      ['C', 'line'],
      ['D', 'line'],
      ['E', 'sms'],
    ]);
    expect(issues.map((i) => [i.code, i.severity, i.row, i.value])).toEqual([
      ['snapshot.channel_unknown', 'warning', 7, 'F'],
      ['snapshot.channel_unknown', 'warning', 8, 'G'],
    ]);
  });

  it('reads the channel column (any case, EDM/WA aliases) and rejects an unknown value', () => {
    const { contacts, issues } = parse(['channel,contact_id,created_at,phone', 'LINE,A,,', 'EDM,B,,', 'WhatsApp,C,,', 'Sms,D,,', 'fax,E,,0912345678', ',F,,0912345678'].join('\n'));
    expect(contacts.map((c) => [c.id, c.channel])).toEqual([
      ['A', 'line'],
      ['B', 'email'],
      ['C', 'whatsapp'],
      ['D', 'sms'],
      ['F', 'sms'],
    ]);
    expect(issues.map((i) => [i.code, i.row, i.value])).toEqual([['snapshot.channel_unknown', 6, 'fax']]);
  });

  it('without created_at: file order stands in, with one warning', () => {
    const { contacts, issues } = parse(['contact_id,channel,phone', 'A,sms,0912345678', 'B,sms,0912345678'].join('\n'));
    expect(issues.map((i) => [i.code, i.severity, i.row])).toEqual([['snapshot.created_at_missing', 'warning', undefined]]);
    expect(contacts.map((c) => [c.id, c.createdAt, c.order])).toEqual([
      ['A', '', 2],
      ['B', '', 3],
    ]);
  });

  it('without contact_id: ids C<row>; a blank id too', () => {
    const { contacts } = parse(['channel,phone,created_at', 'sms,0912345678,', '', 'sms,0912345679,'].join('\n'));
    expect(contacts.map((c) => c.id)).toEqual(['C2', 'C4']);
    const blank = parse(['contact_id,channel,created_at', ',sms,', 'X,sms,'].join('\n'));
    expect(blank.contacts.map((c) => c.id)).toEqual(['C2', 'X']);
  });

  it('keeps both contacts of a duplicate id, renaming the later with snapshot.id_duplicate', () => {
    const { contacts, issues } = parse(['contact_id,channel,created_at', 'A,sms,', 'A,line,', 'A,email,'].join('\n'));
    expect(contacts.map((c) => c.id)).toEqual(['A', 'A~3', 'A~4']);
    expect(issues.map((i) => [i.code, i.row, i.value, i.fix, i.params])).toEqual([
      ['snapshot.id_duplicate', 3, 'A', 'A~3', { firstRow: 2 }],
      ['snapshot.id_duplicate', 4, 'A', 'A~4', { firstRow: 2 }],
    ]);
  });

  it('normalizes timestamps so they order as text', () => {
    expect(normalizeTimestamp('2024/1/2 3:04')).toBe('2024-01-02 03:04:00');
    expect(normalizeTimestamp('2024-01-02T03:04:05Z')).toBe('2024-01-02 03:04:05');
    expect(normalizeTimestamp('2024-01-02')).toBe('2024-01-02 00:00:00');
    expect(normalizeTimestamp('2024-01-02 03:04:05.123+08:00')).toBe('2024-01-02 03:04:05');
    expect(normalizeTimestamp('yesterday')).toBe('yesterday');
  });

  it('keeps phones as written and trims cells', () => {
    const { contacts } = parse(['channel,phone,created_at', 'sms, 0933-111-222 ,'].join('\n'));
    expect(contacts[0].fields).toEqual({ phone: '0933-111-222' });
  });

  it('treats __proto__ and friends as plain text', () => {
    const { contacts, issues } = parse(['__proto__,contact_id,channel,cl_custom___proto__,constructor,created_at', 'x,__proto__,sms,v,y,'].join('\n'));
    expect(issues).toEqual([]);
    expect(contacts).toHaveLength(1);
    expect(contacts[0].id).toBe('__proto__');
    expect(Object.keys(contacts[0].fields)).toEqual(['cl_custom___proto__']);
    expect(contacts[0].fields.cl_custom___proto__).toBe('v');
    const bad = parse(['channel,contact_id,created_at', '__proto__,A,', 'constructor,B,'].join('\n'));
    expect(bad.contacts).toEqual([]);
    expect(bad.issues.map((i) => i.code)).toEqual(['snapshot.channel_unknown', 'snapshot.channel_unknown']);
    expect(({} as Record<string, unknown>).v).toBeUndefined();
  });
});

describe('snapshotCsvRows round trip', () => {
  const reparse = (rows: string[][]) => parseSnapshot(rows[0], rows.slice(1).map((cells, i) => ({ row: i + 2, cells })), { region: 'TW' });

  it('writes the §7 header, custom columns sorted after it', () => {
    const rows = snapshotCsvRows([{ id: 'A', channel: 'sms', fields: { phone: '0912345678', cl_custom_z: '1', cl_custom_a: '2' }, tags: ['x', 'y'], createdAt: '2024-01-01 00:00:00', updatedAt: '', order: 1 }]);
    expect(rows[0].slice(-4)).toEqual(['external_member_id', 'unified_contact_id', 'cl_custom_a', 'cl_custom_z']);
    expect(rows[0].slice(0, 2)).toEqual(['contact_id', 'channel']);
    const record = Object.fromEntries(rows[0].map((h, i) => [h, rows[1][i]]));
    expect(record).toMatchObject({ contact_id: 'A', channel: 'sms', phone: '0912345678', tags: 'x,y', created_at: '2024-01-01 00:00:00', updated_at: '', cl_custom_a: '2', cl_custom_z: '1' });
  });

  it('gives back the fixture contacts, also through CSV text', () => {
    const original = parse(fixtureText('contacts-snapshot.csv')).contacts;
    const rows = snapshotCsvRows(original);
    expect(reparse(rows)).toEqual({ contacts: original, issues: [] });
    expect(parse(csvText(rows))).toEqual({ contacts: original, issues: [] });
  });

  const text = fc.string({ unit: fc.constantFrom('a', 'B', '1', ' ', ',', '"', '會', '-', '_', '+') }).map((s) => s.trim()).filter((s) => s !== '');
  const tag = text.filter((s) => !s.includes(',')).map((s) => s.trim()).filter((s) => s !== '');
  const timestamp = fc.constantFrom('', '2023-05-01 09:00:00', '2025-01-01 10:11:12');
  const fieldName = fc.constantFrom('line_uid', 'email', 'phone', 'WhatsApp_mobile', 'mobile', 'customer_id', 'name', 'display_name', 'gender', 'birthday', 'note', 'messaging_status', 'fb_id', 'ig_id', 'external_member_id', 'unified_contact_id', 'consent_source', 'consent_at', 'cl_custom_tier', 'cl_custom_Points');
  const contactArb = fc.record({
    channel: fc.constantFrom(...CONTACT_CHANNELS),
    fields: fc.dictionary(fieldName, text),
    tags: fc.uniqueArray(tag, { maxLength: 4 }),
    createdAt: timestamp,
    updatedAt: timestamp,
  });

  it('gives back any contacts in order (row numbers become the order; the import row is not kept)', () => {
    fc.assert(
      fc.property(fc.array(contactArb, { maxLength: 8 }), (specs) => {
        const contacts: Contact[] = specs.map((s, i) => ({ id: `id-${i}`, ...s, order: i + 2, row: i % 2 === 0 ? i + 10 : undefined }));
        const expected = contacts.map(({ row: _row, ...c }) => c);
        expect(reparse(snapshotCsvRows(contacts))).toEqual({ contacts: expected, issues: [] });
        expect(parse(csvText(snapshotCsvRows(contacts)))).toEqual({ contacts: expected, issues: [] });
      }),
      { numRuns: 300 },
    );
  });
});
