import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli-run.ts';
import { fixture, tempDir } from '../helpers/service.ts';
import { random, whatsAppRow, writeWhatsAppList, WHATSAPP_HEADER } from '../bench/generate.ts';
import { testWorkerScript } from '../helpers/test-worker.ts';

/** Runs the CLI in process, capturing stdout and stderr. */
async function cli(...argv: string[]) {
  return cliWith({}, ...argv);
}

/** The same with options, e.g. a validation thread for files of any size (as the installed command uses for big ones). */
const cliWith = runCli;

const helperThreads = { parallel: { script: testWorkerScript(), minBytes: 0 } };

interface JsonReport {
  channel: string; key: string; region: string;
  summary: Record<string, number>;
  fileIssues: { code: string; severity: string; message: string }[];
  rows: { row: number; outcome: string; contactId?: string; issues: { row?: number; column?: string; code: string; severity: string; fix?: string; message: string; value?: string }[]; changes: { field: string; from: string; to: string }[] }[];
  unification?: { profiles: number; conflicts: { customerIds: string[]; unifiedContactIds: string[]; linkedBy: string[] }[] };
}

const codesOfRow = (report: JsonReport, row: number) => report.rows.find((r) => r.row === row)!.issues.map((i) => i.code);

describe('listprep check --json on the WhatsApp sample (fixtures/README.md)', () => {
  it('reports the spreadsheet damage with the right codes, rows and fixes', async () => {
    const { code, stdout } = await cli('check', fixture('whatsapp-from-excel.csv'), '--json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report).toMatchObject({ channel: 'whatsapp', key: 'phone', region: 'TW' });
    expect(report.summary).toEqual({ rows: 6, create: 1, update: 0, unchanged: 0, skip: 1, fail: 4 });
    expect(report.rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7]);
    const row2 = report.rows[0].issues;
    expect(row2.filter((i) => i.code === 'phone.leading_zero_lost').map((i) => [i.column, i.fix])).toEqual([['WhatsApp_mobile', '+886933111222'], ['mobile', '+886933111222']]);
    expect(row2.find((i) => i.code === 'gender.invalid')?.fix).toBe('female');
    expect(row2.find((i) => i.code === 'date.invalid')?.fix).toBe('1988-07-09');
    expect(codesOfRow(report, 3)).toEqual(expect.arrayContaining(['phone.scientific', 'date.invalid']));
    expect(codesOfRow(report, 4)).toEqual(expect.arrayContaining(['status.missing', 'phone.format']));
    expect(report.rows[2].outcome).toBe('skip');
    const row5 = report.rows[3].issues;
    expect(row5.find((i) => i.code === 'status.invalid')?.fix).toBe('opted_in');
    expect(row5.find((i) => i.code === 'gender.invalid')?.fix).toBe('male');
    expect(row5.find((i) => i.code === 'date.invalid')?.fix).toBe('1989-05-20');
    expect(row5.find((i) => i.code === 'tag.separator')?.fix).toBe('新客,VIP');
    expect(codesOfRow(report, 6)).toContain('phone.other_region');
    const dup = report.rows[5].issues.find((i) => i.code === 'key.duplicate_in_file');
    expect(dup?.message).toMatch(/^Row 7, column "WhatsApp_mobile": Same WhatsApp_mobile as row 4\./);
    for (const row of report.rows) for (const issue of row.issues) expect(issue.message).toMatch(/^Row \d+/);
  });

  it('replays against the contact snapshot and previews unification', async () => {
    const { stdout } = await cli('check', fixture('whatsapp-from-excel.csv'), '--json', '--contacts', fixture('contacts-snapshot.csv'), '--fix', 'all', '--unify');
    const report = JSON.parse(stdout) as JsonReport;
    const row7 = report.rows.find((r) => r.row === 7)!;
    expect(row7).toMatchObject({ outcome: 'update', contactId: 'W1' });
    expect(row7.changes).toEqual([{ field: 'gender', from: '', to: 'female' }]);
    expect(report.rows.find((r) => r.row === 2)).toMatchObject({ outcome: 'create', contactId: 'new-2' });
    expect(report.unification?.conflicts).toEqual([{ customerIds: ['M-0004', 'M-0009'], unifiedContactIds: expect.any(Array), linkedBy: ['phone=+886955666778'] }]);
    expect(report.unification?.profiles).toBeGreaterThan(0);
  });
});

