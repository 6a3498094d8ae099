/** A snapshot record and the contact the reader makes of it, before it is kept as an object or packed. */
import type { Contact, ContactChannel } from '../model.ts';
import type { RecordSpan } from '../csv/tokenizer.ts';

export interface SnapshotRecord {
  row: number;
  cells: readonly string[];
  /** Where the record's text lies in the text read, when it is plain (see CsvRecord.span). */
  span?: RecordSpan;
}

/** Fields as parallel name/value lists, the first `fieldCount` of them (reused between contacts). */
export interface ContactParts {
  id: string;
  channel: ContactChannel;
  createdAt: string;
  updatedAt: string;
  order: number;
  tags: readonly string[];
  names: readonly string[];
  values: readonly string[];
  fieldCount: number;
  /** The id is not the record's own: the reader made a duplicate unique (`id~row`). */
  renamed: boolean;
}

/** What a packed snapshot asks of the reader that read it: where a column sits, and a record's parts again. */
export interface PartsReader {
  cellIndex(name: string): number;
  extract(cells: readonly string[], row: number): ContactParts;
}

/** The contact the parts describe, as an object of its own. */
export function wholeContact(parts: ContactParts): Contact {
  const fields: Record<string, string> = Object.create(null);
  for (let i = 0; i < parts.fieldCount; i++) fields[parts.names[i]] = parts.values[i];
  return { id: parts.id, channel: parts.channel, fields, tags: parts.tags.slice(), createdAt: parts.createdAt, updatedAt: parts.updatedAt, order: parts.order };
}

/** `text.trim()`, without the call when the text starts and ends with a visible ASCII character (nearly every cell). */
export function trimmedCell(text: string): string {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f ? text : text.trim();
}
