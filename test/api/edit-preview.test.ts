/**
 * An edit's preview is bounded (issue #17): it looks at the first rows of the file only, at most
 * `previewRowBound` of them, and past that tells an honest lower bound (`complete: false`, the rows
 * it looked at and the case's rows); the edit itself still changes every row. Small bounds here, on
 * a 30-row list, stand for the 50,000 of a million-row case.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Service } from '../../core/api/service.ts';
import { PREVIEW_ROW_BOUND } from '../../core/jobs/edit-preview.ts';
import { fixed, makeService, openChecked, tempDir } from '../helpers/service.ts';

let api: Service | undefined;
afterEach(() => api?.close());

/** Row i+1 of the file (i = 1…30): the tag is "VIP new", "new" or "vip" in turn. */
const TAGS = ['vip', 'VIP new', 'new'];
const LIST = ['customer_id,display_name,email,messaging_status,tag', ...Array.from({ length: 30 }, (_, k) => `C-${k + 1},Name ${k + 1},user${k + 1}@example.com,subscribed,${TAGS[(k + 1) % 3]}`)].join('\n') + '\n';

async function listCase(previewRowBound: number | undefined) {
  const dir = tempDir();
  const file = path.join(dir, 'list.csv');
  fs.writeFileSync(file, LIST);
  api = makeService(previewRowBound === undefined ? {} : { previewRowBound }).api;
  const caseId = await openChecked(api, file, { channel: 'email', key: 'email' });
  return { service: api, caseId };
}

const vipToGold = { kind: 'replace' as const, find: 'vip', replace: 'Gold', columnIndex: 4 };

describe('bounded edit preview', () => {
  it('counts exactly when the case has no more rows than the bound (the default bound is 50,000)', async () => {
    expect(PREVIEW_ROW_BOUND).toBe(50_000);
    const { service, caseId } = await listCase(30);
    // Tags with "vip" in any case: every row but each third (i ≡ 2 mod 3): 20 of 30.
    expect(await service.previewEdit({ caseId, fix: vipToGold })).toEqual({ cells: 20, rows: 20, complete: true });
    expect(await service.previewEdit({ caseId, fix: { kind: 'set', value: 'new', columnIndex: 4, filter: {} } })).toEqual({ cells: 20, rows: 20, complete: true });
    expect(await fixed(service, service.applyFix({ caseId, fix: vipToGold }))).toEqual({ changedRows: 20 });
  });

  it('past the bound, counts the first rows only and says so; the edit still changes every row', async () => {
    const { service, caseId } = await listCase(10);
    const partial = (cells: number, rows: number) => ({ cells, rows, complete: false, rowsLookedAt: 10, rowsInCase: 30 });
    // Rows 2–11 (i = 1…10): "vip" in the tags of i = 1, 3, 4, 6, 7, 9, 10.
    expect(await service.previewEdit({ caseId, fix: vipToGold })).toEqual(partial(7, 7));
    expect(await service.previewEdit({ caseId, fix: { ...vipToGold, matchCase: true } })).toEqual(partial(3, 3));
    // Every column: "e" is in each display_name ("Name"), email ("user…example.com") and status ("subscribed"), and in the tags "new" and "VIP new".
    expect(await service.previewEdit({ caseId, fix: { kind: 'replace', find: 'e', replace: 'E' } })).toEqual(partial(10 + 10 + 10 + 7, 10));
    // Set for a filter (text "VIP": only tags have it): the same 7 rows; a value they already have changes nothing.
    expect(await service.previewEdit({ caseId, fix: { kind: 'set', value: 'x', columnIndex: 4, filter: { text: 'VIP' } } })).toEqual(partial(7, 7));
    expect(await service.previewEdit({ caseId, fix: { kind: 'set', value: 'new', columnIndex: 4, filter: {} } })).toEqual(partial(7, 7));
    expect(await service.previewEdit({ caseId, fix: { kind: 'replace', find: 'nothing here', replace: 'x' } })).toEqual(partial(0, 0));
    // A wrong column is refused at once, as the edit would be.
    await expect(service.previewEdit({ caseId, fix: { ...vipToGold, columnIndex: 9 } })).rejects.toMatchObject({ code: 'input.invalid' });

    // Exclusions by filter: rows already excluded do not change; the excluded-only filter takes those.
    expect(await fixed(service, service.applyFix({ caseId, fix: { kind: 'exclude', rows: [2, 3, 20], excluded: true } }))).toEqual({ changedRows: 3 });
    expect(await service.previewEdit({ caseId, fix: { kind: 'exclude', filter: {}, excluded: true } })).toEqual(partial(8, 8));
    expect(await service.previewEdit({ caseId, fix: { kind: 'exclude', filter: { excluded: true }, excluded: false } })).toEqual(partial(2, 2));
    expect(await service.previewEdit({ caseId, fix: { kind: 'set', value: 'x', columnIndex: 4, filter: { excluded: true } } })).toEqual(partial(2, 2));
    // Exclusions by row number are counted exactly (at most 100,000 rows, read by number).
    expect(await service.previewEdit({ caseId, fix: { kind: 'exclude', rows: [20, 31], excluded: true } })).toEqual({ cells: 1, rows: 1, complete: true });

    // The edit is not bounded: all 20 rows with "vip" change.
    expect(await fixed(service, service.applyFix({ caseId, fix: vipToGold }))).toEqual({ changedRows: 20 });
    const tags = (await service.queryRows({ caseId, offset: 0, limit: 100 })).rows.map((r) => r.cells[4]);
    expect(tags.filter((t) => t.startsWith('Gold'))).toHaveLength(20);
    expect(await service.previewEdit({ caseId, fix: vipToGold })).toEqual(partial(0, 0));
  });
});
