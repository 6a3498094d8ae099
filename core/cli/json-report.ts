/**
 * Streams the `--json` report: `{channel, key, region, …, rows: [...], summary, fileIssues, unification?}`.
 * Rows are written as they are checked, so a million-row report never sits in memory; keys whose
 * values are only known at the end come after `rows` (JSON objects are unordered).
 */
import { once } from 'node:events';
import type { FieldChange, Issue, Outcome } from '../model.ts';

export interface JsonRow {
  row: number;
  outcome: Outcome;
  contactId?: string;
  issues: Issue[];
  changes: FieldChange[];
}

export class JsonReportWriter {
  private rowCount = 0;

  constructor(private readonly out: NodeJS.WritableStream) {}

  begin(head: Record<string, unknown>): void {
    const opening = JSON.stringify(head);
    this.out.write(`${opening.slice(0, -1)},"rows":[`);
  }

  /** Waits when the consumer is slower than the check, so the report never piles up in memory. */
  async row(row: JsonRow): Promise<void> {
    if (!this.out.write((this.rowCount++ === 0 ? '\n' : ',\n') + JSON.stringify(row))) await once(this.out, 'drain');
  }

  end(tail: Record<string, unknown>): void {
    const closing = JSON.stringify(tail);
    this.out.write(`\n],${closing.slice(1)}\n`);
  }
}
