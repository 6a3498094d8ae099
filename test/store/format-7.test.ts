/**
 * Format 7 (schema.ts): a block's key hashes in block_keys, a fix's cell edits in one row of
 * fix_edits. A real format-6 case is upgraded (fixtures/cases/format-6.listprep: 4,500 rows of
 * support.ts's messyList(dir, 4500, 11) in three blocks, made by the app of commit 8dd5758 with three
 * fixes: every cell.whitespace fix, row 5 column 3 set by hand to a text with a lone surrogate, and
 * every gender.invalid fix, undone). Its rows, key lookups and fix log must be as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../core/store/case-store.ts';
import { SCHEMA_VERSION } from '../../core/store/schema.ts';
import { fixTask } from '../../core/jobs/fix-task.ts';
import { storedTuples } from './support.ts';
import { FIXTURES, tempDir } from '../helpers/service.ts';

const ctx = { signal: new AbortController().signal, progress: () => {} };

/** A copy of the format-6 case, and what its file holds as format 6 wrote it. */
function format6Case() {
  const file = path.join(tempDir('listprep-format7-'), 'case.listprep');
  fs.copyFileSync(path.join(FIXTURES, 'cases/format-6.listprep'), file);
  const db = new Database(file, { readonly: true });
  expect(db.pragma('user_version', { simple: true })).toBe(6);
  const blocks = db.prepare('SELECT id, keys FROM row_blocks ORDER BY id').all() as { id: number; keys: Buffer }[];
  const tuples = db.prepare('SELECT checked, simulated FROM row_blocks ORDER BY first_seq').all() as { checked: Buffer; simulated: Buffer }[];
  const fixes = db.prepare('SELECT id, at, description, fix, changed_rows, undone FROM fixes ORDER BY id').all() as { id: number; at: string; description: string; fix: string; changed_rows: number; undone: number }[];
  // Format 6 kept a text UTF-8 cannot hold as its UTF-16 bytes.
  const text = (t: string | Buffer) => (typeof t === 'string' ? t : t.toString('utf16le'));
  const cells = new Map<number, { row: number; col: number; before: string; after: string }[]>();
  for (const c of db.prepare('SELECT fix_id, row, col, before, after FROM fix_cells ORDER BY rowid').all() as { fix_id: number; row: number; col: number; before: string | Buffer; after: string | Buffer }[]) {
    if (!cells.has(c.fix_id)) cells.set(c.fix_id, []);
    cells.get(c.fix_id)!.push({ row: c.row, col: c.col, before: text(c.before), after: text(c.after) });
  }
  db.close();
  return { file, blocks, tuples, fixes, cells };
}

/** Every row's key, read row by row: what rowsWithKeys must find. */
function rowsByKey(store: CaseStore): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const page of store.allRows()) {
    for (const r of page) if (r.key !== undefined) (out.get(r.key) ?? out.set(r.key, []).get(r.key)!).push(r.row);
  }
  return out;
}

