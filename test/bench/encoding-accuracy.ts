/**
 * R-F5: how often encoding detection reads a tiny legacy-encoded list right, by encoding and row
 * count (1, 2, 3, 5), over seeded lists (tiny-lists.ts). Right = the detected encoding decodes the
 * bytes to the very text that was written (an ASCII-only list read as UTF-8 is right).
 *
 *   node --import tsx test/bench/encoding-accuracy.ts [lists per cell, default 200] [--local]
 *
 * `--local` writes headers in each language (姓名,手機,…); the default English header is harder.
 */
import iconv from 'iconv-lite';
import { detectEncoding, iconvName } from '../../core/csv/encoding.ts';
import { TINY_ENCODINGS, seededRandom, tinyList, type TinyList } from './tiny-lists.ts';

export const ROW_COUNTS = [1, 2, 3, 5] as const;

/** The encoding detection picks for the whole list, and whether it reads the text as written. */
export async function readsRight(list: TinyList): Promise<{ right: boolean; detected: string }> {
  const verdict = await detectEncoding(list.bytes, true);
  if (verdict.kind !== 'text') return { right: false, detected: verdict.kind };
  const id = verdict.encoding.id;
  return { right: iconv.decode(list.bytes, iconvName(id)) === list.text, detected: id };
}

/** Share of `lists` seeded lists per encoding read right, for one row count. */
export async function accuracy(rows: number, lists: number, header: 'ascii' | 'local', seed = 20_261_207): Promise<Map<string, { right: number; wrong: Map<string, number> }>> {
  const results = new Map<string, { right: number; wrong: Map<string, number> }>();
  for (const encoding of TINY_ENCODINGS) {
    const random = seededRandom(seed + rows);
    const tally = { right: 0, wrong: new Map<string, number>() };
    for (let i = 0; i < lists; i++) {
      const { right, detected } = await readsRight(tinyList(random, encoding, rows, header));
      if (right) tally.right++;
      else tally.wrong.set(detected, (tally.wrong.get(detected) ?? 0) + 1);
    }
    results.set(encoding, tally);
  }
  return results;
}

async function main(): Promise<void> {
  const lists = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 200);
  const header = process.argv.includes('--local') ? 'local' : 'ascii';
  const table = new Map<number, Map<string, { right: number; wrong: Map<string, number> }>>();
  for (const rows of ROW_COUNTS) table.set(rows, await accuracy(rows, lists, header));
  console.log(`| encoding (${header} header, ${lists} lists each) | ${ROW_COUNTS.map((r) => `${r} row${r === 1 ? '' : 's'}`).join(' | ')} |`);
  console.log(`|---|${ROW_COUNTS.map(() => '---:').join('|')}|`);
  for (const encoding of TINY_ENCODINGS) {
    const cells = ROW_COUNTS.map((rows) => {
      const { right, wrong } = table.get(rows)!.get(encoding)!;
      const misses = [...wrong.entries()].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id} ${n}`).join(', ');
      return `${((100 * right) / lists).toFixed(1)} %${misses ? ` (${misses})` : ''}`;
    });
    console.log(`| ${encoding} | ${cells.join(' | ')} |`);
  }
  const overall = ROW_COUNTS.map((rows) => {
    const right = [...table.get(rows)!.values()].reduce((sum, t) => sum + t.right, 0);
    return `${((100 * right) / (lists * TINY_ENCODINGS.length)).toFixed(1)} %`;
  });
  console.log(`| all | ${overall.join(' | ')} |`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