describe('listprep check with a helper thread (the list validated ahead while the snapshot is read)', () => {
  it('reports exactly what the single-threaded run reports, contacts and unification included', async () => {
    const out = [tempDir(), tempDir()];
    const args = (dir: string) => ['check', fixture('whatsapp-from-excel.csv'), '--json', '--contacts', fixture('contacts-snapshot.csv'), '--fix', 'all', '--unify', '--out', dir];
    // One moment for both runs: the contacts they touch are stamped with it (two clocks could straddle a second).
    const now = new Date(2025, 5, 1, 10, 0, 0);
    const inline = await cliWith({ now }, ...args(out[0]));
    const threaded = await cliWith({ ...helperThreads, now }, ...args(out[1]));
    expect(threaded.code).toBe(inline.code);
    expect(threaded.stdout.replaceAll(out[1], '<out>')).toBe(inline.stdout.replaceAll(out[0], '<out>'));
    const snapshot = 'whatsapp-from-excel.snapshot.csv';
    expect(fs.readFileSync(path.join(out[1], snapshot), 'utf8')).toBe(fs.readFileSync(path.join(out[0], snapshot), 'utf8'));
  });

  it('prints the summary the single-threaded run prints, examples worded though the worker sends no messages', async () => {
    const r = random(9);
    const lines = [WHATSAPP_HEADER.join(',')];
    for (let i = 0; i < 5000; i++) lines.push(whatsAppRow(i % 3000, r).map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','));
    const file = path.join(tempDir(), 'list.csv');
    fs.writeFileSync(file, lines.join('\n'));
    const now = new Date(2025, 5, 1, 10, 0, 0);
    // With a snapshot to read first, every row is validated in the worker (none on this thread).
    const args = ['check', file, '--contacts', fixture('contacts-snapshot.csv')];
    for (const lang of ['en', 'zh-TW']) {
      const inline = await cliWith({ now }, ...args, '--lang', lang);
      const threaded = await cliWith({ parallel: { ...helperThreads.parallel, shareValidation: false }, now }, ...args, '--lang', lang);
      expect(threaded).toEqual(inline);
      expect(inline.stdout).toMatch(lang === 'en' ? /e\.g\. Row \d+, column "/ : /例 第 \d+ 列「/);
    }
  });

  it('stops with the snapshot problem, as the single-threaded run does', async () => {
    const missing = path.join(tempDir(), 'no-contacts.csv');
    const inline = await cli('check', fixture('whatsapp-from-excel.csv'), '--contacts', missing);
    const threaded = await cliWith(helperThreads, 'check', fixture('whatsapp-from-excel.csv'), '--contacts', missing);
    expect(inline.code).toBe(2);
    expect(threaded).toEqual(inline);
  });
});

describe('encodings end to end', () => {
  it('decodes the Big5 EDM sample and keeps the names intact in the upload-ready file', async () => {
    const out = tempDir();
    const { code, stdout } = await cli('check', fixture('edm-big5.csv'), '--out', out, '--fix', 'all');
    expect(code).toBe(1);
    expect(stdout).toContain('file.encoding');
    const upload = fs.readFileSync(path.join(out, 'edm-big5.upload-ready.csv'));
    expect(upload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const text = upload.toString('utf8');
    for (const name of ['陳美玲', '林志明']) expect(text).toContain(name);
    const rejected = fs.readFileSync(path.join(out, 'edm-big5.rejected.csv'), 'utf8');
    expect(rejected).toContain('張雅婷');
    // Meant for a spreadsheet: a BOM first, so Excel reads the Chinese names as UTF-8 (RULES.md §8).
    expect(rejected.split('\r\n')[0]).toBe('\uFEFFemail,messaging_status,display_name,gender,customer_id,mobile,birthday,tag,consent_source,consent_at,listprep_issues');
  });

  it('decodes the UTF-16 tab-delimited LINE sample with its Thai names', async () => {
    const out = tempDir();
    const { stdout } = await cli('check', fixture('line-utf16-tab.txt'), '--json', '--out', out, '--region', 'TH');
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.channel).toBe('line');
    expect(report.fileIssues.map((i) => i.code)).toEqual(expect.arrayContaining(['file.encoding', 'file.delimiter']));
    const upload = fs.readFileSync(path.join(out, 'line-utf16-tab.upload-ready.csv'), 'utf8');
    expect(upload.split('\r\n')[0]).toBe('line_uid,phone,customer_id,name,email,note,tags,fb_id,ig_id');
    expect(upload).toContain('สมชาย ใจดี');
  });
});

