import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { join } from 'node:path';
import { rankLegacyEncodings, scoreLegacyCandidates } from '../../core/csv/legacy-encoding.ts';
import type { EncodingId } from '../../core/csv/read.ts';
import { FIXTURES, makeTempDir, openOk, readAll, readTable, removeDir, rowsOf } from './support.ts';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeDir(dir);
});

describe('fixtures', () => {
  it('reads the Big5 EDM list as Big5 with its Chinese names and tag', async () => {
    const table = await openOk(join(FIXTURES, 'edm-big5.csv'));
    expect(table.encoding).toEqual({ id: 'big5', bom: false, label: 'Big5 (Traditional Chinese)' });
    expect(table.delimiter).toBe(',');
    expect(table.header[2]).toBe('display_name');
    expect(table.fileIssues.map((issue) => [issue.code, issue.severity, issue.params])).toEqual([
      ['file.encoding', 'warning', { encoding: 'Big5 (Traditional Chinese)' }],
    ]);
    const records = await readAll(table);
    expect(records.map((record) => [record.row, record.cells[2], record.cells[7]])).toEqual([
      [2, '陳美玲', '會員'],
      [3, '林志明', 'VIP'],
      [4, '張雅婷', ''],
      [5, '舊會員', ''],
    ]);
    expect(records.every((record) => record.issues.length === 0)).toBe(true);
  });

  it('reads the UTF-16 LE tab-delimited LINE list with its Thai names', async () => {
    const table = await openOk(join(FIXTURES, 'line-utf16-tab.txt'));
    expect(table.encoding).toEqual({ id: 'utf-16le', bom: true, label: 'UTF-16 LE' });
    expect(table.delimiter).toBe('\t');
    expect(table.header).toEqual(['line_uid', 'name', 'phone', 'customer_id', 'tags']);
    expect(table.fileIssues.map((issue) => [issue.code, issue.params])).toEqual([
      ['file.encoding', { encoding: 'UTF-16 LE' }],
      ['file.delimiter', { delimiter: 'tabs' }],
    ]);
    expect(table.fileIssues[1].message).toBe('Columns are separated by tabs instead of commas. MAAC expects commas: upload the file ListPrep exports, which uses commas.');
    expect(rowsOf(await readAll(table))).toEqual([
      [2, ['U7c9e1a2b3c4d5e6f708192a3b4c5d6e7', 'สมชาย ใจดี', '0812345678', 'TH-01', 'vip']],
      [3, ['U8d0f2b3c4d5e6f708192a3b4c5d6e7f8', 'สมหญิง', '', 'TH-02', 'new']],
    ]);
  });

  it('reads a UTF-8 file without any encoding warning', async () => {
    const table = await openOk(join(FIXTURES, 'whatsapp-from-excel.csv'));
    expect(table.encoding).toEqual({ id: 'utf-8', bom: false, label: 'UTF-8' });
    expect(table.fileIssues).toEqual([]);
    const records = await readAll(table);
    expect(records[0].cells[7]).toBe('會員,台北');
  });
});

