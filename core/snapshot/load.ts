/**
 * Loads a contact snapshot or custom field definitions from a file: the CSV reader decodes and
 * splits it (encoding and delimiter detection, streaming), the parsers here turn it into contacts.
 */
import { readFile } from 'node:fs/promises';
import type { Contact, CustomFieldDefinition, Issue } from '../model.ts';
import { openTable } from '../csv/read.ts';
import { parseFieldDefinitions, parseFieldDefinitionsJson } from './definitions.ts';
import { PackedSnapshotParser, SnapshotParser, type SnapshotOptions } from './parse.ts';
import type { SnapshotRecord } from './contact-parts.ts';
import type { PackedSnapshot } from './packed.ts';
import { makeIssue } from '../rules/issue.ts';

export async function loadSnapshot(path: string, options: SnapshotOptions): Promise<{ contacts: Contact[]; issues: Issue[] }> {
  return readSnapshot(path, (header) => new SnapshotParser(header, options), []);
}

/** The snapshot kept packed: for a replay against a large export, where only matched contacts are needed whole. */
export async function loadPackedSnapshot(path: string, options: SnapshotOptions): Promise<{ contacts: PackedSnapshot; issues: Issue[] }> {
  // Spans: a plain record is kept as the text it was read from (no copy of its cells is made).
  const { contacts, issues } = await readSnapshot(path, (header, delimiter) => new PackedSnapshotParser(header, options, delimiter), new PackedSnapshotParser([], options, ',').finish().contacts, true);
  return { contacts, issues };
}

async function readSnapshot<T>(
  path: string,
  makeParser: (header: readonly string[], delimiter: string) => { add(record: SnapshotRecord): void; addIssues(issues: readonly Issue[]): void; finish(): { contacts: T; issues: Issue[] } },
  none: T,
  spans = false,
): Promise<{ contacts: T; issues: Issue[] }> {
  const opened = await openTable(path);
  if (!opened.ok) return { contacts: none, issues: [opened.issue] };
  const parser = makeParser(opened.table.header, opened.table.delimiter);
  parser.addIssues(opened.table.fileIssues);
  // Kept texts are read 256 KB at a time: strings that large are never copied by the garbage collector.
  for await (const batch of opened.table.records(spans ? { spans, chunkBytes: 256 * 1024 } : {})) {
    for (const record of batch) {
      // Structure issues (row.ragged…) travel with the snapshot's own; the row is still read.
      if (record.issues.length > 0) parser.addIssues(record.issues);
      parser.add(record);
    }
  }
  return parser.finish();
}

/** CSV `key,type,status`, or a JSON array when the file name ends in `.json`. */
export async function loadFieldDefinitions(path: string): Promise<{ definitions: CustomFieldDefinition[]; issues: Issue[] }> {
  if (/\.json$/i.test(path)) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const issue = code === 'ENOENT' ? makeIssue('file.not_found', {}, { path }) : makeIssue('file.unreadable', {}, { path, reason: code ?? (error as Error).message });
      return { definitions: [], issues: [issue] };
    }
    return parseFieldDefinitionsJson(text);
  }
  const opened = await openTable(path);
  if (!opened.ok) return { definitions: [], issues: [opened.issue] };
  const records: SnapshotRecord[] = [];
  const issues: Issue[] = [...opened.table.fileIssues];
  for await (const batch of opened.table.records()) {
    for (const record of batch) {
      issues.push(...record.issues);
      records.push(record);
    }
  }
  const parsed = parseFieldDefinitions(opened.table.header, records);
  return { definitions: parsed.definitions, issues: [...issues, ...parsed.issues] };
}
