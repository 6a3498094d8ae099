/** The simulator's compact state gives back exactly what it was given. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CreatedContacts } from '../../core/simulate/created-contacts.ts';
import { KeyIndex } from '../../core/collections/key-index.ts';
import { SnapshotKeys } from '../../core/simulate/snapshot-keys.ts';
import { CHANNELS, type Channel, type Contact, type ContactChannel, type FieldValue } from '../../core/model.ts';
import { TEMPLATES } from '../../core/rules/templates.ts';
import { TemplateOrder } from '../../core/rules/new-contact.ts';
import { FieldTable, ValuesBlock, ValuesBlockReader, ValuesTextWriter } from '../../core/codec/values-text.ts';

const text = fc.oneof(
  fc.constantFrom('陳美玲', '+886912345678', 'a\u001fb', '\u001e', '\ud800', 'x\udc00', '😀', 'ÿĀ', 'user@example.com', '12:ab', ':', '3s4:', 'x'.repeat(70_000)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
);
const FIELDS = ['WhatsApp_mobile', 'messaging_status', 'display_name', 'email', 'line_uid', 'cl_custom_a', 'customer_id', 'gender', 'tag', 'tags', 'other'];
const value: fc.Arbitrary<FieldValue> = fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.array(text, { maxLength: 4 }) },
);
/** A row's values: any fields, in any order, of any kind. */
const valuesArbitrary = fc.uniqueArray(fc.tuple(fc.constantFrom(...FIELDS), value), { selector: (f) => f[0], maxLength: 7 }).map((entries) => new Map(entries));
const channelArbitrary = fc.constantFrom(...CHANNELS);

/** The contact a create makes, written out from R-M5 and R-U2 on its own (not by new-contact.ts). */
function expectedContact(channel: Channel, values: ReadonlyMap<string, FieldValue>, id: string, row: number, order: number): Contact {
  const names = TEMPLATES[channel].fields.map((f) => f.name);
  const ordered = [...names.filter((n) => values.has(n)), ...[...values.keys()].filter((n) => !names.includes(n))];
  const fields: Record<string, string> = Object.create(null);
  let tags: string[] = [];
  for (const name of ordered) {
    const v = values.get(name)!;
    if (name === 'tag' || name === 'tags') tags = [...new Set(typeof v === 'string' ? v.split(',').map((t) => t.trim()).filter((t) => t !== '') : v ?? [])];
    else if (typeof v === 'string' && v !== '') fields[name] = v;
  }
  const lineUid = values.get('line_uid');
  const contactChannel: ContactChannel = channel === 'line' && !(typeof lineUid === 'string' && lineUid.trim() !== '') ? 'sms' : channel;
  return { id, channel: contactChannel, fields, tags, createdAt: '2025-01-01 00:00:00', updatedAt: '2025-01-01 00:00:00', order, row };
}

describe('values blocks', () => {
  it('read back each row\'s very values (entries, kinds and order), or refuse a field outside a fixed table or a lone surrogate', () => {
    fc.assert(
      fc.property(fc.array(valuesArbitrary, { maxLength: 40 }), fc.boolean(), channelArbitrary, (rows, fixed, channel) => {
        // A fixed table lacks `other`: such rows must be refused, not misread.
        const table = new FieldTable(fixed ? FIELDS.slice(0, -1) : [], !fixed);
        const order = new TemplateOrder(channel);
        const writer = new ValuesTextWriter(table, order);
        // Rows of values, and rows of cells (a row the other side validates itself).
        const kept: (Map<string, FieldValue> | string[])[] = [];
        const wellFormed = (texts: readonly string[]) => texts.every((t) => t.isWellFormed());
        const texts = (values: Map<string, FieldValue>) => [...values.values()].flatMap((v) => (typeof v === 'string' ? [v] : v ?? []));
        for (const values of rows) {
          const cells = values.size % 3 === 0 ? texts(values) : undefined;
          if (cells) {
            const index = writer.addCells(cells);
            expect(index).toBe(wellFormed(cells) ? kept.length : -1);
            if (index >= 0) kept.push(cells);
            continue;
          }
          const index = writer.add(values);
          if ((fixed && values.has('other')) || !wellFormed(texts(values))) expect(index).toBe(-1);
          else {
            expect(index).toBe(kept.length);
            expect(writer.inTemplateOrder).toBe(order.inOrder(values));
            kept.push(values);
          }
        }
        const count = writer.rows;
        const encoded = writer.take();
        const block = new ValuesBlock(encoded, table.names, count);
        const readBack = (i: number) => (Array.isArray(kept[i]) ? block.cells(i) : [...block.read(i).entries()]);
        const expected = (i: number) => (Array.isArray(kept[i]) ? kept[i] : [...kept[i].entries()]);
        // Read in any order, and again: always the same values and cells.
        for (const i of [...kept.keys()].reverse()) expect(readBack(i)).toEqual(expected(i));
        kept.forEach((_, i) => expect(readBack(i)).toEqual(expected(i)));
        expect(writer.rows).toBe(0);
        // A reader going through the block in order (rows of values skipped), then back to an earlier row.
        const reader = new ValuesBlockReader(block);
        const cellRows = [...kept.keys()].filter((i) => Array.isArray(kept[i]));
        for (const i of cellRows) expect(reader.cells(i)).toEqual(kept[i]);
        if (cellRows.length > 0) expect(reader.cells(cellRows[0])).toEqual(kept[cellRows[0]]);
      }),
      { numRuns: 500 },
    );
  });
  it('read in order by a ValuesBlockReader across many windows of rows, runs of values rows skipped', () => {
    const table = new FieldTable([], true);
    const writer = new ValuesTextWriter(table, new TemplateOrder('whatsapp'));
    const cellRows = new Map<number, string[]>();
    for (let i = 0; i < 1500; i++) {
      // Runs of 100 rows as read, then 100 of values, as the worker sends them.
      if (Math.floor(i / 100) % 2 === 0) {
        const cells = [`+88691${String(i).padStart(7, '0')}`, '陳美玲', i % 7 === 0 ? '😀' : '', 'x'.repeat(i % 90)];
        cellRows.set(writer.addCells(cells), cells);
      } else {
        writer.add(new Map<string, FieldValue>([['display_name', '林志明'], ['tag', ['a', 'b']], ['email', null], ['gender', []]]));
      }
    }
    const block = new ValuesBlock(writer.take(), table.names, 1500);
    const reader = new ValuesBlockReader(block);
    for (const [index, cells] of cellRows) expect(reader.cells(index)).toEqual(cells);
    expect(reader.cells(0)).toEqual(cellRows.get(0));
  });
});

