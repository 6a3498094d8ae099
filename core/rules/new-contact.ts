/**
 * What a row that creates a contact puts in it (R-M5, R-U2): pure functions of the row's values, so
 * that the validating thread can prepare a created contact and the simulating thread can make it
 * whole later, both by this one definition.
 */
import type { Channel, ContactChannel, FieldChange, FieldValue } from '../model.ts';
import { TEMPLATES, isTagField } from './templates.ts';

/** R-M5: a LINE-template row without `line_uid` creates an `sms` contact. */
export function createdChannel(channel: Channel, values: ReadonlyMap<string, FieldValue>): ContactChannel {
  return channel === 'line' && !hasText(values.get('line_uid')) ? 'sms' : channel;
}

/** A template's field order: created contacts list their fields in it, custom and other fields last. */
export class TemplateOrder {
  private readonly names: readonly string[];
  private readonly ranks: ReadonlyMap<string, number>;

  constructor(channel: Channel) {
    this.names = TEMPLATES[channel].fields.map((f) => f.name);
    this.ranks = new Map(this.names.map((name, rank) => [name, rank]));
  }

  /** A field's place: its position in the template, custom and other fields after them all. */
  rank(name: string): number {
    return this.ranks.get(name) ?? this.names.length;
  }

  /** True when the values are in `ordered` order already, as nearly every file's are. */
  inOrder(values: ReadonlyMap<string, FieldValue>): boolean {
    let previous = -1;
    for (const name of values.keys()) {
      const rank = this.rank(name);
      if (rank < previous) return false;
      previous = rank;
    }
    return true;
  }

  /** The values in template order, then custom and other fields in column order. */
  ordered(values: ReadonlyMap<string, FieldValue>): Iterable<[string, FieldValue]> {
    if (this.inOrder(values)) return values;
    const ordered: [string, FieldValue][] = [];
    for (const name of this.names) {
      if (values.has(name)) ordered.push([name, values.get(name) as FieldValue]);
    }
    for (const entry of values) {
      if (!this.ranks.has(entry[0])) ordered.push(entry);
    }
    return ordered;
  }
}

/** A created contact's fields and tags: every non-empty text value, the tag field's tags. */
export function createdContent(ordered: Iterable<[string, FieldValue]>): { fields: Record<string, string>; tags: string[] } {
  const fields: Record<string, string> = Object.create(null);
  let tags: string[] = [];
  for (const [field, value] of ordered) {
    if (isTagField(field)) tags = mergeTags([], tagList(value));
    else if (typeof value === 'string' && value !== '') fields[field] = value;
  }
  return { fields, tags };
}

/**
 * The changes creating a contact from these values makes, taken in the Map's order (a create takes
 * them in template order, which is the Map's for nearly every file). The case store keeps a created
 * row's changes only when they differ from this.
 */
export function createdChanges(values: Iterable<[string, FieldValue]>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, value] of values) {
    if (isTagField(field)) {
      const tags = mergeTags([], tagList(value));
      if (tags.length > 0) changes.push({ field, from: '', to: tags.join(',') });
    } else if (typeof value === 'string' && value !== '') {
      changes.push({ field, from: '', to: value });
    }
  }
  return changes;
}

function hasText(value: FieldValue | undefined): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/** A row's tag value as a list (the row checker gives a list; a string is split on `,` defensively). */
export function tagList(value: FieldValue | undefined): readonly string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return value.split(',').map((t) => t.trim()).filter((t) => t !== '');
  return value;
}

/** Tags are added, never removed (R-U2): the old list, then each new tag not already there. */
export function mergeTags(old: readonly string[], added: readonly string[]): string[] {
  if (old.length === 0 && added.length <= 1) return added.slice();
  const merged = old.slice();
  const seen = new Set(old);
  for (const tag of added) {
    if (!seen.has(tag)) {
      seen.add(tag);
      merged.push(tag);
    }
  }
  return merged;
}
