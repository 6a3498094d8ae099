/**
 * A fix, an edit or an undo brings only some rows up to date (fix-engine.ts: in one pass when no key
 * cell changes, else in two), and the rows must come out exactly as a full re-check of every row
 * leaves them. Lists with repeated and damaged keys, so key groups (R-M6) are replayed.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Fix, RowView } from '../../core/contract/api.ts';
import { fixed, makeService, openChecked, tempDir, waitJob } from '../helpers/service.ts';
import { WHATSAPP_HEADER } from '../bench/generate.ts';

const PHONES = ['0912345678', '912345678', '0922333444', '+886922333444', '0933111222', '933111222', '8.86933E+11', '', '0991234567', '+85261234567'];
const STATUSES = ['opted_in', 'Opted In', 'opted_out', 'yes', ''];
const GENDERS = ['female', 'male', 'F', '男', 'unknown', ''];
const BIRTHDAYS = ['1990-01-02', '1990/1/2', '80/02/30', '1990-13-31', ''];
const EMAILS = ['amy@example.com', 'amy@gmial.com', 'bob@example.com', ''];

const row = fc.tuple(
  fc.constantFrom(...PHONES), fc.constantFrom(...STATUSES), fc.constantFrom('陳美玲', 'Amy'), fc.constantFrom(...GENDERS),
  fc.constantFrom('C-1', 'C-2', ''), fc.constantFrom(...PHONES), fc.constantFrom(...EMAILS), fc.constantFrom(...BIRTHDAYS), fc.constantFrom('VIP', ''),
);
/** What is done to the case: a fix of every row with a code (the n-th fixable one), an edit of one cell, each maybe undone. */
const action = fc.record({
  kind: fc.constantFrom('code', 'cell'),
  pick: fc.nat(),
  column: fc.nat({ max: WHATSAPP_HEADER.length - 1 }),
  value: fc.constantFrom(...PHONES, ...BIRTHDAYS, 'opted_out', 'female'),
  undo: fc.boolean(),
});

const csvLine = (cells: readonly string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

describe('a fix brings its rows up to date as a full re-check does', () => {
  const { api } = makeService();
  const dir = tempDir();
  afterAll(() => api.close());
  let file = 0;

  async function allRows(caseId: string): Promise<RowView[]> {
    return (await api.queryRows({ caseId, offset: 0, limit: 1000, filter: {} })).rows;
  }

  it('for fixes of every kind of row, edits of any column (key cells included) and their undo', async () => {
    let fixes = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 2, maxLength: 40 }), action, async (rows, act) => {
        const list = path.join(dir, `list-${file++}.csv`);
        fs.writeFileSync(list, [WHATSAPP_HEADER, ...rows].map(csvLine).join('\n') + '\n');
        const caseId = await openChecked(api, list);
        let fix: Fix;
        if (act.kind === 'code') {
          const fixable = (await api.getCounts({ caseId, filter: {} })).byCode.filter((c) => c.fixable > 0 && c.code !== 'header.alias');
          if (fixable.length === 0) return;
          fix = { kind: 'code', code: fixable[act.pick % fixable.length].code };
        } else {
          fix = { kind: 'cell', row: 2 + (act.pick % rows.length), columnIndex: act.column, value: act.value };
        }
        const result = await fixed(api, api.applyFix({ caseId, fix }));
        if (result.changedRows > 0) fixes++;
        if (act.undo) await fixed(api, api.undo({ caseId }));
        const incremental = await allRows(caseId);
        const recheck = await waitJob(api, (await api.recheckCase({ caseId })).jobId);
        expect(recheck.state).toBe('done');
        expect(incremental).toEqual(await allRows(caseId));
      }),
      { numRuns: Number(process.env.LISTPREP_FUZZ_RUNS ?? 40) },
    );
    expect(fixes).toBeGreaterThan(10);
  }, 120_000);
});
