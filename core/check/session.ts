/**
 * A check in progress over one header: analysis, the row checker (with accepted fixes), the
 * simulator, and the running counts. Whether rows come from the file (first check) or from the case
 * store (re-check after an option change), they go through this one path.
 */
import { emptyOutcomeCounts, type OutputProfile, type Channel, type CheckedRow, type Contact, type CustomFieldDefinition, type Issue, type KeyName, type Outcome, type RowResult } from '../model.ts';
import { analyzeHeaders, displayHeader, type ColumnMapping, type HeaderAnalysis } from '../rules/headers.ts';
import { createRowChecker, type RowChecker, type RowInput } from '../rules/row-checker.ts';
import { makeIssue } from '../rules/issue.ts';
import { TEMPLATES } from '../rules/templates.ts';
import { Simulator } from '../simulate/index.ts';
import { TemplateOrder } from '../rules/new-contact.ts';
import type { PackedRow } from '../codec/values-text.ts';
import type { ContactSource } from '../snapshot/contact-source.ts';
import { fixAndRecheck, withoutRepeatedConversions, type ConvertedCells, type FixAcceptor } from './fixes.ts';
import { readIssuesOf } from '../csv/cell-encoding.ts';
import { GUESS_SAMPLE_ROWS, guessFieldsFromValues, withValueGuesses } from '../rules/value-guess.ts';

export interface SessionOptions {
  channel: Channel;
  /** Columns the user mapped to fields or left out (R-H8). */
  mapping?: ColumnMapping;
  /** True when the channel was detected from the headers rather than chosen (reported as info). */
  channelDetected?: boolean;
  key: KeyName;
  region: string;
  timeZone?: string;
  definitions?: readonly CustomFieldDefinition[];
  snapshot?: readonly Contact[] | ContactSource;
  importedAt: string;
  today: string;
  /** Proposed fixes accepted before simulating (header renames come as `header.alias`). */
  accept?: FixAcceptor;
  /** Cells already converted to UTC by an accepted `datetime.timezone` fix (R-V7): not proposed again. */
  converted?: ConvertedCells;
  /** What the caller reads of each row; the session reads `createChanges` and `messages` (default: everything). */
  output?: Partial<Pick<OutputProfile, 'createChanges' | 'messages'>>;
}

export type OutcomeCounts = Record<Outcome, number> & { rows: number };

export function emptyCounts(): OutcomeCounts {
  return { rows: 0, ...emptyOutcomeCounts() };
}

/** Header renames (R-H2) the caller accepted, applied before analysis: MAAC then reads those columns. */
export function acceptedHeader(header: readonly string[], options: SessionOptions): readonly string[] {
  if (!options.accept) return header;
  const analysis = analyzeHeaders(header, { channel: options.channel, key: options.key, definitions: options.definitions as CustomFieldDefinition[] | undefined, mapping: options.mapping });
  const renames = analysis.issues.filter((i) => i.code === 'header.alias' && i.fix !== undefined && i.columnIndex !== undefined && options.accept!(i));
  if (renames.length === 0) return header;
  const next = [...header];
  for (const issue of renames) next[issue.columnIndex!] = issue.fix!;
  return next;
}

export class CheckSession {
  readonly analysis: HeaderAnalysis;
  readonly simulator: Simulator;
  readonly counts = emptyCounts();
  private readonly checkRow: RowChecker;
  /** The first rows' cells, for guessing fields from values once at the end (R-H8). */
  private readonly sample: (readonly string[])[] = [];

  constructor(header: readonly string[], readonly options: SessionOptions) {
    this.analysis = analyzeHeaders(acceptedHeader(header, options), {
      channel: options.channel, key: options.key, definitions: options.definitions as CustomFieldDefinition[] | undefined, mapping: options.mapping,
    });
    this.checkRow = createRowChecker(this.analysis, {
      channel: options.channel, key: options.key, region: options.region, timeZone: options.timeZone,
      definitions: options.definitions as CustomFieldDefinition[] | undefined, today: options.today, messages: options.output?.messages,
    });
    const columns = new Map<string, { column: string; columnIndex: number }>();
    for (const c of this.analysis.columns) if (c.field && c.status !== 'skipped') columns.set(c.field, { column: displayHeader(c.header, c.index), columnIndex: c.index });
    this.simulator = new Simulator(options.snapshot ?? [], {
      channel: options.channel, key: options.key, region: options.region, importedAt: options.importedAt, columns, output: options.output,
      columnsInTemplateOrder: columnsInTemplateOrder(this.analysis, options.channel),
      // A row validated here may keep only its cells for the contact it creates: its values are these, validated again.
      valuesOfCells: (row, cells) => this.check({ row, cells }).values,
    });
  }

  /** Validates a row, accepting fixes if asked (the returned cells carry them). */
  check(record: RowInput): CheckedRow {
    const checkOnce = (input: RowInput): CheckedRow => {
      const checked = this.checkRow(input);
      checked.issues = withoutRepeatedConversions(checked.issues, input.row, this.options.converted);
      return checked;
    };
    const first = checkOnce(record);
    if (!this.options.accept) return first;
    const header = this.analysis.columns.map((c) => c.header);
    return fixAndRecheck(first, this.options.accept, (cells) => checkOnce({ ...record, cells, issues: readIssuesOf(record.row, cells, header, record.issues ?? [], true) }));
  }

  /** Validates and simulates the next row in file order. */
  process(record: RowInput): { checked: CheckedRow; result: RowResult } {
    const checked = this.check(record);
    return { checked, result: this.simulate(checked) };
  }

  /** Simulates the next row in file order, already validated (by `check`, here or in a worker: then maybe with its values text). */
  simulate(checked: CheckedRow, packed?: PackedRow): RowResult {
    const result = this.simulator.apply(checked, packed);
    if (this.sample.length < GUESS_SAMPLE_ROWS && checked.cells.length > 0) this.sample.push(checked.cells);
    this.counts.rows++;
    this.counts[result.outcome]++;
    return result;
  }

  /** File-level issues once every row went through: headers, notes, list health (R-L1). */
  fileIssues(readIssues: readonly Issue[]): Issue[] {
    const issues: Issue[] = [...readIssues];
    if (this.options.channelDetected) issues.push(makeIssue('file.channel_detected', {}, { channel: TEMPLATES[this.options.channel].label, key: this.options.key }));
    const guesses = guessFieldsFromValues(this.analysis, this.sample, { channel: this.options.channel, region: this.options.region, today: this.options.today });
    issues.push(...withValueGuesses(this.analysis.issues, guesses, this.options.channel));
    if (this.analysis.columnOf.has('email')) issues.push(makeIssue('email.offline_check'));
    issues.push(...this.simulator.listHealth());
    return issues;
  }
}

/**
 * Whether the fields of the columns the row checker reads (each in column order, a field named
 * twice counted at each of its columns) are in template order: a row's values are then too, being
 * some of them in that order.
 */
export function columnsInTemplateOrder(analysis: HeaderAnalysis, channel: Channel): boolean {
  const order = new TemplateOrder(channel);
  let previous = -1;
  for (const column of analysis.columns) {
    if (column.status === 'skipped' || column.field === undefined) continue;
    const rank = order.rank(column.field);
    if (rank < previous) return false;
    previous = rank;
  }
  return true;
}
