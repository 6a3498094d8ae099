/**
 * Issue #16, memory bombs: any input is read in bounded memory. The CLI runs in a child process
 * whose heap is capped (--max-old-space-size), so a reader that keeps a hostile cell whole, or a run
 * of quotes as millions of parts, dies of "heap out of memory" and fails here (before the caps the
 * 20 MB of quotes took 2.5 GB). Api answers are bounded too: a huge cell is sent cut, and marked.
 * The full-size figures (60 MB of quotes, a 200 MB cell, peak RSS) are in docs/reliability.md.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PAGE_CELL_CHARS, ROW_CELL_CHARS } from '../../core/api/display-cells.ts';
import { makeService, openChecked, tempDir } from '../helpers/service.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const dir = tempDir('listprep-memory-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The CLI in a child with at most `heapMb` of V8 heap: its exit code, output and peak RSS (MB). */
function cliWithHeap(heapMb: number, ...args: string[]) {
  const run = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, '--import', 'tsx', 'core/cli/main.ts', ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the CLI reads hostile structure in bounded memory', () => {
  it('20 MB of quotation marks in a data row: one unterminated, cut cell, with a 128 MB heap', () => {
    const file = path.join(dir, 'quotes.csv');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('line_uid,name\nU1,'), Buffer.alloc(20 * 1024 * 1024, 0x22), Buffer.from('\nU2,Bo\n')]));
    const run = cliWithHeap(128, 'check', file, '--json');
    expect(run.stderr).not.toMatch(/heap out of memory|FATAL|\n\s+at /);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const row2 = report.rows.find((r: { row: number }) => r.row === 2);
    expect(row2.issues.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['cell.too_large', 'file.unterminated_quote']));
    expect(row2.issues.find((i: { code: string }) => i.code === 'cell.too_large')).toMatchObject({ column: 'name', severity: 'error', params: { chars: '20,971,520' } });
  }, 30_000);

  it('a 60 MB single CJK cell: cut to its first 1,024 characters, the next row read, with a 128 MB heap', () => {
    const file = path.join(dir, 'cell.csv');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, 'line_uid,name\nU1,');
    const block = '長'.repeat(1024 * 1024);
    for (let i = 0; i < 20; i++) fs.writeSync(fd, block);
    fs.writeSync(fd, '\nU2,Bo\n');
    fs.closeSync(fd);
    const run = cliWithHeap(128, 'check', file, '--json');
    expect(run.stderr).not.toMatch(/heap out of memory|FATAL|\n\s+at /);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.summary.rows).toBe(2);
    const issue = report.rows[0].issues.find((i: { code: string }) => i.code === 'cell.too_large');
    expect(issue).toMatchObject({ row: 2, column: 'name', params: { chars: '20,971,520', limit: '1,048,576' } });
    expect(issue.message).toContain('kept only the first 1,024 characters');
  }, 30_000);
});

describe('Api answers are bounded', () => {
  it('queryRows sends a huge cell cut to 4,096 characters and getRow to 65,536, each marked with its full length', async () => {
    const big = 'a'.repeat(900_000); // under the reader's cap: kept whole in the case
    const file = path.join(dir, 'wide-cell.csv');
    fs.writeFileSync(file, `email,name\nann@example.com,${big}\nbo@example.com,Bo\n`);
    const { api } = makeService();
    try {
      const caseId = await openChecked(api, file, { channel: 'email' });
      const page = await api.queryRows({ caseId, offset: 0, limit: 10, filter: {} });
      expect(page.rows[0].cells[1]).toBe(big.slice(0, PAGE_CELL_CHARS));
      expect(page.rows[0].truncated).toEqual([{ index: 1, chars: 900_000 }]);
      expect(page.rows[1].truncated).toBeUndefined();
      expect(page.rows[1].cells).toEqual(['bo@example.com', 'Bo']);
      expect(JSON.stringify(page).length).toBeLessThan(64 * 1024);
      const row = await api.getRow({ caseId, row: 2 });
      expect(row.cells[1]).toBe(big.slice(0, ROW_CELL_CHARS));
      expect(row.truncated).toEqual([{ index: 1, chars: 900_000 }]);
      expect(JSON.stringify(row).length).toBeLessThan(ROW_CELL_CHARS + 16 * 1024);
    } finally {
      api.close();
    }
  });
});
