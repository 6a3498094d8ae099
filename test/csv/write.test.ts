import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { commitTemporary, discardTemporary, temporaryPathFor, TEMP_SUFFIX } from '../../core/csv/atomic.ts';
import { formatCsvRow, neutralizeFormula, writeCsvAtomic, writeFileAtomic } from '../../core/csv/write.ts';
import { makeTempDir, removeDir } from './support.ts';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await chmod(join(dir, 'read-only'), 0o755).catch(() => undefined);
  await removeDir(dir);
});

async function freshFolder(name: string): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder);
  return folder;
}

describe('formatCsvRow', () => {
  it('quotes only where needed and doubles quotes', () => {
    expect(formatCsvRow(['plain', 'a,b', 'say "hi"', 'line\nbreak', 'cr\rx', ' lead', 'trail ', '', '陳美玲'])).toBe(
      'plain,"a,b","say ""hi""","line\nbreak","cr\rx"," lead","trail ",,陳美玲',
    );
  });

  it('also quotes ; tab | and a leading U+FEFF, so no reader mistakes the delimiter or a BOM', () => {
    expect(formatCsvRow(['a;b', 'a\tb', 'a|b', '\uFEFFx'])).toBe('"a;b","a\tb","a|b","\uFEFFx"');
  });

  it('writes an empty row as an empty line', () => {
    expect(formatCsvRow([])).toBe('');
    expect(formatCsvRow(['', ''])).toBe(',');
  });
});

describe('neutralizeFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+SUM(A1:A2)', "'+SUM(A1:A2)"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['-', "'-"],
    ['+886 912 345 678', "'+886 912 345 678"],
  ])('prefixes %j', (cell, expected) => {
    expect(neutralizeFormula(cell)).toBe(expected);
  });

  it.each(['-12.5', '+886912345678', '-0', '+.5', '-1e5', 'plain', '', '0912345678', "'=already"])('leaves %j as it is', (cell) => {
    expect(neutralizeFormula(cell)).toBe(cell);
  });
});

describe('writeCsvAtomic', () => {
  it('writes UTF-8 without BOM, commas and CRLF by default', async () => {
    const path = join(dir, 'out.csv');
    const result = await writeCsvAtomic(path, ['name', 'note'], [['陳美玲', 'a,b'], ['Bob', '=1+1']]);
    const bytes = await readFile(path);
    expect(bytes.toString('utf8')).toBe('name,note\r\n陳美玲,"a,b"\r\nBob,=1+1\r\n');
    expect(bytes[0]).not.toBe(0xef);
    expect(result).toEqual({ rows: 2, bytes: bytes.length });
  });

  it('uses LF when asked, and neutralizes formulas when asked', async () => {
    const path = join(dir, 'report.csv');
    await writeCsvAtomic(path, ['value'], [['=HYPERLINK("x")'], ['-12.5']], { eol: '\n', neutralizeFormulas: true });
    expect(await readFile(path, 'utf8')).toBe('value\n"\'=HYPERLINK(""x"")"\n-12.5\n');
  });

  it('accepts async rows and replaces an existing file', async () => {
    const path = join(dir, 'replace.csv');
    await writeFile(path, 'old content');
    async function* rows() {
      yield ['1'];
      yield ['2'];
    }
    expect(await writeCsvAtomic(path, ['n'], rows())).toEqual({ rows: 2, bytes: 9 });
    expect(await readFile(path, 'utf8')).toBe('n\r\n1\r\n2\r\n');
  });

  it('writes many rows through the buffer', async () => {
    const path = join(dir, 'many.csv');
    const rows = Array.from({ length: 50_000 }, (_, i) => [String(i), `name ${i}`]);
    const result = await writeCsvAtomic(path, ['id', 'name'], rows);
    const text = await readFile(path, 'utf8');
    expect(result.rows).toBe(50_000);
    expect(result.bytes).toBe(Buffer.byteLength(text));
    expect(text.split('\r\n')).toHaveLength(50_002);
  });
});

