import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Contact, ContactChannel } from '../../core/model.ts';
import { CaseStore } from '../../core/store/case-store.ts';
import { profilePage, replaceProfileList, SEARCH_CAP, hasProfileList } from '../../core/store/profiles.ts';
import { DEFAULT_UNIFY_KEYS, unify } from '../../core/unify/unify.ts';
import { contactName, normalizeSearch, PROFILE_LIST_HEADER, profileListRows, profileMembers, searchTerms } from '../../core/unify/profile-list.ts';
import { writeCsvAtomic } from '../../core/csv/write.ts';
import { tempDir } from '../helpers/service.ts';

let order = 0;
function contact(id: string, channel: ContactChannel, fields: Record<string, string>, row?: number): Contact {
  return { id, channel, fields, tags: [], createdAt: '2024-01-01 00:00:00', updatedAt: '2024-01-01 00:00:00', order: order++, ...(row !== undefined ? { row } : {}) };
}

const stores: CaseStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});
function storeOf(contacts: Contact[]): CaseStore {
  const store = new CaseStore(path.join(tempDir(), 'case.listprep'));
  stores.push(store);
  const result = unify(contacts, { keys: DEFAULT_UNIFY_KEYS, region: 'TW' });
  const byId = new Map(contacts.map((c) => [c.id, c]));
  replaceProfileList(store.db, (function* () {
    for (const member of profileMembers(result, contacts)) yield { member, terms: searchTerms(byId.get(member.contactId)!, 'TW') };
  })());
  return store;
}

/** A small world: L1 + E1 one person by phone; W2 and S2 held apart (two customer IDs share a phone); X alone. */
const WORLD = () => [
  contact('L1', 'line', { phone: '0933-111-222', customer_id: 'M-0001', name: '美玲' }),
  contact('E1', 'email', { email: 'Meiling.Chen@Gmail.com', mobile: '+886933111222', display_name: '陳美玲' }, 4),
  contact('W2', 'whatsapp', { WhatsApp_mobile: '+886955666778', customer_id: 'M-0004', display_name: '王大同' }, 5),
  contact('S2', 'sms', { phone: '0955666778', customer_id: 'M-0009' }),
  contact('X', 'line', { line_uid: 'U123' }),
];

