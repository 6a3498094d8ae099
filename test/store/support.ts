/** Case files for the store's tests: a checked messy list, and cases as older ListPrep versions wrote them. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
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

/** Rows per (signature, outcome) as row_counts holds them, and as the rows are: the two must agree. */
export function rowGroups(store: CaseStore): { kept: unknown[]; actual: unknown[] } {
  return {
    kept: store.db.prepare('SELECT sig, outcome, n FROM row_counts WHERE n > 0 ORDER BY sig, outcome').all(),
    actual: store.db.prepare('SELECT sig, outcome, COUNT(*) AS n FROM rows GROUP BY sig, outcome ORDER BY sig, outcome').all(),
  };
}

/**
 * Turns the copy of `store` at `file` into a case of format 2 or 1: every row's values as JSON of
 * their entries, no layouts, row counts or count triggers; format 2 counts by its two signature
 * indexes, format 1 has no signatures.
 */
export function toFormat(file: string, store: CaseStore, version: 1 | 2): void {
  const db = new Database(file);
  try {
    const update = db.prepare('UPDATE rows SET vals = ? WHERE row = ?');
    db.transaction(() => {
      for (const page of store.allRows()) for (const r of page) update.run(r.values.size > 0 ? JSON.stringify([...r.values]) : null, r.row);
    })();
    db.exec(`
      DROP TRIGGER rows_counted; DROP TRIGGER rows_uncounted; DROP TRIGGER rows_recounted;
      DROP TABLE row_counts; DROP TABLE layouts;
      CREATE INDEX rows_sig ON rows(sig, outcome); CREATE INDEX rows_outcome_sig ON rows(outcome, sig);
      DROP INDEX rows_severity; CREATE INDEX rows_severity ON rows(severity, row);
      PRAGMA user_version = 2;
    `);
    if (version === 1) db.exec('DROP INDEX rows_sig; DROP INDEX rows_outcome_sig; DROP INDEX issues_severity; DROP TABLE signatures; ALTER TABLE rows DROP COLUMN sig; PRAGMA user_version = 1;');
  } finally {
    db.close();
  }
}
