/** Excluded rows (format 6) and the matching rule of find and replace (edit-kinds.ts). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../core/store/case-store.ts';
import { SCHEMA_VERSION } from '../../core/store/schema.ts';
import { replacedCell } from '../../core/jobs/edit-kinds.ts';

describe('excluded rows', () => {
  it('are kept in a side table; a case of format 5 is upgraded with none excluded', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'listprep-excluded-')), 'case.listprep');
    const store = new CaseStore(file);
    store.setExcluded([5, 3, 5], true);
    expect([...store.excludedRows()].sort()).toEqual([3, 5]);
    store.setExcluded([5], false);
    expect(store.excludedCount()).toBe(1);
    store.close();
    // A format-5 case: the format-6 fixture (format-7.test.ts) without the table format 6 added.
    const older = path.join(path.dirname(file), 'format-5.listprep');
    fs.copyFileSync(path.join(import.meta.dirname, '../fixtures/cases/format-6.listprep'), older);
    const db = new Database(older);
    db.exec('DROP TABLE excluded_rows');
    db.pragma('user_version = 5');
    db.close();
    const reopened = new CaseStore(older);
    expect(reopened.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(reopened.excludedCount()).toBe(0);
    reopened.setExcluded([7], true);
    expect([...reopened.excludedRows()]).toEqual([7]);
    reopened.close();
  });
});

describe('replacedCell', () => {
  it('replaces every match, A–Z in any case unless matchCase, and whole cells only with wholeCell', () => {
    expect(replacedCell('VIP vip Vip', { find: 'vip', replace: 'Gold' })).toBe('Gold Gold Gold');
    expect(replacedCell('VIP vip Vip', { find: 'vip', replace: 'Gold', matchCase: true })).toBe('VIP Gold Vip');
    expect(replacedCell('vip member', { find: 'VIP', replace: 'Gold', wholeCell: true })).toBeUndefined();
    expect(replacedCell('Vip', { find: 'vip', replace: 'Gold', wholeCell: true })).toBe('Gold');
    // "$&" is text, not a pattern; a replacement that changes nothing is no edit.
    expect(replacedCell('a-b', { find: '-', replace: '$&' })).toBe('a$&b');
    expect(replacedCell('abc', { find: 'b', replace: 'b' })).toBeUndefined();
    expect(replacedCell('台北 台北', { find: '台北', replace: '臺北' })).toBe('臺北 臺北');
    expect(replacedCell('aaa', { find: 'aa', replace: 'a' })).toBe('aa');
  });
});