describe('the profile list: who becomes one person', () => {
  it('names a contact by its best human value: name, then email, then phone; blank when it has none', () => {
    expect(contactName(contact('a', 'line', { name: ' Amy ', email: 'a@x.tw' }))).toBe('Amy');
    expect(contactName(contact('a', 'line', { display_name: '王大同', name: 'Wang' }))).toBe('王大同');
    expect(contactName(contact('a', 'email', { name: ' ', email: 'a@x.tw', phone: '0912' }))).toBe('a@x.tw');
    expect(contactName(contact('a', 'sms', { phone: '0955666778' }))).toBe('0955666778');
    expect(contactName(contact('a', 'line', { line_uid: 'U1' }))).toBe('');
  });

  it('records the values linking each contact into its own profile, not the links that were cut', () => {
    const result = unify(WORLD(), { keys: DEFAULT_UNIFY_KEYS, region: 'TW' });
    expect(result.linkedInProfileOf.get('L1')).toEqual(['phone=+886933111222']);
    expect(result.linkedInProfileOf.get('E1')).toEqual(['phone=+886933111222']);
    expect(result.linkedInProfileOf.has('W2')).toBe(false);
    expect(result.linkedByOf.get('W2')).toEqual(['phone=+886955666778']);
    expect(result.linkedInProfileOf.has('X')).toBe(false);
  });

  it('pages profiles in id order with their members, and finds them by contact id, customer ID, name, email or phone', () => {
    const store = storeOf(WORLD());
    const all = profilePage(store.db, 0, 50);
    expect(all.total).toBe(4);
    const ids = all.profiles.map((p) => p.id);
    expect(ids).toEqual([...ids].sort());
    const merged = all.profiles.find((p) => p.members.length === 2)!;
    expect(merged.conflict).toBe(false);
    expect(merged.members).toEqual([
      { contactId: 'E1', channel: 'email', customerId: '', linkedBy: ['phone=+886933111222'], row: 4, name: '陳美玲' },
      { contactId: 'L1', channel: 'line', customerId: 'M-0001', linkedBy: ['phone=+886933111222'], name: '美玲' },
    ]);
    expect(all.profiles.filter((p) => p.conflict).map((p) => p.members.map((m) => m.contactId))).toEqual(expect.arrayContaining([['W2'], ['S2']]));

    expect(profilePage(store.db, 1, 2).profiles.map((p) => p.id)).toEqual(ids.slice(1, 3));
    expect(profilePage(store.db, 4, 2)).toEqual({ total: 4, capped: false, profiles: [] });

    const found = (search: string) => profilePage(store.db, 0, 50, normalizeSearch(search)).profiles.map((p) => p.members.map((m) => m.contactId).join('+'));
    expect(found('s2')).toEqual(['S2']);
    expect(found('M-0004')).toEqual(['W2']);
    expect(found('m-000')).toEqual(ids.map((id) => all.profiles.find((p) => p.id === id)!).filter((p) => p.members.some((m) => m.customerId !== '')).map((p) => p.members.map((m) => m.contactId).join('+')));
    expect(found('大同')).toEqual(['W2']);
    expect(found('MEILING.chen@')).toEqual(['E1+L1']);
    expect(found('0933 111')).toEqual(['E1+L1']);
    expect(found('+886 955 666 778')).toEqual(expect.arrayContaining(['W2', 'S2']));
    expect(found('u123')).toEqual(['X']);
    expect(found('nobody')).toEqual([]);
  });

  it('bounds a search that matches too much, and says so', () => {
    const many = Array.from({ length: SEARCH_CAP + 5 }, (_, i) => contact(`c-${String(i).padStart(6, '0')}`, 'line', { line_uid: `U${i}` }));
    const store = storeOf(many);
    const page = profilePage(store.db, 0, 10, 'c-');
    expect(page.capped).toBe(true);
    expect(page.total).toBe(SEARCH_CAP);
    expect(page.profiles).toHaveLength(10);
    expect(profilePage(store.db, 0, 10, 'c-010004')).toMatchObject({ capped: false, total: 1 });
    expect(profilePage(store.db, 0, 10).total).toBe(SEARCH_CAP + 5);
  });

  it('is replaced whole by the next unification', () => {
    const store = storeOf(WORLD());
    expect(hasProfileList(store.db)).toBe(true);
    replaceProfileList(store.db, []);
    expect(hasProfileList(store.db)).toBe(false);
    expect(profilePage(store.db, 0, 10)).toEqual({ total: 0, capped: false, profiles: [] });
  });

  it('exports one line per contact with linked_by and row, BOM first, formulas neutralized', async () => {
    const contacts = [...WORLD(), contact('=HYPERLINK("x")', 'line', { line_uid: '=1+1', customer_id: '@SUM(A1)' }, 9)];
    const result = unify(contacts, { keys: DEFAULT_UNIFY_KEYS, region: 'TW' });
    const file = path.join(tempDir(), 'list.profiles.csv');
    await writeCsvAtomic(file, PROFILE_LIST_HEADER, profileListRows(result, contacts), { neutralizeFormulas: true, bom: true });
    const lines = fs.readFileSync(file, 'utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFunified_contact_id,contact_id,platform_type,customer_id,linked_by,row');
    const pid = (id: string) => result.profileOf.get(id)!;
    expect(lines).toContain(`${pid('E1')},E1,email,,phone=+886933111222,4`);
    expect(lines).toContain(`${pid('L1')},L1,line,M-0001,phone=+886933111222,`);
    expect(lines).toContain(`${pid('W2')},W2,whatsapp,M-0004,,5`);
    expect(lines).toContain(`${pid('=HYPERLINK("x")')},"'=HYPERLINK(""x"")",line,'@SUM(A1),,9`);
    expect(lines.filter((l) => l.startsWith('P-'))).toHaveLength(6);
    expect(lines.at(-1)).toBe('');
  });
});