describe('atomic writing', () => {
  it('leaves no target and no temporary file when the rows throw midway', async () => {
    const folder = await freshFolder('throwing');
    const path = join(folder, 'out.csv');
    function* rows() {
      for (let i = 0; i < 100_000; i++) {
        if (i === 60_000) throw new Error('the check was cancelled');
        yield [String(i), 'x'.repeat(20)];
      }
    }
    await expect(writeCsvAtomic(path, ['id', 'v'], rows())).rejects.toThrow(`Could not write "${path}": the check was cancelled. Nothing was written there.`);
    expect(await readdir(folder)).toEqual([]);
  });

  it('keeps the previous file intact when a rewrite fails', async () => {
    const folder = await freshFolder('keep-old');
    const path = join(folder, 'out.csv');
    await writeFile(path, 'previous\r\n');
    const rows = (async function* () {
      yield ['1'];
      throw new Error('boom');
    })();
    await expect(writeCsvAtomic(path, ['n'], rows)).rejects.toThrow('boom');
    expect(await readFile(path, 'utf8')).toBe('previous\r\n');
    expect(await readdir(folder)).toEqual(['out.csv']);
  });

  it('gives a clear error for a missing folder and creates nothing', async () => {
    const folder = join(dir, 'missing-folder');
    const path = join(folder, 'out.csv');
    await expect(writeCsvAtomic(path, ['a'], [['1']])).rejects.toThrow(`Could not write "${path}": the folder "${folder}" does not exist. Nothing was written there.`);
    expect(await readdir(dir)).not.toContain('missing-folder');
  });

  it('gives a clear error when the folder is a file', async () => {
    const file = join(dir, 'not-a-folder');
    await writeFile(file, 'x');
    await expect(writeFileAtomic(join(file, 'out.csv'), 'data')).rejects.toThrow(`"${file}" is not a folder`);
  });

  it('gives a clear error when a folder has the target name, and leaves no temporary file', async () => {
    const folder = await freshFolder('dir-target');
    await mkdir(join(folder, 'out.csv'));
    await expect(writeFileAtomic(join(folder, 'out.csv'), 'data')).rejects.toThrow(/^Could not write ".*out\.csv": a folder with that name already exists\. Nothing was written there\. Choose another name, then try again\.$/);
    expect(await readdir(folder)).toEqual(['out.csv']);
  });

  it.skipIf(process.getuid?.() === 0)('gives a clear error for a read-only folder and creates nothing', async () => {
    const folder = await freshFolder('read-only');
    await chmod(folder, 0o555);
    await expect(writeFileAtomic(join(folder, 'out.csv'), 'x')).rejects.toThrow(`permission was denied in the folder "${folder}"`);
    expect(await readdir(folder)).toEqual([]);
  });

  it.each([
    ['ENOSPC', 'the disk is full. Nothing was written there. Free some space on that disk, or choose a folder on another disk, then try again.'],
    ['SQLITE_FULL', 'the disk is full. Nothing was written there. Free some space on that disk, or choose a folder on another disk, then try again.'],
    ['EACCES', 'permission was denied in the folder "{folder}" (or the file is open in another program). Nothing was written there. Choose a folder you are allowed to write to, or close the program that has the file open, then try again.'],
    ['EROFS', 'the folder "{folder}" is on a read-only disk. Nothing was written there. Choose a folder on a disk you can write to (not a read-only drive, disk image or share), then try again.'],
    ['EIO', 'the disk reported an error while writing. Nothing was written there. Check that the disk (or network share) is still connected, or choose another folder, then try again.'],
    ['EWHATEVER', 'the system refused it (EWHATEVER: EWHATEVER: simulated). Nothing was written there. Choose another folder, then try again.'],
  ])('explains %s in plain words, says what to do, and removes the temporary file', async (code, words) => {
    const folder = await freshFolder(`errno-${code}`);
    const failing = (async function* () {
      yield ['1'];
      throw Object.assign(new Error(`${code}: simulated`), { code });
    })();
    const target = join(folder, 'out.csv');
    await expect(writeCsvAtomic(target, ['n'], failing)).rejects.toThrow(`Could not write "${target}": ${words.replace('{folder}', folder)}`);
    expect(await readdir(folder)).toEqual([]);
  });

  it('writeFileAtomic writes text and bytes', async () => {
    const folder = await freshFolder('file-atomic');
    await writeFileAtomic(join(folder, 'a.json'), '{"ok":true}');
    await writeFileAtomic(join(folder, 'b.bin'), new Uint8Array([1, 2, 3]));
    expect(await readFile(join(folder, 'a.json'), 'utf8')).toBe('{"ok":true}');
    expect([...(await readFile(join(folder, 'b.bin')))]).toEqual([1, 2, 3]);
    expect((await readdir(folder)).sort()).toEqual(['a.json', 'b.bin']);
  });

  it('temporaryPathFor / commitTemporary / discardTemporary support stream writers', async () => {
    const folder = await freshFolder('stream');
    const target = join(folder, 'out.csv');
    const temporary = temporaryPathFor(target);
    expect(temporary.startsWith(`${target}.`)).toBe(true);
    expect(temporary.endsWith(TEMP_SUFFIX)).toBe(true);
    const stream = createWriteStream(temporary, { flags: 'wx' });
    stream.end('a\r\n1\r\n');
    await once(stream, 'close');
    await commitTemporary(temporary, target);
    expect(await readdir(folder)).toEqual(['out.csv']);
    expect(await readFile(target, 'utf8')).toBe('a\r\n1\r\n');
    const other = temporaryPathFor(target);
    await writeFile(other, 'partial');
    await discardTemporary(other);
    await discardTemporary(other);
    expect(await readdir(folder)).toEqual(['out.csv']);
  });
});
