/**
 * Issue #7, hostile case files: "Open case…" on something that is not a sound ListPrep case
 * (random bytes, an empty file, another program's SQLite database, a newer case, a case of a
 * development build's format, a truncated case, a case whose meta is not JSON or lacks fields or
 * carries `__proto__`, a folder, a CSV) is refused
 * with `case.unreadable` and a clear message, and the file is left exactly as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../core/api/service.ts';
import { fixture, makeService, openChecked, tempDir } from '../helpers/service.ts';
import { expectNoPollution, fingerprint } from './support.ts';

let dir: string;
let api: Service;
let realCase: string;

beforeAll(async () => {
  dir = tempDir('listprep-case-files-');
  ({ api } = makeService());
  const caseId = await openChecked(api, fixture('whatsapp-from-excel.csv'));
  realCase = (await api.getCase({ caseId })).casePath;
  await api.closeCase({ caseId });
});
afterAll(() => {
  api.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => expectNoPollution());

/** A copy of a real case with one SQL statement applied (the copy's WAL folded in first). */
function damagedCase(name: string, sql: string): string {
  const file = path.join(dir, name);
  const db = new Database(realCase, { readonly: true });
  db.prepare('VACUUM INTO ?').run(file);
  db.close();
  const copy = new Database(file);
  copy.exec(sql);
  copy.close();
  return file;
}

const CASES: { name: string; make: () => string; message: RegExp }[] = [
  {
    name: 'random bytes',
    make: () => {
      const file = path.join(dir, 'random.listprep');
      fs.writeFileSync(file, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 256)));
      return file;
    },
    message: /^"random\.listprep" cannot be opened as a ListPrep case \(file is not a database\)\.$/,
  },
  {
    name: 'an empty file (it stays empty)',
    make: () => {
      const file = path.join(dir, 'empty.listprep');
      fs.writeFileSync(file, '');
      return file;
    },
    message: /^"empty\.listprep" cannot be opened as a ListPrep case \(it is not a ListPrep case file\)\.$/,
  },
  {
    name: "another program's SQLite database (not modified)",
    make: () => {
      const file = path.join(dir, 'other-app.db');
      const db = new Database(file);
      db.exec("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts (name) VALUES ('Ann');");
      db.close();
      return file;
    },
    message: /^"other-app\.db" cannot be opened as a ListPrep case \(it is not a ListPrep case file\)\.$/,
  },
  {
    name: 'a case saved by a newer ListPrep (not modified)',
    make: () => damagedCase('newer.listprep', 'PRAGMA user_version = 99;'),
    message: /^"newer\.listprep" cannot be opened as a ListPrep case \(This case was saved by a newer ListPrep \(format 99; this version reads up to \d+\)\. Update ListPrep to open it\.\)\.$/,
  },
  {
    name: 'a case of format 2, which only development builds wrote (not modified)',
    make: () => {
      const file = path.join(dir, 'format-2.listprep');
      fs.copyFileSync(path.resolve('test/fixtures/cases/format-2.listprep'), file);
      return file;
    },
    message: /^"format-2\.listprep" cannot be opened as a ListPrep case \(it was saved by a development build of ListPrep \(format 2\), which this version does not open\. Open the list again to make a new case\)\.$/,
  },
  {
    name: 'a truncated case',
    make: () => {
      const file = path.join(dir, 'truncated.listprep');
      const whole = fs.readFileSync(damagedCase('whole.listprep', 'SELECT 1;'));
      fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
      return file;
    },
    message: /^"truncated\.listprep" cannot be opened as a ListPrep case \(database disk image is malformed\)\.$/,
  },
  {
    name: 'case information that is not JSON',
    make: () => damagedCase('not-json.listprep', "UPDATE meta SET value = '{not json' WHERE name = 'case';"),
    message: /^"not-json\.listprep" cannot be opened as a ListPrep case \(it is damaged: its case information cannot be read\)\.$/,
  },
  {
    name: 'case information with __proto__ and missing fields',
    make: () => damagedCase('proto.listprep', `UPDATE meta SET value = '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"state":"ready"}' WHERE name = 'case';`),
    message: /^"proto\.listprep" cannot be opened as a ListPrep case \(it is damaged: its case information cannot be read\)\.$/,
  },
  {
    name: 'a case without case information',
    make: () => damagedCase('no-meta.listprep', 'DELETE FROM meta;'),
    message: /^"no-meta\.listprep" cannot be opened as a ListPrep case \(it is damaged: its case information cannot be read\)\.$/,
  },
  {
    name: 'a CSV file',
    make: () => {
      const file = path.join(dir, 'list.csv');
      fs.copyFileSync(fixture('whatsapp-from-excel.csv'), file);
      return file;
    },
    message: /^"list\.csv" cannot be opened as a ListPrep case \(file is not a database\)\.$/,
  },
];

describe('opening something that is not a sound case', () => {
  it.each(CASES)('$name: refused clearly, file unchanged', async ({ make, message }) => {
    const file = make();
    const before = fingerprint(file);
    const siblings = fs.readdirSync(dir).sort();
    const error = (await api.openCase({ path: file }).catch((e: unknown) => e)) as { code: string; message: string };
    expect(error).toMatchObject({ code: 'case.unreadable' });
    expect(error.message).toMatch(message);
    expect(fingerprint(file)).toEqual(before);
    expect(fs.readdirSync(dir).sort()).toEqual(siblings); // no -wal or -shm left beside it
  });

  it('a folder named like a case is refused', async () => {
    const folder = path.join(dir, 'folder.listprep');
    fs.mkdirSync(folder);
    await expect(api.openCase({ path: folder })).rejects.toMatchObject({ code: 'case.unreadable' });
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it.each([
    ['text that is not JSON', "UPDATE row_blocks SET checked = CAST('[[2,0,' AS BLOB)", /cannot be read \(/],
    ['an index that does not match', "UPDATE row_blocks SET positions = zeroblob(8)", /cannot be read \(its index does not match its rows\)/],
    ['a row that is not as written', "UPDATE row_blocks SET simulated = CAST(replace(CAST(simulated AS TEXT), '[4,', '[9,') AS BLOB)", /cannot be read \(a row is not as written\)/],
    ['a list of fields it does not have', 'UPDATE row_blocks SET layout = 77', /cannot be read \(their values name a list of fields, 77, the case does not have\)/],
  ])('a case whose rows are damaged (%s) opens, and reading them says which and what to do', async (name, sql, why) => {
    const file = damagedCase(`rows-${name.replace(/\W+/g, '-')}.listprep`, sql);
    const { caseId } = await api.openCase({ path: file });
    try {
      const error = (await api.queryRows({ caseId, offset: 0, limit: 100, filter: {} }).catch((e: unknown) => e)) as { code: string; message: string };
      expect(error).toMatchObject({ code: 'case.unreadable' });
      expect(error.message).toMatch(/^This case file is damaged: rows 2–7 cannot be read/);
      expect(error.message).toMatch(why);
      expect(error.message).toMatch(/\. Open the list again to make a new case from it\.$/);
    } finally {
      await api.closeCase({ caseId });
    }
  });

  it("another program's database keeps its data", async () => {
    const file = path.join(dir, 'other-app.db');
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT name FROM contacts').all()).toEqual([{ name: 'Ann' }]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'contacts' }]);
    db.close();
  });

  it('a sound case still opens', async () => {
    const { caseId } = await api.openCase({ path: realCase });
    expect((await api.getCase({ caseId })).state).toBe('ready');
    await api.closeCase({ caseId });
  });
});
