import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFieldDefinitions, loadSnapshot } from '../../core/snapshot/load.ts';
import { parseSnapshot } from '../../core/snapshot/parse.ts';
import { csvTable, fixtureText } from './csv-text.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

describe('loaders over openTable', () => {
  it('loads the snapshot fixture as parseSnapshot reads its text', async () => {
    const loaded = await loadSnapshot(fixture('contacts-snapshot.csv'), { region: 'TW' });
    const table = csvTable(fixtureText('contacts-snapshot.csv'));
    expect(loaded).toEqual(parseSnapshot(table.header, table.records, { region: 'TW' }));
    expect(loaded.contacts.map((c) => c.id)).toEqual(['L1', 'E1', 'W1', 'S1']);
  });

  it('loads field definitions from CSV and JSON', async () => {
    const csv = await loadFieldDefinitions(fixture('custom-fields.csv'));
    expect(csv.issues).toEqual([]);
    expect(csv.definitions.map((d) => `${d.key}:${d.type}:${d.status}`)).toEqual(['member_tier:text:active', 'points:number:active', 'last_purchase:date:active', 'last_login:datetime:active', 'old_segment:text:archived']);
    const dir = mkdtempSync(join(tmpdir(), 'listprep-defs-'));
    const json = join(dir, 'defs.json');
    writeFileSync(json, JSON.stringify([{ key: 'tier', type: 'text', status: 'active' }]));
    expect(await loadFieldDefinitions(json)).toEqual({ definitions: [{ key: 'tier', type: 'text', status: 'active' }], issues: [] });
  });

  it('turns a missing file into one file-level issue', async () => {
    const missing = join(tmpdir(), 'listprep-no-such-file.csv');
    const snapshot = await loadSnapshot(missing, { region: 'TW' });
    expect(snapshot.contacts).toEqual([]);
    expect(snapshot.issues.map((i) => i.code)).toEqual(['file.not_found']);
    const defs = await loadFieldDefinitions(missing.replace(/csv$/, 'json'));
    expect(defs.issues.map((i) => i.code)).toEqual(['file.not_found']);
  });
});
