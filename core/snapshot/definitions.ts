/**
 * Custom field definitions as Admin Center holds them (RULES.md §7): CSV `key,type,status` or the
 * same as a JSON array of objects. Unusable lines become `definitions.invalid` and are left out.
 */
import type { CustomFieldDefinition, CustomFieldType, Issue } from '../model.ts';
import { makeIssue } from '../rules/issue.ts';
import { foldHeader } from './parse.ts';
import type { SnapshotRecord } from './contact-parts.ts';

export interface DefinitionsResult {
  definitions: CustomFieldDefinition[];
  issues: Issue[];
}

const TYPES: ReadonlyMap<string, CustomFieldType> = new Map<string, CustomFieldType>([
  ['text', 'text'],
  ['number', 'number'],
  ['date', 'date'],
  ['datetime', 'datetime'],
]);
const STATUSES: ReadonlyMap<string, CustomFieldDefinition['status']> = new Map([
  ['active', 'active' as const],
  ['archived', 'archived' as const],
]);

const CUSTOM_PREFIX_ANY_CASE = /^cl_custom_/i;

type Checked = { definition: CustomFieldDefinition } | { reason: string };

/**
 * One definition from its three texts. Type and status ignore case, spaces, `-` and `_`
 * (`DateTime`, `date_time`). [decision] A blank or absent status means `active`.
 */
function checkDefinition(rawKey: string, rawType: string, rawStatus: string): Checked {
  const key = rawKey.trim().replace(CUSTOM_PREFIX_ANY_CASE, '');
  if (key === '') return { reason: 'the key is blank' };
  const typeText = rawType.trim();
  if (typeText === '') return { reason: `the type of "${key}" is blank` };
  const type = TYPES.get(foldHeader(typeText));
  if (type === undefined) return { reason: `the type "${typeText}" of "${key}" is not text, number, date or datetime` };
  const statusText = rawStatus.trim();
  const status = statusText === '' ? 'active' : STATUSES.get(foldHeader(statusText));
  if (status === undefined) return { reason: `the status "${statusText}" of "${key}" is not active or archived` };
  return { definition: { key, type, status } };
}

/** Collects definitions; a key defined twice keeps its first definition (keys are immutable identifiers). */
class DefinitionCollector {
  readonly definitions: CustomFieldDefinition[] = [];
  readonly issues: Issue[] = [];
  private readonly whereDefined = new Map<string, string>();

  add(checked: Checked, where: string, row?: number): void {
    if ('reason' in checked) {
      this.invalid(row === undefined ? `${where}: ${checked.reason}` : checked.reason, row);
      return;
    }
    const { definition } = checked;
    const first = this.whereDefined.get(definition.key);
    if (first !== undefined) {
      const reason = `the key "${definition.key}" is already defined in ${first}`;
      this.invalid(row === undefined ? `${where}: ${reason}` : reason, row);
      return;
    }
    this.whereDefined.set(definition.key, where);
    this.definitions.push(definition);
  }

  invalid(reason: string, row?: number): void {
    this.issues.push(makeIssue('definitions.invalid', row === undefined ? {} : { row }, { reason }));
  }
}

export function parseFieldDefinitions(header: readonly string[], records: Iterable<SnapshotRecord>): DefinitionsResult {
  const collector = new DefinitionCollector();
  const columnOf = new Map<string, number>();
  header.forEach((text, index) => {
    const name = foldHeader(text);
    if (!columnOf.has(name)) columnOf.set(name, index);
  });
  const keyColumn = columnOf.get('key');
  const typeColumn = columnOf.get('type');
  const statusColumn = columnOf.get('status');
  if (keyColumn === undefined || typeColumn === undefined) {
    const missing = [keyColumn === undefined ? 'key' : '', typeColumn === undefined ? 'type' : ''].filter(Boolean).join(' and ');
    collector.invalid(`the header has no ${missing} column; it must read key,type,status`);
    return { definitions: [], issues: collector.issues };
  }
  for (const { row, cells } of records) {
    const cell = (index: number | undefined) => (index === undefined ? '' : (cells[index] ?? ''));
    if (cells.every((c) => c.trim() === '')) continue;
    collector.add(checkDefinition(cell(keyColumn), cell(typeColumn), cell(statusColumn)), `row ${row}`, row);
  }
  return { definitions: collector.definitions, issues: collector.issues };
}

/** A JSON array of `{key, type, status}`; items are named by position (`item 3`) since JSON has no rows. */
export function parseFieldDefinitionsJson(text: string): DefinitionsResult {
  const collector = new DefinitionCollector();
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    collector.invalid(`the file is not valid JSON (${(error as Error).message})`);
    return { definitions: [], issues: collector.issues };
  }
  if (!Array.isArray(data)) {
    collector.invalid('the file must be a JSON array of objects with key, type and status');
    return { definitions: [], issues: collector.issues };
  }
  data.forEach((item: unknown, index) => {
    const where = `item ${index + 1}`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      collector.add({ reason: 'it is not an object with key, type and status' }, where);
      return;
    }
    const read = (name: string): string | undefined => {
      if (!Object.prototype.hasOwnProperty.call(item, name)) return '';
      const value = (item as Record<string, unknown>)[name];
      return typeof value === 'string' ? value : undefined;
    };
    const key = read('key');
    const type = read('type');
    const status = read('status');
    if (key === undefined || type === undefined || status === undefined) {
      collector.add({ reason: 'key, type and status must be text' }, where);
      return;
    }
    collector.add(checkDefinition(key, type, status), where);
  });
  return { definitions: collector.definitions, issues: collector.issues };
}
