/** A session tells its simulator when every row's values are in template order, from its columns alone. */
import { describe, expect, it } from 'vitest';
import { CheckSession, columnsInTemplateOrder } from '../../core/check/session.ts';
import { analyzeHeaders } from '../../core/rules/headers.ts';
import { createdChanges, TemplateOrder } from '../../core/rules/new-contact.ts';
import { FieldTable, ValuesBlock, ValuesTextWriter } from '../../core/codec/values-text.ts';

const inOrder = (header: string[]) => columnsInTemplateOrder(analyzeHeaders(header, { channel: 'whatsapp', key: 'phone' }), 'whatsapp');

describe('columnsInTemplateOrder', () => {
  it('holds for columns in template order, custom and unknown ones after them, and for no other', () => {
    expect(inOrder(['WhatsApp_mobile', 'messaging_status', 'display_name', 'gender', 'email', 'tag'])).toBe(true);
    expect(inOrder(['WhatsApp_mobile', 'nickname', 'messaging_status'])).toBe(true); // a column MAAC skips does not count
    expect(inOrder(['display_name', 'WhatsApp_mobile', 'messaging_status'])).toBe(false);
    expect(inOrder(['WhatsApp_mobile', 'tag', 'messaging_status'])).toBe(false);
  });
});

describe('a row validated on the simulating thread, its cells kept in a block', () => {
  const cellsRow = (session: CheckSession, cells: string[]) => {
    const fields = session.analysis.columns.filter((c) => c.status !== 'skipped').map((c) => c.field!);
    const writer = new ValuesTextWriter(new FieldTable(fields, false), new TemplateOrder('whatsapp'));
    const index = writer.addCells(cells);
    return { block: new ValuesBlock(writer.take(), fields, 1), index, holdsCells: true };
  };
  const options = { channel: 'whatsapp' as const, key: 'phone' as const, region: 'TW', importedAt: '2026-01-01 00:00:00', today: '2026-01-01', output: { createChanges: false } };

  it('leaves out its created changes when the columns are in template order (they are createdChanges of its values)', () => {
    const session = new CheckSession(['WhatsApp_mobile', 'messaging_status', 'display_name'], options);
    const cells = ['0912345678', 'opted_in', 'Ann'];
    const checked = session.check({ row: 2, cells });
    const result = session.simulate(checked, cellsRow(session, cells));
    expect(result).toMatchObject({ outcome: 'create', changes: [], changesOmitted: true });
    const full = new CheckSession(['WhatsApp_mobile', 'messaging_status', 'display_name'], { ...options, output: { createChanges: true } });
    expect(full.process({ row: 2, cells }).result.changes).toEqual(createdChanges(checked.values));
  });

  it('lists them when the columns are out of template order', () => {
    const session = new CheckSession(['display_name', 'WhatsApp_mobile', 'messaging_status'], options);
    const cells = ['Ann', '0912345678', 'opted_in'];
    const result = session.simulate(session.check({ row: 2, cells }), cellsRow(session, cells));
    expect(result.changesOmitted).toBeUndefined();
    expect(result.changes.map((c) => c.field)).toEqual(['WhatsApp_mobile', 'messaging_status', 'display_name']);
  });
});