/** Realistic lists in each legacy encoding, written with iconv-lite. */
const SAMPLES: { id: EncodingId; iconv: string; label: string; rows: string[][] }[] = [
  {
    id: 'big5', iconv: 'big5', label: 'Big5 (Traditional Chinese)',
    rows: [['name', 'tag', 'city'], ['陳美玲', '會員', '臺北市'], ['林志明', '舊會員', '高雄市'], ['張雅婷', '新客', '臺中市'], ['黃國華', '貴賓', '新竹縣']],
  },
  {
    id: 'gb18030', iconv: 'gb18030', label: 'GB18030 (Simplified Chinese)',
    rows: [['name', 'tag', 'city'], ['张伟', '会员', '北京市'], ['李娜', '老会员', '上海市'], ['王芳', '新客户', '广州市'], ['刘洋', '贵宾', '深圳市']],
  },
  {
    id: 'shift_jis', iconv: 'shift_jis', label: 'Shift_JIS (Japanese)',
    rows: [['name', 'tag', 'city'], ['山田太郎', '会員', '東京都'], ['佐藤花子', 'ゴールド会員', '大阪府'], ['すずき　いちろう', '新規', '名古屋市']],
  },
  {
    id: 'windows-874', iconv: 'windows-874', label: 'Windows-874 (Thai)',
    rows: [['name', 'tag', 'city'], ['สมชาย ใจดี', 'ลูกค้าใหม่', 'กรุงเทพมหานคร'], ['สมหญิง รักไทย', 'สมาชิก', 'เชียงใหม่'], ['วิชัย', 'วีไอพี', 'ภูเก็ต']],
  },
  {
    id: 'windows-1252', iconv: 'windows-1252', label: 'Windows-1252 (Western European)',
    rows: [['name', 'note'], ['José', 'Café “smart quotes”'], ['Müller', 'Straße – 5 €']],
  },
];

describe('legacy encodings', () => {
  for (const sample of SAMPLES) {
    it(`detects and decodes ${sample.label}`, async () => {
      const text = sample.rows.map((row) => row.join(',')).join('\r\n') + '\r\n';
      const { table, records } = await readTable(dir, iconv.encode(text, sample.iconv));
      expect(table.encoding).toEqual({ id: sample.id, bom: false, label: sample.label });
      expect(table.fileIssues.map((issue) => [issue.code, issue.params])).toEqual([['file.encoding', { encoding: sample.label }]]);
      expect(table.header).toEqual(sample.rows[0]);
      expect(records.map((record) => record.cells)).toEqual(sample.rows.slice(1));
    });
  }

  it('detects a single short Windows-1252 line', async () => {
    const { table, records } = await readTable(dir, iconv.encode('note\nCafé “smart quotes”\n', 'windows-1252'));
    expect(table.encoding.id).toBe('windows-1252');
    expect(records[0].cells).toEqual(['Café “smart quotes”']);
  });

  it('breaks a Big5/GB18030 tie by the second bytes: all high goes to GB18030, one in 0x40–0x7E to Big5', () => {
    // Bytes B0–C6 × A1–FE are frequent characters in both Big5 and GB2312, so both decodings score
    // alike; one C6A1 (frequent in GB2312 only) and chardet both lean GB18030.
    const bytes: number[] = [];
    for (let i = 0; i < 40; i++) {
      bytes.push(0xb0 + (i % 23), 0xa1 + ((i * 7) % 90));
      if (i % 8 === 7) bytes.push(0x0a);
    }
    bytes.push(0xc6, 0xa1, 0x0a);
    const sample = Buffer.from(bytes);
    const scores = Object.fromEntries(scoreLegacyCandidates(sample).map((s) => [s.id, s]));
    expect(scores.gb18030.score).toBeGreaterThan(scores.big5.score);
    expect(scores.gb18030.score - scores.big5.score).toBeLessThanOrEqual(0.03);
    expect(scores.gb18030.chardet).toBeGreaterThan(scores.big5.chardet);
    // 41 two-byte characters, none with a low second byte: Big5 would have about 16 of them.
    expect(rankLegacyEncodings(sample).best).toBe('gb18030');
    // Big5 names with a low second byte (林 is AA4C) stay Big5, and so does a tie on a single character.
    expect(rankLegacyEncodings(iconv.encode('陳怡君,林志明\n王小華,張家豪\n', 'big5')).best).toBe('big5');
    const one = Buffer.from([0xb0, 0xa1, 0x0a]);
    const oneScores = Object.fromEntries(scoreLegacyCandidates(one).map((s) => [s.id, s.score]));
    expect(oneScores.big5).toBe(oneScores.gb18030);
    expect(rankLegacyEncodings(one).best).toBe('big5');
  });

  it.each(['ประเทศ', 'ชื่อ\nสมศรี\n', 'สมชาย,สมหญิง,วิชัย\n'])('prefers Windows-874 for short Thai text %j', (text) => {
    expect(rankLegacyEncodings(iconv.encode(text, 'windows-874')).best).toBe('windows-874');
  });

  it('finds a legacy encoding whose first non-ASCII bytes come after the first 64 KB', async () => {
    const lines = ['email,name'];
    for (let i = 0; i < 3000; i++) lines.push(`user${i}@example.com,User ${i}`);
    lines.push('mei@example.com,陳美玲');
    const bytes = iconv.encode(lines.join('\n') + '\n', 'big5');
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    const { table, records } = await readTable(dir, bytes);
    expect(table.encoding.id).toBe('big5');
    expect(records.at(-1)).toMatchObject({ row: 3002, cells: ['mei@example.com', '陳美玲'] });
  });
});

