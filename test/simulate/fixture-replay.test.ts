/** Replays against test/fixtures/contacts-snapshot.csv, parsed with the snapshot parser. */
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../core/snapshot/parse.ts';
import { snapshotCsvRows } from '../../core/snapshot/export.ts';
import { Simulator, type SimulatorOptions } from '../../core/simulate/simulator.ts';
import { csvTable, fixtureText } from '../snapshot/csv-text.ts';
import { checkedRow } from './rows.ts';

const AT = '2025-06-01 12:00:00';

function snapshotFrom(text: string) {
  const table = csvTable(text);
  return parseSnapshot(table.header, table.records, { region: 'TW' });
}

function simulator(options: Pick<SimulatorOptions, 'channel' | 'key'>, extraLines = '') {
  const { contacts, issues } = snapshotFrom(fixtureText('contacts-snapshot.csv') + extraLines);
  expect(issues).toEqual([]);
  return new Simulator(contacts, { ...options, region: 'TW', importedAt: AT });
}

describe('replays against contacts-snapshot.csv', () => {
  it('WhatsApp +886955666777 opted_in re-opts W1 in, with update.wa_reoptin', () => {
    const s = simulator({ channel: 'whatsapp', key: 'phone' });
    const result = s.apply(checkedRow(7, { WhatsApp_mobile: '+886955666777', messaging_status: 'opted_in', display_name: '張雅婷' }, { key: '+886955666777' }));
    expect(result.outcome).toBe('update');
    expect(result.contactId).toBe('W1');
    expect(result.changes).toEqual([{ field: 'messaging_status', from: 'opted_out', to: 'opted_in' }]);
    expect(result.issues.map((i) => [i.code, i.params])).toEqual([['update.wa_reoptin', { contactId: 'W1' }]]);
  });

  it('EDM meiling.chen@gmail.com subscribed leaves E1 unsubscribed, with update.status_irreversible', () => {
    const s = simulator({ channel: 'email', key: 'email' });
    const result = s.apply(checkedRow(2, { email: 'meiling.chen@gmail.com', messaging_status: 'subscribed', display_name: '陳美玲', gender: 'female', birthday: '1988-07-09' }, { key: 'meiling.chen@gmail.com' }));
    expect(result.outcome).toBe('update');
    expect(result.contactId).toBe('E1');
    expect(result.changes).toEqual([
      { field: 'gender', from: '', to: 'female' },
      { field: 'birthday', from: '', to: '1988-07-09' },
    ]);
    expect(result.issues.map((i) => [i.code, i.params])).toEqual([['update.status_irreversible', { contactId: 'E1', from: 'unsubscribed' }]]);
    expect(s.contacts().find((c) => c.id === 'E1')?.fields.messaging_status).toBe('unsubscribed');
  });

  it('LINE key phone 0933111222 matches L1 (not the EDM contact sharing the number)', () => {
    const s = simulator({ channel: 'line', key: 'phone' });
    const result = s.apply(checkedRow(2, { phone: '+886933111222', name: '美玲', tags: ['會員', '台北'] }, { key: '+886933111222' }));
    expect(result).toEqual({ row: 2, outcome: 'update', contactId: 'L1', changes: [{ field: 'tags', from: '會員', to: '會員,台北' }], issues: [] });
  });

  it('customer_id key with no match is skipped with match.not_found', () => {
    const s = simulator({ channel: 'line', key: 'customer_id' });
    const result = s.apply(checkedRow(2, { customer_id: 'M-0002', name: '林志明' }, { key: 'M-0002' }));
    expect(result.outcome).toBe('skip');
    expect(result.issues.map((i) => [i.code, i.params])).toEqual([['match.not_found', { value: 'M-0002' }]]);
    expect(s.contacts()).toHaveLength(4);
  });

  it('two contacts with the same phone: the later created is updated, match.multiple names the other', () => {
    const s = simulator({ channel: 'line', key: 'phone' }, 'S2,sms,,,+886955666778,,,,,,,,2023-01-01 09:00:00,2023-01-01 09:00:00\n');
    const result = s.apply(checkedRow(2, { phone: '+886955666778', name: '王大同' }, { key: '+886955666778' }));
    expect(result.outcome).toBe('update');
    expect(result.contactId).toBe('S2');
    expect(result.issues.map((i) => [i.code, i.params])).toEqual([['match.multiple', { count: 2, contactId: 'S2', others: 'S1' }]]);
  });

  it('chains: the exported simulated snapshot, loaded again, makes the same row unchanged', () => {
    const first = simulator({ channel: 'whatsapp', key: 'phone' });
    const row = checkedRow(2, { WhatsApp_mobile: '+886933111222', messaging_status: 'opted_in', tag: ['會員'] }, { key: '+886933111222' });
    expect(first.apply(row).outcome).toBe('create');
    const rows = snapshotCsvRows(first.contacts());
    const reloaded = parseSnapshot(rows[0], rows.slice(1).map((cells, i) => ({ row: i + 2, cells })), { region: 'TW' });
    expect(reloaded.issues).toEqual([]);
    const second = new Simulator(reloaded.contacts, { channel: 'whatsapp', key: 'phone', region: 'TW', importedAt: '2025-07-01 00:00:00' });
    expect(second.apply(row)).toMatchObject({ outcome: 'unchanged', contactId: 'new-2' });
  });
});
