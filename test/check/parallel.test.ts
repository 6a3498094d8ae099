/**
 * Validating in a worker thread changes nothing: every row the visitor sees, the counts, the
 * file-level issues and the simulated contacts are those of the inline check.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { READ_EVERYTHING, runCheck, type CheckRequest } from '../../core/check/run-check.ts';
import type { CheckedRow, Issue, RowResult } from '../../core/model.ts';
import { loadSnapshot, loadPackedSnapshot, loadFieldDefinitions } from '../../core/snapshot/index.ts';
import { random, whatsAppRow, WHATSAPP_HEADER } from '../bench/generate.ts';
import { testWorkerScript } from '../helpers/test-worker.ts';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../fixtures', name);
const parallel = { script: testWorkerScript(), minBytes: 0 };
let messy = '';

beforeAll(() => {
  // Repeated keys (updates of contacts the file itself created), whitespace, formulas, fixes.
  const csv = (cells: string[]) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + '\r\n';
  const r = random(5);
  let text = csv(WHATSAPP_HEADER);
  for (let i = 0; i < 6000; i++) {
    const row = whatsAppRow(i % 900, r);
    if (r() < 0.05) row[2] = ` ${row[2]} `;
    if (r() < 0.02) row[6] = '=HYPERLINK("x")';
    if (r() < 0.02) row[8] = 'VIP, VIP ,新客';
    if (r() < 0.01) row.push('extra');
    text += csv(row);
  }
  messy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'listprep-parallel-')), 'messy.csv');
  fs.writeFileSync(messy, text + '"unterminated,opted_in\r\n');
});

async function observe(request: CheckRequest) {
  const rows: unknown[] = [];
  let batches = 0;
  const result = await runCheck(request, {
    onRow: (checked: CheckedRow, result: RowResult, originalCells: readonly string[], structureIssues: readonly Issue[]) => {
      rows.push({ checked: { ...checked, values: [...checked.values] }, result, originalCells, structureIssues });
    },
    onBatchEnd: () => {
      batches++;
    },
  });
  if (!result.ok) return { failed: result.issue };
  const { end } = result;
  return { rows, summary: end.summary, fileIssues: end.fileIssues, contacts: end.session.simulator.contacts(), batches: batches > 0 };
}

const common = { importedAt: '2025-06-01 10:00:00', today: '2025-06-01' };

describe('parallel validation', () => {
  it.each([
    ['a WhatsApp list with repeated keys, stray quotes and ragged rows', () => ({ path: messy })],
    ['the same with every fix accepted', () => ({ path: messy, fixCodes: ['all'] })],
    ['the same with some fixes accepted', () => ({ path: messy, fixCodes: ['cell.whitespace', 'phone.format'] })],
    ['the Excel sample', () => ({ path: fixture('whatsapp-from-excel.csv') })],
    ['the Big5 EDM sample with field definitions and a time zone', async () => ({
      path: fixture('edm-big5.csv'), definitions: (await loadFieldDefinitions(fixture('custom-fields.csv'))).definitions, timeZone: 'Asia/Taipei', fixCodes: ['all'],
    })],
    ['the UTF-16 LINE sample against a snapshot', async () => ({ path: fixture('line-utf16-tab.txt'), snapshot: (await loadSnapshot(fixture('contacts-snapshot.csv'), { region: 'TW' })).contacts })],
    ['the messy list against a packed snapshot still being read (the worker validates ahead)', () => ({
      path: messy, fixCodes: ['all'],
      snapshot: loadPackedSnapshot(fixture('contacts-snapshot.csv'), { region: 'TW' }).then((loaded) => loaded.contacts),
    })],
  ])('%s', async (_name, make) => {
    const request: CheckRequest = { ...common, ...(await make()) };
    const inline = await observe(request);
    for (const [needsCells, shareValidation] of [[true, true], [true, false], [false, false]]) {
      // shareValidation false: every row is validated in the worker; true: this thread takes some.
      const inWorker = await observe({ ...request, parallel: { ...parallel, shareValidation }, output: { ...READ_EVERYTHING, cells: needsCells } });
      if (needsCells) expect(inWorker).toEqual(inline);
      else {
        // Without cells, only the cells are left out.
        const strip = (o: typeof inline) => JSON.parse(JSON.stringify(o, (k, v) => (k === 'cells' || k === 'originalCells' ? undefined : v)));
        expect(strip(inWorker)).toEqual(strip(inline));
      }
    }
    // Without messages: the validation issues of rows from the worker come without them; everything else is the same.
    const unworded = await observe({ ...request, parallel: { ...parallel, shareValidation: false }, output: { ...READ_EVERYTHING, messages: false } });
    const blank = (o: unknown) => JSON.parse(JSON.stringify(o, (k, v) => (k === 'message' ? '' : v)));
    expect(blank(unworded)).toEqual(blank(inline));
    expect(unworded.fileIssues).toEqual(inline.fileIssues);
    const messages = JSON.stringify(unworded.rows);
    if (request.path === messy) expect(messages).toContain('"message":""');
    type Seen = { checked: CheckedRow; result: RowResult };
    (unworded.rows as Seen[] | undefined)?.forEach((row, i) => expect(row.result).toEqual((inline.rows as Seen[])[i].result));
  }, 60_000);

  it('reports a file that cannot be read the same way', async () => {
    const request: CheckRequest = { ...common, path: path.join(os.tmpdir(), 'listprep-no-such-file.csv') };
    expect(await observe({ ...request, parallel })).toEqual(await observe(request));
  });
});
