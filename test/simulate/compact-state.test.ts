/** The simulator's compact state gives back exactly what it was given. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CreatedContacts } from '../../core/simulate/created-contacts.ts';
import { KeyIndex } from '../../core/simulate/key-index.ts';
import { SnapshotKeys } from '../../core/simulate/snapshot-keys.ts';
import type { Contact, ContactChannel } from '../../core/model.ts';

const text = fc.oneof(
  fc.constantFrom('陳美玲', '+886912345678', 'a\u001fb', '\u001e', '\ud800', 'x\udc00', '😀', 'ÿĀ', 'user@example.com', 'x'.repeat(70_000)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
);
const contactInput = fc.record({
  channel: fc.constantFrom<ContactChannel>('line', 'email', 'whatsapp', 'sms'),
  fields: fc.uniqueArray(fc.tuple(fc.constantFrom('phone', 'email', 'display_name', 'cl_custom_a', 'customer_id', 'gender'), text), { selector: (f) => f[0], maxLength: 5 }),
  tags: fc.uniqueArray(text, { maxLength: 3 }),
  row: fc.integer({ min: 2, max: 5_000_000 }),
  otherId: fc.boolean(),
});

describe('CreatedContacts', () => {
  it('gives back each contact as it was created, whatever its text (packed or kept whole)', () => {
    fc.assert(
      fc.property(fc.array(contactInput, { maxLength: 30 }), fc.nat(100), (inputs, firstOrder) => {
        const created = new CreatedContacts(firstOrder, '2025-01-01 00:00:00');
        const expected: Contact[] = [];
        inputs.forEach((input, i) => {
          const id = input.otherId ? `new-${input.row}-2` : `new-${input.row}`;
          created.begin(input.channel);
          const fields: Record<string, string> = Object.create(null);
          for (const [name, value] of input.fields) {
            created.field(name, value);
            fields[name] = value;
          }
          const contact: Contact = { id, channel: input.channel, fields, tags: input.tags, createdAt: '2025-01-01 00:00:00', updatedAt: '2025-01-01 00:00:00', order: firstOrder + i, row: input.row };
          const index = created.add(id, input.row, input.tags);
          if (!created.isPacked(index)) created.replace(index, contact);
          expected.push(contact);
          expect(index).toBe(i);
        });
        expect(created.all()).toEqual(expected);
        expected.forEach((contact, i) => expect(Object.keys(created.get(i).fields)).toEqual(Object.keys(contact.fields)));
      }),
      { numRuns: 300 },
    );
  });

  it('spreads over chunks without splitting a contact', () => {
    const created = new CreatedContacts(0, 'now');
    const big = 'é'.repeat(400_000); // 800 KB of UTF-8 each: several per 4 MB chunk
    for (let i = 0; i < 20; i++) {
      created.begin('whatsapp');
      created.field('note', `${i}${big}`);
      created.add(`new-${i + 2}`, i + 2, ['t']);
    }
    for (let i = 0; i < 20; i++) expect(created.get(i).fields.note).toBe(`${i}${big}`);
  });
});

describe('KeyIndex', () => {
  it('numbers keys in order of first sight, as a Map would', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(text, fc.constantFrom('a', 'b', '+886912345678', 'ÿ', 'Ā', '')), { maxLength: 3000 }), (keys) => {
        const index = new KeyIndex();
        const reference = new Map<string, number>();
        for (const key of keys) {
          expect(index.get(key)).toBe(reference.get(key) ?? -1);
          if (!reference.has(key)) reference.set(key, reference.size);
          expect(index.add(key)).toBe(reference.get(key));
        }
        expect(index.size).toBe(reference.size);
      }),
      { numRuns: 200 },
    );
  });

  it('holds a hundred thousand keys through its growth', () => {
    const index = new KeyIndex();
    for (let i = 0; i < 100_000; i++) expect(index.add(`+8869${String(i * 7919).padStart(8, '0')}`)).toBe(i);
    for (let i = 0; i < 100_000; i += 997) expect(index.get(`+8869${String(i * 7919).padStart(8, '0')}`)).toBe(i);
    expect(index.get('+886900000001')).toBe(-1);
  });
});

describe('SnapshotKeys', () => {
  it('finds exactly the contacts with a key, in position order, as a Map of lists would', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.oneof(text, fc.constantFrom('a', 'b', '+886912345678', '')), { nil: undefined }), { maxLength: 3000 }), fc.array(text, { maxLength: 20 }), (keys, probes) => {
        const index = new SnapshotKeys(keys.length, (position) => keys[position]);
        const reference = new Map<string, number[]>();
        keys.forEach((key, position) => {
          if (key !== undefined) reference.set(key, [...(reference.get(key) ?? []), position]);
        });
        for (const key of [...reference.keys(), ...probes]) expect(index.matches(key)).toEqual(reference.get(key) ?? []);
      }),
      { numRuns: 200 },
    );
  });
});
