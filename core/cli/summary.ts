/** The human summary of `listprep check`: counts by outcome, file-level issues, top codes with an example row. */
import { SEVERITIES, type Issue, type Outcome, type Severity } from '../model.ts';
import type { CheckStart } from '../check/run-check.ts';
import type { OutcomeCounts } from '../check/session.ts';
import type { UnifyResult } from '../unify/index.ts';
import type { ExportedFile } from '../report/export-writer.ts';
import { issueMessage, type Lang } from '../rules/messages.ts';
import { TEMPLATES } from '../rules/templates.ts';

interface CodeTally {
  code: string;
  severity: Issue['severity'];
  rows: number;
  fixable: number;
  example: Issue;
  /** The last row (by `addRow` call) counted in `rows`: a row's codes are counted once. */
  countedRow: number;
}

/**
 * Tallies row issues by code while rows stream by (one example each, never the whole list). The
 * examples are worded when printed: rows validated in a worker come without messages (OutputProfile.messages).
 */
export class SummaryCollector {
  readonly codes = new Map<string, CodeTally>();

  /** Rows added so far, which numbers them for `countedRow`. */
  private rowsAdded = 0;

  addRow(_outcome: Outcome, issues: readonly Issue[]): void {
    if (issues.length === 0) return;
    const row = ++this.rowsAdded;
    for (const issue of issues) {
      let tally = this.codes.get(issue.code);
      if (!tally) {
        tally = { code: issue.code, severity: issue.severity, rows: 0, fixable: 0, example: issue, countedRow: 0 };
        this.codes.set(issue.code, tally);
      }
      if (issue.fix !== undefined) tally.fixable++;
      if (tally.countedRow !== row) {
        tally.countedRow = row;
        tally.rows++;
      }
    }
  }
}

/** Worst first. */
const SEVERITY_ORDER = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;
const LABELS = {
  en: { row: 'row', rows: 'rows', file: 'File', outcome: 'Outcome', fileIssues: 'File-level issues', top: 'Issues by code', none: 'No problems found.', detected: 'detected from the headers', chosen: 'as chosen', e_g: 'e.g.', fix: 'fix', files: 'Written', profiles: 'Unification', conflicts: 'identity conflicts', fixable: 'fixable', sheet: 'sheet' },
  'zh-TW': { row: '列', rows: '列', file: '檔案', outcome: '結果', fileIssues: '檔案層級問題', top: '各代碼問題', none: '沒有發現問題。', detected: '依標題判斷', chosen: '依指定', e_g: '例', fix: '修正', files: '已寫入', profiles: '身分整合', conflicts: '身分衝突', fixable: '可修正', sheet: '工作表' },
} as const;

export interface SummaryInput {
  file: string;
  start: CheckStart;
  summary: OutcomeCounts;
  fileIssues: readonly Issue[];
  collector: SummaryCollector;
  unification?: UnifyResult;
  files: readonly ExportedFile[];
  lang: Lang;
}

export function printSummary(out: NodeJS.WritableStream, input: SummaryInput): void {
  const t = LABELS[input.lang];
  const { start, summary } = input;
  const lines: string[] = [];
  const { sheet } = start.table;
  lines.push(`${t.file}: ${input.file}${sheet !== undefined ? ` · ${t.sheet} "${sheet}"` : ''}`);
  // A workbook has no separator to name (R-F7).
  const reading = sheet !== undefined ? start.table.encoding.label : `${start.table.encoding.label}${start.table.encoding.chosen ? ` (${t.chosen})` : ''} · ${delimiterName(start.table.delimiter)}`;
  lines.push(`  ${reading} · ${summary.rows} ${t.rows} · ${TEMPLATES[start.channel].label}${start.channelDetected ? ` (${t.detected})` : ''} · key ${start.key} · region ${start.region}`);
  lines.push('');
  lines.push(`${t.outcome}: ${summary.create} create · ${summary.update} update · ${summary.unchanged} unchanged · ${summary.skip} skip · ${summary.fail} fail`);
  const fileIssues = [...input.fileIssues].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  if (fileIssues.length > 0) {
    lines.push('', `${t.fileIssues}:`);
    for (const issue of fileIssues) lines.push(`  ${issue.severity.padEnd(7)} ${issue.code}: ${issue.message}`);
  }
  const tallies = [...input.collector.codes.values()].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.rows - a.rows);
  if (tallies.length > 0) {
    lines.push('', `${t.top}:`);
    for (const tally of tallies) {
      const fixable = tally.fixable > 0 ? `, ${tally.fixable} ${t.fixable}` : '';
      lines.push(`  ${tally.severity.padEnd(7)} ${tally.code}  ${tally.rows} ${tally.rows === 1 ? t.row : t.rows}${fixable}`);
      lines.push(`          ${t.e_g} ${issueMessage(tally.example, input.lang)}${tally.example.fix !== undefined ? `  [${t.fix}: ${tally.example.fix}]` : ''}`);
    }
  }
  if (fileIssues.length === 0 && tallies.length === 0) lines.push('', t.none);
  if (input.unification) {
    lines.push('', `${t.profiles}: ${input.unification.profiles.length} profiles · ${input.unification.conflicts.length} ${t.conflicts}`);
    for (const conflict of input.unification.conflicts) lines.push(`  customer IDs ${conflict.customerIds.join(' / ')} linked by ${conflict.linkedBy.join(', ')}`);
  }
  if (input.files.length > 0) {
    lines.push('', `${t.files}:`);
    for (const file of input.files) lines.push(`  ${file.kind.padEnd(14)} ${file.path} (${file.rows} ${t.rows})`);
  }
  out.write(lines.join('\n') + '\n');
}

function delimiterName(delimiter: string): string {
  return delimiter === ',' ? 'comma' : delimiter === ';' ? 'semicolon' : delimiter === '\t' ? 'tab' : delimiter === '|' ? 'vertical bar' : delimiter;
}
