/**
 * Issue #15: a fix is all or nothing. A child process (crash-child.ts, mode `fix`) checks a
 * generated WhatsApp list, then accepts every fix of its most frequent fixable code as a job in a
 * worker thread; the test kills it with SIGKILL at several points of that job (and once after it).
 * The case file then has either the fix (every row fixed) and its log entry, or neither: never
 * "Accepted every … fix" over rows that did not change, nor changed rows with no entry to undo.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../core/store/case-store.ts';
import { META_KEY, type CaseMeta } from '../../core/store/case-meta.ts';
import { writeWhatsAppList } from '../bench/generate.ts';
import { tempDir } from '../helpers/service.ts';
import { killAllCrashChildren, startCrashChild } from './crash-child-process.ts';

const ROWS = 16_000;

let root: string;
let list: string;

beforeAll(async () => {
  root = tempDir('listprep-fix-crash-');
  list = path.join(root, 'list.csv');
  await writeWhatsAppList(list, ROWS, 11);
}, 60_000);

afterEach(killAllCrashChildren);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Starts crash-child.ts in `fix` mode; `next` resolves each line it prints, in order. */
function startChild(dataDir: string) {
  return startCrashChild(['fix', dataDir, list]);
}

/** What the killed case holds: 'both' (the fix and its entry), 'neither', or a failed expectation. */
function outcomeOf(casePath: string, code: string, fixable: number): 'both' | 'neither' {
  const store = new CaseStore(casePath);
  try {
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.getMeta<CaseMeta>(META_KEY)).toMatchObject({ fileName: 'list.csv', state: 'ready', rows: ROWS });
    const log = store.fixLog();
    const left = store.counts({}).byCode.find((c) => c.code === code)?.fixable ?? 0;
    if (log.length === 0) {
      expect(left).toBe(fixable);
      return 'neither';
    }
    expect(log).toMatchObject([{ description: `Accepted every ${code} fix (${fixable} rows)`, changedRows: fixable, undone: false }]);
    expect(left).toBe(0);
    return 'both';
  } finally {
    store.close();
  }
}

describe('kill -9 during a fix job', () => {
  it('leaves the fix and its log entry, or neither, wherever it is killed', { timeout: 240_000 }, async () => {
    const outcomes: string[] = [];
    // Milliseconds after the job starts; null: after it reported done.
    for (const [index, delay] of [0, 150, 400, 900, null].entries()) {
      const dataDir = path.join(root, `data-${index}`);
      const run = startChild(dataDir);
      const casePath = await run.next('CASE');
      const [code, count] = (await run.next('FIXING')).split(' ');
      if (delay === null) await run.next('FIXED');
      else await new Promise((resolve) => setTimeout(resolve, delay));
      expect(await run.kill()).toBe('SIGKILL');
      outcomes.push(outcomeOf(casePath, code, Number(count)));
    }
    // Killed at once the fix never committed; killed after done it had.
    expect(outcomes[0]).toBe('neither');
    expect(outcomes[outcomes.length - 1]).toBe('both');
  });
});
