/** Case files for the store's tests: a checked messy list, and what its file holds. */
import fs from 'node:fs';
import path from 'node:path';
import { CaseStore } from '../../core/store/case-store.ts';
import { META_KEY, type CaseMeta } from '../../core/store/case-meta.ts';
import { checkFileTask } from '../../core/jobs/tasks.ts';
import { random, whatsAppRow, WHATSAPP_HEADER } from '../bench/generate.ts';

/** A WhatsApp list with damaged values (spaces, formulas, ragged rows) and repeated keys, in `dir`. */
export function messyList(dir: string, rows: number, seed: number): string {
  const csv = (cells: string[]) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + '\r\n';
  const r = random(seed);
  let text = csv(WHATSAPP_HEADER);
  for (let i = 0; i < rows; i++) {
    const row = whatsAppRow(i % Math.max(1, Math.floor(rows / 6)), r);
    if (r() < 0.05) row[2] = ` ${row[2]} `;
    if (r() < 0.02) row[6] = '=cmd';
    if (r() < 0.01) row.push('x');
    text += csv(row);
  }
  const file = path.join(dir, `list-${seed}.csv`);
  fs.writeFileSync(file, text);
  return file;
}

/** A new case of `source` at `file`, as the app makes one before its first check. */
export function newCase(file: string, source: string): CaseStore {
  const store = new CaseStore(file);
  const meta: CaseMeta = {
    fileName: path.basename(source), sourcePath: source, sourceHash: '', encoding: '', delimiter: ',', sourceHeader: [], header: [], channel: 'line',
    channelDetected: true, key: 'line_uid', keyChosen: false, region: 'TW', unifyKeys: [], state: 'checking', fileChecked: false, rows: 0,
    importedAt: '2025-06-01 10:00:00', today: '2025-06-01', snapshot: null, definitions: null, unifyRan: false,
  };
  store.setMeta(META_KEY, meta);
  return store;
}

/** A case of `source` after its first check. */
export async function checkedCase(file: string, source: string): Promise<CaseStore> {
  const store = newCase(file, source);
  await checkFileTask(store, { signal: new AbortController().signal, progress: () => {} });
  return store;
}

/** Every row's two tuples as the file stores them (row-blocks.ts), in file order, with its block's first position. */
export function storedTuples(store: CaseStore): { checked: string; simulated: string; sig: number; outcome: number }[] {
  const out: { checked: string; simulated: string; sig: number; outcome: number }[] = [];
  for (const block of store.db.prepare('SELECT checked, simulated FROM row_blocks ORDER BY first_seq').all() as { checked: Buffer; simulated: Buffer }[]) {
    const checked = JSON.parse(block.checked.toString('utf8')) as unknown[];
    const simulated = JSON.parse(block.simulated.toString('utf8')) as [number, unknown, unknown, number, unknown][];
    checked.forEach((tuple, i) => out.push({ checked: JSON.stringify(tuple), simulated: JSON.stringify(simulated[i]), sig: simulated[i][3], outcome: simulated[i][0] }));
  }
  return out;
}

/** Rows per (signature, outcome) as block_groups holds them, and as the rows are: the two must agree. */
export function rowGroups(store: CaseStore): { kept: unknown[]; actual: unknown[] } {
  const actual = new Map<string, { sig: number; outcome: number; n: number }>();
  for (const t of storedTuples(store)) {
    const key = `${t.sig}/${t.outcome}`;
    const group = actual.get(key) ?? actual.set(key, { sig: t.sig, outcome: t.outcome, n: 0 }).get(key)!;
    group.n++;
  }
  return {
    kept: store.db.prepare('SELECT sig, outcome, SUM(n) AS n FROM block_groups GROUP BY sig, outcome HAVING SUM(n) > 0 ORDER BY sig, outcome').all(),
    actual: [...actual.values()].sort((a, b) => a.sig - b.sig || a.outcome - b.outcome),
  };
}
