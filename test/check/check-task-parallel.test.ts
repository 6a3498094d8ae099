/**
 * The app's check job with validation in a worker (cells and values arriving as the store's JSON)
 * writes the same case as the inline job: every row, issue, outcome and file-level issue.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaseStore } from '../../core/store/case-store.ts';
import { META_KEY, type CaseMeta } from '../../core/store/case-meta.ts';
import { checkFileTask } from '../../core/jobs/tasks.ts';
import { runCheck } from '../../core/check/run-check.ts';
import { random, whatsAppRow, WHATSAPP_HEADER } from '../bench/generate.ts';
import { storedTuples } from '../store/support.ts';
import { testWorkerScript } from '../helpers/test-worker.ts';

const parallel = { script: testWorkerScript(), minBytes: 0, shareValidation: false };

/** `reversed`: columns in the reverse of the template's order (a created row's changes then follow the template, not the columns). */
function messyList(dir: string, rows = 25_000, reversed = false): string {
  const csv = (cells: string[]) => (reversed ? [...cells].reverse() : cells).map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + '\r\n';
  const r = random(9);
  let text = csv(WHATSAPP_HEADER);
  for (let i = 0; i < rows; i++) {
    const row = whatsAppRow(i % 3000, r);
    if (r() < 0.05) row[2] = ` ${row[2]} `;
    text += csv(row);
  }
  const file = path.join(dir, reversed ? 'reversed.csv' : 'list.csv');
  fs.writeFileSync(file, text);
  return file;
}

function newCase(dir: string, name: string, source: string): CaseStore {
  const store = new CaseStore(path.join(dir, name));
  const meta: CaseMeta = {
    fileName: 'list.csv', sourcePath: source, sourceHash: '', encoding: '', delimiter: ',', sourceHeader: [], header: [], channel: 'line', channelDetected: true,
    key: 'line_uid', keyChosen: false, region: 'TW', unifyKeys: [], state: 'checking', fileChecked: false, rows: 0, importedAt: '2025-06-01 10:00:00', today: '2025-06-01',
    snapshot: null, definitions: null, unifyRan: false,
  };
  store.setMeta(META_KEY, meta);
  return store;
}

function contents(store: CaseStore) {
  const rows = [];
  for (const page of store.allRows()) rows.push(...page);
  const meta = store.getMeta<CaseMeta>(META_KEY)!;
  return { rows, fileIssues: store.fileIssues(), meta: { ...meta, sourceHash: meta.sourceHash.length } };
}

describe('check job with a validation worker', () => {
  it('stores exactly what the inline job stores', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'listprep-job-'));
    const source = messyList(dir);
    const ctx = { signal: new AbortController().signal, progress: () => {} };
    const inline = newCase(dir, 'inline.listprep', source);
    const inWorker = newCase(dir, 'worker.listprep', source);
    try {
      await checkFileTask(inline, ctx);
      await checkFileTask(inWorker, ctx, parallel);
      const expected = contents(inline);
      expect(expected.rows).toHaveLength(25_000);
      expect(contents(inWorker)).toEqual(expected);
      // And the rows as the file stores them, not just what they decode to (blocks may end at other rows).
      expect(storedTuples(inWorker)).toEqual(storedTuples(inline));
    } finally {
      inline.close();
      inWorker.close();
    }
  }, 60_000);

  it.each([false, true])('reads back every row\'s changes as the simulation lists them (columns reversed: %s)', async (reversed) => {
    // The job does not have created rows' changes made when they are derivable from the values.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'listprep-job-'));
    const source = messyList(dir, 4000, reversed);
    const store = newCase(dir, 'case.listprep', source);
    try {
      await checkFileTask(store, { signal: new AbortController().signal, progress: () => {} });
      const meta = store.getMeta<CaseMeta>(META_KEY)!;
      const listed = new Map<number, unknown>();
      const replay = await runCheck({ path: source, channel: meta.channel, key: meta.key, region: meta.region, importedAt: meta.importedAt, today: meta.today }, {
        onRow: (checked, result) => {
          listed.set(checked.row, result.changes);
        },
      });
      expect(replay.ok).toBe(true);
      const rows = contents(store).rows;
      expect(rows).toHaveLength(4000);
      expect(rows.filter((r) => r.outcome === 'create' && r.changes.length > 0).length).toBeGreaterThan(1000);
      for (const row of rows) expect(row.changes).toEqual(listed.get(row.row));
    } finally {
      store.close();
    }
  }, 60_000);
});