describe('exit codes and messages', () => {
  it('exits 0 on a clean file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'clean.csv');
    fs.writeFileSync(file, 'WhatsApp_mobile,messaging_status,display_name\n0912345678,opted_in,Amy\n+886912345679,opted_in,Bob\n');
    const { code, stdout } = await cli('check', file);
    expect(code).toBe(0);
    expect(stdout).toContain('2 create');
  });

  it('exits 2 with one line naming the code for unreadable files and wrong arguments', async () => {
    const dir = tempDir();
    const empty = path.join(dir, 'empty.csv');
    fs.writeFileSync(empty, '');
    const binary = path.join(dir, 'image.csv');
    fs.writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 0, 1, 2, 3, 0, 0]));
    for (const [args, codeName] of [
      [['check', path.join(dir, 'missing.csv')], 'file.not_found'],
      [['check', empty], 'file.empty'],
      [['check', binary], 'file.binary'],
      [['check', dir], 'file.unreadable'],
      [['check', empty, '--channel', 'fax'], 'args.invalid'],
      [['check', empty, '--region', 'Taiwan'], 'args.invalid'],
      [['check', empty, '--timezone', 'Mars/Base'], 'args.invalid'],
      [['check'], 'args.invalid'],
      [['frobnicate', empty], 'args.invalid'],
      [['check', empty, '--nope'], 'args.invalid'],
    ] as const) {
      const { code, stderr, stdout } = await cli(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(new RegExp(`^listprep: ${codeName.replace('.', '\\.')}: `));
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stdout).toBe('');
    }
  });

  it('speaks Traditional Chinese with --lang zh-TW', async () => {
    const { stdout } = await cli('check', fixture('whatsapp-from-excel.csv'), '--lang', 'zh-TW');
    expect(stdout).toContain('開頭的 0 不見了');
    expect(stdout).toContain('第 2 列「WhatsApp_mobile」欄');
  });
});

describe('outputs people can use (RULES.md §8)', () => {
  it('--lang zh-TW --out: Chinese messages, a BOM on the files meant for spreadsheets only, rejected rows as fixed', async () => {
    const out = tempDir();
    const { code } = await cli('check', fixture('whatsapp-from-excel.csv'), '--contacts', fixture('contacts-snapshot.csv'), '--unify', '--fix', 'phone.leading_zero_lost,date.invalid', '--lang', 'zh-TW', '--out', out);
    expect(code).toBe(1);
    const read = (kind: string) => fs.readFileSync(path.join(out, `whatsapp-from-excel.${kind}.csv`), 'utf8');
    expect(['errors', 'rejected', 'conflicts', 'profiles', 'upload-ready', 'snapshot'].map((kind) => read(kind).startsWith('\uFEFF'))).toEqual([true, true, true, true, false, false]);
    // The profile list: one line per contact (rows 2–6 still fail, row 7 updates W1); L1 and E1 are one person through their shared phone.
    const profiles = read('profiles').split('\r\n');
    expect(profiles[0]).toBe('\uFEFFunified_contact_id,contact_id,platform_type,customer_id,linked_by,row');
    expect(profiles.slice(1).map((l) => l.replace(/^P-[0-9a-f]{12},/, '')).sort()).toEqual([
      '',
      'E1,email,,phone=+886933111222,',
      'L1,line,M-0001,phone=+886933111222,',
      'S1,sms,M-0009,,',
      'W1,whatsapp,M-0003,,7',
    ]);
    expect(new Set(profiles.slice(1, -1).map((l) => l.slice(0, 14))).size).toBe(3);
    expect(read('errors').split('\r\n')).toContain('2,gender,gender,F,gender.invalid,error,第 2 列「gender」欄：「F」不是可接受的性別，MAAC 會拒絕此列。請使用 female、male 或 unknown。,female');
    expect(read('rejected').split('\r\n')[1]).toBe('+886933111222,opted_in,陳美玲,F,M-0001,+886933111222,1988-07-09,"會員,台北",gender.invalid [gender] → female');
  });
});