describe('Unicode forms', () => {
  it('strips a UTF-8 BOM from the header and reports no encoding issue', async () => {
    const { table, records } = await readTable(dir, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('email,name\na@b.co,陳\n')]));
    expect(table.encoding).toEqual({ id: 'utf-8', bom: true, label: 'UTF-8 with BOM' });
    expect(table.header).toEqual(['email', 'name']);
    expect(table.fileIssues).toEqual([]);
    expect(records[0].cells).toEqual(['a@b.co', '陳']);
  });

  it('reads UTF-16 BE with a BOM', async () => {
    const { table, records } = await readTable(dir, Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode('name,tag\nสมชาย,陳\n', 'utf-16be')]));
    expect(table.encoding).toEqual({ id: 'utf-16be', bom: true, label: 'UTF-16 BE' });
    expect(records[0].cells).toEqual(['สมชาย', '陳']);
  });

  it('reads UTF-16 LE without a BOM by its NUL pattern', async () => {
    const { table, records } = await readTable(dir, iconv.encode('name,tag\nสมชาย,vip\n', 'utf-16le'));
    expect(table.encoding).toEqual({ id: 'utf-16le', bom: false, label: 'UTF-16 LE' });
    expect(table.header).toEqual(['name', 'tag']);
    expect(records[0].cells).toEqual(['สมชาย', 'vip']);
  });

  it('reads UTF-16 BE without a BOM by its NUL pattern', async () => {
    const { table, records } = await readTable(dir, iconv.encode('name,tag\nAlice,vip\n', 'utf-16be'));
    expect(table.encoding.id).toBe('utf-16be');
    expect(records[0].cells).toEqual(['Alice', 'vip']);
  });
});

describe('characters split across read chunks', () => {
  const MB = 1024 * 1024;
  /**
   * A file whose text `splitText` starts `back` bytes before the first 1 MB read-chunk boundary
   * (chunks start after the BOM), so its first character is cut between two chunks.
   */
  function straddling(encoding: string, bom: Buffer, splitText: string, back: number): Buffer {
    const header = iconv.encode('name\n', encoding);
    const unit = encoding.startsWith('utf-16') ? 2 : 1;
    const paddingBytes = MB - back - header.length;
    const padding = iconv.encode('x'.repeat(paddingBytes / unit - 1) + '\n', encoding);
    expect(header.length + padding.length).toBe(MB - back);
    return Buffer.concat([bom, header, padding, iconv.encode(`${splitText}\n`, encoding)]);
  }

  it.each([
    ['big5', Buffer.alloc(0), '陳美玲', 1],
    ['utf8', Buffer.alloc(0), '陳美玲', 1],
    ['utf8', Buffer.alloc(0), '😀陳', 2],
    ['utf-16le', Buffer.from([0xff, 0xfe]), '😀สมชาย', 2],
  ])('decodes %s correctly', async (encoding, bom, text, back) => {
    const bytes = straddling(encoding, bom, text, back);
    const { records } = await readTable(dir, bytes);
    expect(records.at(-1)).toEqual({ row: 3, cells: [text], issues: [] });
  });
});
