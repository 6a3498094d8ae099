/**
 * R-F4 in the command: no output of a run (`apply --to`, any `--out` file) over a file the same
 * run reads (the list, `--contacts`, `--fields`), compared as the disk sees them (links, `..`,
 * relative paths, hard links). Refused before anything is read or written: exit 2, one line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../core/cli/main.ts';
import { fixture, tempDir } from '../helpers/service.ts';
import { fingerprint } from '../reliability/support.ts';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const sink = (write: (s: string) => void) => new Writable({ write(chunk, _enc, done) { write(String(chunk)); done(); } });
  const code = await main(argv, { stdout: sink((s) => (stdout += s)) as unknown as NodeJS.WriteStream, stderr: sink((s) => (stderr += s)) as unknown as NodeJS.WriteStream });
  return { code, stdout, stderr };
}

const LIST = 'WhatsApp_mobile,messaging_status,display_name\n0912345678,opted_in,Amy\n+85261234567,opted_in,Bo\n';

/** A folder with the list, a snapshot and definitions, and an `out` folder. */
function workspace() {
  const dir = tempDir('listprep-rf4-');
  const list = path.join(dir, 'list.csv');
  const contacts = path.join(dir, 'contacts.csv');
  const fields = path.join(dir, 'fields.csv');
  fs.writeFileSync(list, LIST);
  fs.copyFileSync(fixture('contacts-snapshot.csv'), contacts);
  fs.copyFileSync(fixture('custom-fields.csv'), fields);
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  return { dir, list, contacts, fields, out };
}

/** Every file under `dir` with its fingerprint (nothing may change). */
function tree(dir: string): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    found[path.relative(dir, full)] = entry.isSymbolicLink() ? `-> ${fs.readlinkSync(full)}` : entry.isFile() ? fingerprint(full) : 'dir';
  }
  return found;
}

async function expectRefused(dir: string, argv: string[], output: string, input: string) {
  const before = tree(dir);
  const { code, stdout, stderr } = await cli(...argv);
  expect(code, argv.join(' ')).toBe(2);
  expect(stdout).toBe('');
  expect(stderr).toBe(`listprep: output.is_input: The output "${output}" is the same file as "${input}", which this run reads, so writing it would replace that input. Nothing was written. Choose another name or folder for the output.\n`);
  expect(tree(dir)).toEqual(before);
}

describe('listprep refuses an output over one of its inputs (R-F4, output.is_input)', () => {
  it('apply L --contacts S --to L, and --to S', async () => {
    const { dir, list, contacts } = workspace();
    await expectRefused(dir, ['apply', list, '--contacts', contacts, '--to', list], list, list);
    await expectRefused(dir, ['apply', list, '--contacts', contacts, '--to', contacts], contacts, contacts);
  });

  it('--to through a link, a relative path with "..", or a hard link to the snapshot', async () => {
    const { dir, list, contacts } = workspace();
    const link = path.join(dir, 'out', 'link.csv');
    fs.symlinkSync(contacts, link);
    await expectRefused(dir, ['apply', list, '--contacts', contacts, '--to', link], link, contacts);
    const relative = path.relative(process.cwd(), path.join(dir, 'out', '..', 'contacts.csv'));
    await expectRefused(dir, ['apply', list, '--contacts', contacts, '--to', relative], contacts, contacts);
    const hard = path.join(dir, 'out', 'hard.csv');
    fs.linkSync(contacts, hard);
    await expectRefused(dir, ['apply', list, '--contacts', contacts, '--to', hard], hard, contacts);
  });

  it('check list.csv --contacts out/list.snapshot.csv --out out', async () => {
    const { dir, list, out } = workspace();
    const snapshot = path.join(out, 'list.snapshot.csv');
    fs.copyFileSync(fixture('contacts-snapshot.csv'), snapshot);
    await expectRefused(dir, ['check', list, '--contacts', snapshot, '--out', out], snapshot, snapshot);
  });

  it('--fields out/list.errors.csv --out out', async () => {
    const { dir, list, out } = workspace();
    const errors = path.join(out, 'list.errors.csv');
    fs.copyFileSync(fixture('custom-fields.csv'), errors);
    await expectRefused(dir, ['check', list, '--fields', errors, '--out', out], errors, errors);
  });

  it('an --out folder reached through a link, holding the list as its upload-ready file', async () => {
    const { dir, out } = workspace();
    const list = path.join(out, 'list.upload-ready.csv');
    fs.writeFileSync(list, LIST);
    // The list is read through a link named list.csv elsewhere: its outputs are list.*.csv.
    const named = path.join(dir, 'list.csv');
    fs.rmSync(named);
    fs.symlinkSync(list, named);
    const linkedOut = path.join(dir, 'linked-out');
    fs.symlinkSync(out, linkedOut);
    await expectRefused(dir, ['check', named, '--out', linkedOut], path.join(linkedOut, 'list.upload-ready.csv'), named);
  });

  it('a split upload-ready file (--split-country) that is the snapshot', async () => {
    const { dir, list, out } = workspace();
    const tw = path.join(out, 'list.upload-ready.TW.csv');
    fs.copyFileSync(fixture('contacts-snapshot.csv'), tw);
    await expectRefused(dir, ['check', list, '--contacts', tw, '--split-country', '--out', out], tw, tw);
    // Without splitting no file of that name is written: the run goes ahead.
    const run = await cli('check', list, '--contacts', tw, '--out', out);
    expect([run.code, run.stderr]).toEqual([1, '']); // 1: the Hong Kong number fails under region TW
    expect(fs.existsSync(path.join(out, 'list.upload-ready.csv'))).toBe(true);
    expect(fs.readFileSync(tw, 'utf8')).toBe(fs.readFileSync(fixture('contacts-snapshot.csv'), 'utf8'));
  });

  it('says it in Traditional Chinese with --lang zh-TW', async () => {
    const { list, contacts } = workspace();
    const { code, stderr } = await cli('apply', list, '--contacts', contacts, '--to', contacts, '--lang', 'zh-TW');
    expect(code).toBe(2);
    expect(stderr).toBe(`listprep: output.is_input: 輸出檔「${contacts}」與這次讀取的「${contacts}」是同一個檔案，寫入會覆蓋這個輸入檔，因此沒有寫入任何檔案。請為輸出檔選擇其他檔名或資料夾。\n`);
  });

  it('writes when every output is a different file', async () => {
    const { list, contacts, out } = workspace();
    const next = path.join(out, 'after.csv');
    const run = await cli('apply', list, '--contacts', contacts, '--to', next);
    expect([run.code, run.stderr]).toEqual([1, '']);
    expect(fs.readFileSync(next, 'utf8').split('\r\n')[0]).toMatch(/^contact_id,channel,/);
  });
});
