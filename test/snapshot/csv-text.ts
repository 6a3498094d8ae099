/** Test-only: splits small CSV texts (quotes, doubled quotes; no quoted newlines) into records for the parsers. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface TextTable {
  header: string[];
  records: { row: number; cells: string[] }[];
}

export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

export function csvTable(text: string): TextTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0]);
  const records: TextTable['records'] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() !== '') records.push({ row: i + 2, cells: splitCsvLine(line) });
  });
  return { header, records };
}

/** Cells → CSV text, quoting what needs it (the inverse of csvTable for round trips). */
export function csvText(rows: readonly (readonly string[])[]): string {
  const quote = (cell: string) => (/[",\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replace(/"/g, '""')}"` : cell);
  return rows.map((r) => r.map(quote).join(',')).join('\n') + '\n';
}

export function fixtureText(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');
}
