/** R-F5: the encoding a tiny legacy file may be in, named when unsure, and chosen with --encoding. */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/service.ts';
import { runCli } from '../helpers/cli-run.ts';
import { parseCliArgs } from '../../core/cli/args.ts';
import { openTable } from '../../core/csv/read.ts';
import { testWorkerScript } from '../helpers/test-worker.ts';

const helperThreads = { parallel: { script: testWorkerScript(), minBytes: 0 } };

function write(name: string, bytes: Buffer): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, bytes);
  return file;
}

describe('--encoding', () => {
  it('takes the usual names of each encoding and refuses others in one line', () => {
    const encodingOf = (name: string) => {
      const parsed = parseCliArgs(['check', 'a.csv', '--encoding', name]);
      return parsed.kind === 'run' ? parsed.args.encoding : parsed.kind;
    };
    expect(['GBK', 'gb18030', 'cp950', 'Big5', 'sjis', 'TIS-620', 'latin1', 'UTF-16'].map(encodingOf))
      .toEqual(['gb18030', 'gb18030', 'big5', 'big5', 'shift_jis', 'windows-874', 'windows-1252', 'utf-16le']);
    const wrong = parseCliArgs(['check', 'a.csv', '--encoding', 'ebcdic']);
    expect(wrong).toEqual({ kind: 'error', message: '--encoding must be one of utf-8, utf-16le, utf-16be, big5, gb18030, shift_jis, windows-874, windows-1252 (got "ebcdic").' });
  });

  it('names the other encodings a tiny legacy file fits, and reads it as chosen (in the worker too)', async () => {
    const file = write('tiny.csv', iconv.encode('name,tag,phone\n王芳,VIP,0912345678\n李娜,新客,0912345679\n', 'gb18030'));
    const detected = await openTable(file);
    // Its Thai reading glues Thai digits to letters: not offered (docs/decisions.md, tiny lists).
    expect(detected.ok && [detected.table.encoding.id, detected.table.encoding.alternatives]).toEqual(['gb18030', ['big5']]);
    expect(detected.ok && detected.table.fileIssues.find((i) => i.code === 'file.encoding')?.params).toEqual({
      encoding: 'GB18030 (Simplified Chinese)', alternatives: 'Big5 (Traditional Chinese)',
    });

    const asBig5 = await runCli(helperThreads, 'check', file, '--encoding', 'big5', '--channel', 'line', '--key', 'phone', '--json');
    const report = JSON.parse(asBig5.stdout) as { fileIssues: { code: string; message: string }[] };
    expect(report.fileIssues.find((i) => i.code === 'file.encoding')?.message).toMatch(/^The file is saved as Big5 \(Traditional Chinese\), not UTF-8\. /);
    const out = tempDir();
    const chosen = await runCli(helperThreads, 'check', file, '--encoding', 'gb18030', '--channel', 'line', '--key', 'phone', '--out', out);
    expect(chosen.stdout).toContain('GB18030 (Simplified Chinese) (as chosen)');
    const upload = fs.readdirSync(out).find((n) => n.includes('upload-ready'))!;
    expect(fs.readFileSync(path.join(out, upload), 'utf8')).toContain('李娜');
  });

  it('reads a UTF-16 file without a byte-order mark when UTF-16 is chosen', async () => {
    const file = write('utf16.csv', Buffer.from('name,tag\n王芳,VIP\n', 'utf16le'));
    const opened = await openTable(file, { encoding: 'utf-16le' });
    expect(opened.ok && [opened.table.header, opened.table.encoding.chosen]).toEqual([['name', 'tag'], true]);
  });
});