describe('CreatedContacts', () => {
  it('gives back the contact each row creates, whatever its values (written here or taken as sent)', () => {
    fc.assert(
      fc.property(channelArbitrary, fc.array(fc.record({ values: valuesArbitrary, row: fc.integer({ min: 2, max: 5_000_000 }), otherId: fc.boolean(), sent: fc.boolean(), cells: fc.boolean() }), { maxLength: 30 }), fc.nat(100), (channel, inputs, firstOrder) => {
        // Rows validated on the simulating side may keep their cells: here a row's values are its cells by field, in FIELDS order.
        const valuesOfCells = (_row: number, cells: readonly string[]) => new Map<string, FieldValue>(cells.map((cell, i) => [FIELDS[i], cell]));
        const created = new CreatedContacts(firstOrder, '2025-01-01 00:00:00', channel, new TemplateOrder(channel), valuesOfCells);
        // Rows sent by the validating thread come in blocks of a few rows, by its table.
        const table = new FieldTable(FIELDS, false);
        let writer = new ValuesTextWriter(table);
        const sent: { id: string; row: number; index: number; cells: boolean }[] = [];
        const flush = () => {
          const rows = writer.rows;
          const block = new ValuesBlock(writer.take(), table.names, rows);
          for (const s of sent) created.addPacked(s.id, s.row, block, s.index, s.cells);
          sent.length = 0;
          writer = new ValuesTextWriter(table);
        };
        const expected: Contact[] = [];
        inputs.forEach((input, i) => {
          const id = input.otherId ? `new-${input.row}-2` : `new-${input.row}`;
          // Some rows keep their cells (string values only, by FIELDS order); a row the block cannot carry goes the long way, as the wire sends it.
          const asCells = input.cells && [...input.values].every(([, v]) => typeof v === 'string');
          const values = asCells ? valuesOfCells(input.row, [...input.values.values()] as string[]) : input.values;
          const index = !input.sent ? -1 : asCells ? writer.addCells([...values.values()] as string[]) : writer.add(values);
          if (index >= 0) sent.push({ id, row: input.row, index, cells: asCells });
          else {
            flush();
            expect(created.add(id, input.row, values)).toBe(i);
            expect(created.lastInTemplateOrder).toBe(new TemplateOrder(channel).inOrder(values));
          }
          if (sent.length === 3) flush();
          expected.push(expectedContact(channel, values, id, input.row, firstOrder + i));
        });
        flush();
        expect(created.count).toBe(inputs.length);
        expect(created.all()).toEqual(expected);
        expected.forEach((contact, i) => {
          expect(Object.keys(created.get(i).fields)).toEqual(Object.keys(contact.fields));
          expect(Object.keys(created.get(i))).toEqual(Object.keys(contact));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('gives back contacts from many blocks, read in any order', () => {
    const created = new CreatedContacts(0, 'now', 'whatsapp', new TemplateOrder('whatsapp'));
    const values = (i: number) => new Map<string, FieldValue>([['WhatsApp_mobile', `+8869${String(i).padStart(8, '0')}`], ['display_name', `名字 ${i}`], ['tag', ['t', `${i % 7}`]]]);
    for (let i = 0; i < 10_000; i++) created.add(`new-${i + 2}`, i + 2, values(i));
    for (const i of [9_999, 0, 5_000, 2_047, 2_048, 4_096, 1, 9_998]) {
      expect(created.get(i).fields).toEqual({ WhatsApp_mobile: `+8869${String(i).padStart(8, '0')}`, display_name: `名字 ${i}` });
      expect(created.get(i).tags).toEqual(['t', `${i % 7}`]);
    }
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

  it('holds a hundred thousand keys through its growth, over several chunks of bytes', () => {
    const index = new KeyIndex();
    const key = (i: number) => `+8869${String(i * 7919).padStart(8, '0')}${i % 7 === 0 ? 'x'.repeat(40) : ''}`;
    const huge = 'y'.repeat((1 << 20) + 1);
    for (let i = 0; i < 100_000; i++) {
      expect(index.add(key(i))).toBe(i > 50_000 ? i + 1 : i);
      if (i === 50_000) expect(index.add(huge)).toBe(50_001);
    }
    for (let i = 0; i < 100_000; i += 997) {
      const number = i > 50_000 ? i + 1 : i;
      expect(index.get(key(i))).toBe(number);
      expect(index.keyOf(number)).toBe(key(i));
    }
    expect(index.get(huge)).toBe(50_001);
    expect(index.keyOf(50_001)).toBe(huge);
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
