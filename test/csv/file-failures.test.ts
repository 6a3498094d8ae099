import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { openTable } from '../../core/csv/read.ts';
import { issueMessage } from '../../core/rules/messages.ts';
import { makeTempDir, removeDir, writeTemp } from './support.ts';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await chmod(join(dir, 'locked.csv'), 0o644).catch(() => undefined);
  await removeDir(dir);
});

async function failure(path: string) {
  const result = await openTable(path);
  if (result.ok) expect.fail(`expected ${path} to fail`);
  return result.issue;
}

async function failureOf(data: string | Uint8Array) {
  return failure(await writeTemp(dir, data));
}

describe('missing or unreadable files', () => {
  it('file.not_found for a missing file', async () => {
    const path = join(dir, 'nope.csv');
    const issue = await failure(path);
    expect(issue).toMatchObject({ code: 'file.not_found', severity: 'error', params: { path } });
    expect(issue.message).toBe(`The file "${path}" does not exist. Check the name and folder, then try again.`);
  });

  it('file.not_found when a folder on the path is a file', async () => {
    const file = await writeTemp(dir, 'a\n1\n');
    expect((await failure(join(file, 'inner.csv'))).code).toBe('file.not_found');
  });

  it('file.unreadable for a folder', async () => {
    const folder = join(dir, 'a-folder.csv');
    await mkdir(folder);
    const issue = await failure(folder);
    expect(issue).toMatchObject({ code: 'file.unreadable', params: { path: folder, reason: 'it is a folder, not a file' } });
    expect(issue.message).toBe(`The file "${folder}" cannot be read (it is a folder, not a file). Choose a CSV or text file you are allowed to read, and close any program that has it locked, then try again.`);
  });

  it('file.unreadable for a link that points to itself', async () => {
    const loop = join(dir, 'loop.csv');
    await symlink(loop, loop);
    expect(await failure(loop)).toMatchObject({ code: 'file.unreadable', params: { reason: 'it is a link that points to itself' } });
  });

  it.skipIf(process.getuid?.() === 0)('file.unreadable without read permission', async () => {
    const path = await writeTemp(dir, 'a\n1\n', 'locked.csv');
    await chmod(path, 0o000);
    expect(await failure(path)).toMatchObject({ code: 'file.unreadable', params: { path, reason: 'permission denied' } });
  });
});

describe('empty files', () => {
  const cases: [string, string | Uint8Array][] = [
    ['0 bytes', ''],
    ['only a UTF-8 BOM', Buffer.from([0xef, 0xbb, 0xbf])],
    ['only a UTF-16 LE BOM', Buffer.from([0xff, 0xfe])],
    ['only whitespace and newlines', '  \r\n\t\n\n   '],
    ['only blank records', ',,\n"",\n'],
    ['a UTF-16 file with only line breaks', iconv.encode('\r\n\r\n', 'utf-16le')],
  ];
  it.each(cases)('file.empty "is empty": %s', async (_name, data) => {
    const issue = await failureOf(data);
    expect(issue).toMatchObject({ code: 'file.empty', severity: 'error', params: { detail: 'is empty' } });
    expect(issue.message).toBe('The file is empty, so there is nothing to import. Check that you picked the right file, or add contacts below the header row.');
  });

  it.each([
    ['a header row', 'email,name'],
    ['a header row and a newline', 'email,name\r\n'],
    ['a header row and blank lines', '\nemail,name\n\n ,\n'],
  ])('file.empty "has only a header row": %s', async (_name, data) => {
    const issue = await failureOf(data);
    expect(issue).toMatchObject({ code: 'file.empty', params: { detail: 'has only a header row' } });
    expect(issue.message).toBe('The file has only a header row, so there is nothing to import. Check that you picked the right file, or add contacts below the header row.');
  });
});

describe('binary files', () => {
  it('file.binary for NUL bytes in a non-UTF-16 file', async () => {
    const issue = await failureOf(Buffer.concat([Buffer.from('ID\x03\x04'), Buffer.alloc(20), Buffer.from('[Content_Types].xml')]));
    expect(issue).toMatchObject({ code: 'file.binary', severity: 'error', params: { reason: 'it contains NUL bytes' } });
    expect(issue.message).toBe('This is not a text CSV file (it contains NUL bytes). In your spreadsheet, choose "Save as" → "CSV UTF-8 (comma delimited)" and open that file instead.');
  });

  // Workbooks (.xlsx read, .xls/.ods/protected/damaged refused in words) are in test/csv/workbook.test.ts.
  it.each([
    ['a PNG picture', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x41]), 'picture', 'it is a picture (PNG)'],
    ['a JPEG picture', Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x41]), 'picture', 'it is a picture (JPEG)'],
    ['a GIF picture', Buffer.from('GIF87a,a,b\n', 'latin1'), 'picture', 'it is a picture (GIF)'],
    ['a WebP picture', Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), 'picture', 'it is a picture (WebP)'],
    ['a PDF document without NUL bytes', Buffer.from('%PDF-1.4\nname,email\n'), 'pdf', 'it is a PDF document'],
  ])('file.binary names %s by its first bytes', async (_name, bytes, format, reason) => {
    expect(await failureOf(bytes)).toMatchObject({ code: 'file.binary', params: { reason, format } });
  });

  it('a known format is worded in Traditional Chinese too', async () => {
    const issue = await failureOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x41]));
    expect(issueMessage(issue, 'zh-TW')).toBe('這不是文字 CSV 檔（這是一張圖片（PNG））。請在試算表中選擇「另存新檔」→「CSV UTF-8（逗號分隔）」，再開啟該檔案。');
  });

  it('file.binary for a single NUL in otherwise plain text', async () => {
    expect((await failureOf('email,name\na@b.co,Al\0ice\n')).params).toEqual({ reason: 'it contains NUL bytes' });
  });

  it('file.binary for mostly control bytes', async () => {
    const bytes = Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x41 : 1 + (i % 7))));
    expect(await failureOf(bytes)).toMatchObject({ code: 'file.binary', params: { reason: 'it contains mostly non-text bytes' } });
  });

  it('file.binary for NUL characters in a UTF-16 file', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('a,b\n\0\0\0\0\0\0,x\n', 'utf-16le')]);
    expect((await failureOf(bytes)).params).toEqual({ reason: 'it contains NUL bytes' });
  });
});
