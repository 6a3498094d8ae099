/**
 * Writes contacts in the §7 snapshot format, so a simulated snapshot can be exported and loaded
 * again to chain imports. Returns rows of cells; writing the file (quoting, atomic rename) is the
 * CSV writer's job.
 */
import type { Contact } from '../model.ts';
import { CUSTOM_PREFIX } from '../rules/templates.ts';
import { SNAPSHOT_COLUMNS } from './parse.ts';

/** Header first: every §7 column, then the custom fields any contact holds (sorted); contacts in creation order. */
export function snapshotCsvRows(contacts: readonly Contact[]): string[][] {
  const custom = new Set<string>();
  for (const contact of contacts) {
    for (const name of Object.keys(contact.fields)) if (name.startsWith(CUSTOM_PREFIX)) custom.add(name);
  }
  const header = [...SNAPSHOT_COLUMNS, ...[...custom].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))];
  const ordered = contacts.slice().sort((a, b) => a.order - b.order);
  const rows: string[][] = [header];
  for (const contact of ordered) {
    rows.push(
      header.map((column) => {
        switch (column) {
          case 'contact_id':
            return contact.id;
          case 'channel':
            return contact.channel;
          case 'tags':
            return contact.tags.join(',');
          case 'created_at':
            return contact.createdAt;
          case 'updated_at':
            return contact.updatedAt;
          default:
            return Object.prototype.hasOwnProperty.call(contact.fields, column) ? contact.fields[column] : '';
        }
      }),
    );
  }
  return rows;
}