describe('case formats 7 and 8', () => {
  it('upgrades a format-6 case: the same rows, key hashes moved to block_keys, the fix log one row per fix, the directory indexed', async () => {
    const before = format6Case();
    expect(before.blocks.length).toBe(3);
    expect([...before.cells.keys()]).toEqual([1, 2, 3]);
    expect(before.cells.get(2)).toEqual([{ row: 5, col: 2, before: expect.any(String), after: 'Ann \uD800 Lee' }]);

    const store = new CaseStore(before.file);
    expect(SCHEMA_VERSION).toBe(8);
    expect(store.db.pragma('user_version', { simple: true })).toBe(8);
    // Format 8: the directory of blocks comes from its index alone.
    expect((store.db.prepare('EXPLAIN QUERY PLAN SELECT id, first_seq, n, first_row, last_row, layout FROM row_blocks ORDER BY first_seq').all() as { detail: string }[]).map((r) => r.detail))
      .toEqual(['SCAN row_blocks USING COVERING INDEX row_blocks_directory']);
    expect((store.db.prepare("SELECT name FROM pragma_table_info('row_blocks')").all() as { name: string }[]).map((c) => c.name))
      .toEqual(['id', 'first_seq', 'n', 'first_row', 'last_row', 'layout', 'positions', 'checked', 'simulated']);
    expect(store.db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'fix_cells%'").all()).toEqual([]);
    expect(store.db.prepare('SELECT block AS id, keys FROM block_keys ORDER BY block').all()).toEqual(before.blocks);
    expect(storedTuples(store).map((t) => [t.checked, t.simulated])).toEqual(before.tuples.flatMap((b) => {
      const checked = JSON.parse(b.checked.toString('utf8')) as unknown[];
      const simulated = JSON.parse(b.simulated.toString('utf8')) as unknown[];
      return checked.map((c, i) => [JSON.stringify(c), JSON.stringify(simulated[i])]);
    }));

    // The fix log, as the Api shows it, and each entry's cells in the order they were made.
    expect(store.fixLog()).toEqual(before.fixes.map((f) => ({ id: f.id, at: f.at, description: f.description, fix: JSON.parse(f.fix) as unknown, changedRows: f.changed_rows, undone: f.undone === 1 })));
    expect(store.db.prepare('SELECT fix_id FROM fix_edits ORDER BY fix_id').all()).toEqual([{ fix_id: 1 }, { fix_id: 2 }, { fix_id: 3 }]);
    expect(store.fixToToggle('undo')).toEqual({ id: 2, fix: { kind: 'cell', row: 5, columnIndex: 2, value: 'Ann \uD800 Lee' }, cells: before.cells.get(2) });
    expect(store.fixToToggle('redo')).toEqual({ id: 3, fix: { kind: 'code', code: 'gender.invalid' }, cells: before.cells.get(3) });
    expect(before.cells.get(3)!.length).toBe(148);

    // Key lookups: a few keys (SQLite finds their hashes), many (every block's hashes read), and without a fix's rows.
    const byKey = rowsByKey(store);
    const keys = [...byKey.keys()];
    expect(keys.length).toBeGreaterThan(100);
    const shared = keys.filter((k) => byKey.get(k)!.length > 1 && byKey.get(k)!.some((r) => r <= 2001) && byKey.get(k)!.some((r) => r > 2001));
    expect(shared.length).toBeGreaterThan(0);
    for (const key of [...shared.slice(0, 5), keys[0], keys[keys.length - 1]]) expect(store.rowsWithKeys([key])).toEqual(byKey.get(key));
    const many = keys.slice(0, 40);
    expect(store.rowsWithKeys(many)).toEqual(many.flatMap((k) => byKey.get(k)!).sort((a, b) => a - b));
    const rows = byKey.get(shared[0])!;
    expect(store.rowsWithKeys([shared[0]], new Set([rows[0]]))).toEqual(rows.slice(1));
    expect(store.rowsWithKeys(['no such key'])).toEqual([]);

    // Undo and redo go on from the upgraded log: redo the undone bulk fix, undo it, and a new fix drops it.
    const fixable = () => store.rowsWithFix('gender.invalid').length;
    expect(fixable()).toBe(148);
    expect(await fixTask(store, { kind: 'redo' }, ctx)).toEqual({ changedRows: 148, headerChanged: false });
    expect(fixable()).toBe(0);
    expect(await fixTask(store, { kind: 'undo' }, ctx)).toEqual({ changedRows: 148, headerChanged: false });
    expect(fixable()).toBe(148);
    const row = rows[0];
    const original = store.getRow(row)!.cells[6];
    expect(original).not.toBe('edited');
    expect(await fixTask(store, { kind: 'apply', fix: { kind: 'cell', row, columnIndex: 6, value: 'edited' } }, ctx)).toEqual({ changedRows: 1, headerChanged: false });
    // The undone entry and its 148 cells are gone (its number is taken again, as before format 7).
    expect(store.fixLog().map((f) => [f.id, f.description, f.undone])).toEqual([[1, before.fixes[0].description, false], [2, before.fixes[1].description, false], [3, 'Edited row ' + row + ', column 7', false]]);
    expect(store.db.prepare('SELECT fix_id FROM fix_edits ORDER BY fix_id').all()).toEqual([{ fix_id: 1 }, { fix_id: 2 }, { fix_id: 3 }]);
    expect(store.fixToToggle('undo')?.cells).toEqual([{ row, col: 6, before: original, after: 'edited' }]);
    expect(store.getRow(row)?.cells[6]).toBe('edited');
    expect(store.rowsWithKeys([shared[0]])).toEqual(rows);
    await fixTask(store, { kind: 'undo' }, ctx);
    expect(store.getRow(row)?.cells[6]).toBe(original);
    store.close();
  });
});