describe('an incomplete check writes no files and exits 2 (RULES.md §8)', () => {
  it('a read that fails midway: one line saying how far it got, no output file, no temporary', async () => {
    const dir = tempDir();
    const list = path.join(dir, 'list.csv');
    await writeWhatsAppList(list, 8_000);
    const out = path.join(dir, 'out');
    // The second stream of the list (after the reader's first look) breaks after 256 KB: a disk error, a pulled USB stick.
    const real = fs.createReadStream;
    let opened = 0;
    const spy = vi.spyOn(fs, 'createReadStream').mockImplementation(((file: fs.PathLike, options?: unknown) => {
      if (String(file) !== list || ++opened < 2) return real(file, options as never);
      const source = real(file, { ...(options as object), end: 256 * 1024 - 1 });
      return Readable.from((async function* () {
        for await (const chunk of source) yield chunk;
        throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
      })());
    }) as typeof fs.createReadStream);
    syncBuiltinESMExports();
    try {
      const { code, stdout, stderr } = await cli('check', list, '--out', out);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(new RegExp(`^listprep: check\\.incomplete: Could not read "${list.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" \\(the disk reported a read error\\)\\. Check the file, then open it again\\. The check stopped after [\\d,]+ rows, so it is incomplete and no files were written\\.\n$`));
      const rows = Number(/after ([\d,]+) rows/.exec(stderr)![1].replace(/,/g, ''));
      expect(rows).toBeGreaterThan(0);
      expect(rows).toBeLessThan(8_000);
      expect(fs.readdirSync(out)).toEqual([]);
    } finally {
      spy.mockRestore();
      syncBuiltinESMExports();
    }
  });

  it('Ctrl+C (SIGINT) mid-check: exit 2, one line saying how far it got, no output file and no temporary left', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const list = path.join(dir, 'list.csv');
    await writeWhatsAppList(list, 200_000);
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../../core/cli/main.ts'), 'check', list, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Once it writes its files' temporaries, the check is under way.
    const deadline = Date.now() + 30_000;
    while (fs.readdirSync(out).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGINT');
    expect(await exited).toBe(2);
    expect(stderr).toMatch(/^listprep: check\.incomplete: The check was interrupted after [\d,]+ rows, so it is incomplete and no files were written\. Run it again to check the whole file\.\n$/);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});

describe('chained imports', () => {
  it('apply saves the simulated snapshot, and a second file replays on top of it', async () => {
    const dir = tempDir();
    const first = path.join(dir, 'first.csv');
    const second = path.join(dir, 'second.csv');
    const next = path.join(dir, 'after-first.csv');
    fs.writeFileSync(first, 'WhatsApp_mobile,messaging_status,display_name\n0912345678,opted_in,Amy\n');
    fs.writeFileSync(second, 'WhatsApp_mobile,messaging_status,display_name,tag\n0912345678,opted_in,Amy Lin,VIP\n');
    const applied = await cli('apply', first, '--contacts', fixture('contacts-snapshot.csv'), '--to', next);
    expect(applied.code).toBe(0);
    const { stdout } = await cli('check', second, '--contacts', next, '--json');
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.rows[0]).toMatchObject({ outcome: 'update', contactId: 'new-2' });
    expect(report.rows[0].changes).toEqual([{ field: 'display_name', from: 'Amy', to: 'Amy Lin' }, { field: 'tag', from: '', to: 'VIP' }]);
  });
});

describe('the real command line', () => {
  it('npm run -s cli -- check prints the report and sets the exit code', () => {
    const run = spawnSync('npm', ['run', '-s', 'cli', '--', 'check', fixture('whatsapp-from-excel.csv'), '--json'], { cwd: path.resolve(import.meta.dirname, '../..'), encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as JsonReport).summary.rows).toBe(6);
    const bin = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../../bin/listprep.mjs'), '--version'], { encoding: 'utf8' });
    expect(bin.stdout).toMatch(/^listprep \d+\.\d+\.\d+/);
  });
});

describe('--fix with a time zone', () => {
  it('converts a date-time to UTC once, not once per re-check round', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'edm.csv');
    fs.writeFileSync(file, 'email,messaging_status,consent_at\namy@example.com,subscribed,2025-03-01 10:00\n');
    const out = tempDir();
    await cli('check', file, '--timezone', 'Asia/Taipei', '--fix', 'all', '--out', out);
    expect(fs.readFileSync(path.join(out, 'edm.upload-ready.csv'), 'utf8')).toContain('2025-03-01 02:00:00');
  });
});

describe('--split-country', () => {
  it('writes one upload-ready file per phone country, the other country\'s rows included', async () => {
    const out = tempDir();
    await cli('check', fixture('whatsapp-from-excel.csv'), '--fix', 'all', '--split-country', '--out', out);
    const files = fs.readdirSync(out).filter((n) => n.includes('upload-ready')).sort();
    expect(files).toEqual(['whatsapp-from-excel.upload-ready.HK.csv', 'whatsapp-from-excel.upload-ready.TW.csv']);
    const hk = fs.readFileSync(path.join(out, files[0]), 'utf8').split('\r\n').filter(Boolean);
    expect(hk.slice(1).map((l) => l.split(',')[0])).toEqual(['+85261234567']);
    const tw = fs.readFileSync(path.join(out, files[1]), 'utf8');
    expect(tw).toContain('+886933111222');
    expect(tw).not.toContain('+85261234567');
  });
});
