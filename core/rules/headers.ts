/**
 * Header checks R-H1–R-H7 and the key column of R-M2: which column feeds which field, and what
 * MAAC skips. The row checker reads only the columns this analysis maps.
 */
import type { Channel, CustomFieldDefinition, Issue, KeyName } from '../model.ts';
import { makeIssue } from './issue.ts';
import {
  CUSTOM_PREFIX,
  HEADER_ALIASES,
  NOT_IMPORTABLE_HEADERS,
  TEMPLATES,
  keyField,
  normalizeHeaderName,
  type FieldSpec,
} from './templates.ts';

export type ColumnStatus = 'field' | 'custom' | 'skipped';

export interface AnalyzedColumn {
  index: number;
  header: string;
  status: ColumnStatus;
  /** The template field (status 'field') or `cl_custom_<key>` (status 'custom') MAAC reads from it. */
  field?: string;
  spec?: FieldSpec;
  /** For custom columns: the definition, or undefined when no definitions are loaded (checked as Text). */
  custom?: CustomFieldDefinition;
  /** R-H2: the canonical name this header should be renamed to. */
  rename?: string;
}

export interface HeaderAnalysis {
  channel: Channel;
  key: KeyName;
  columns: AnalyzedColumn[];
  /** Field name → the column index MAAC reads it from. */
  columnOf: Map<string, number>;
  /** File-level issues of R-H1–R-H7 and R-M2. */
  issues: Issue[];
  /** Required template fields with no column (R-H4). */
  missingRequired: string[];
  /** The template field the key reads (R-M1); undefined when the channel's template has none. */
  keyField?: string;
  /** False when the key's column is absent: every row fails (R-M2). */
  keyColumnPresent: boolean;
}

export const normalizeHeader = normalizeHeaderName;

/** A header as a message can show it: blank headers get their position. */
export function displayHeader(header: string, index: number): string {
  return header.trim() === '' ? `#${index + 1} (no name)` : header;
}

/**
 * The field a near-miss or common name stands for (R-H2, R-H8): the first candidate the channel has
 * that is not already a column, nor suggested for an earlier column (`taken`).
 */
function aliasTarget(header: string, channel: Channel, taken: ReadonlySet<string>): string | undefined {
  const fields = TEMPLATES[channel].fields;
  const normalized = normalizeHeader(header);
  const direct = fields.find((f) => normalizeHeader(f.name) === normalized);
  if (direct) return taken.has(direct.name) ? undefined : direct.name;
  const aliases = Object.prototype.hasOwnProperty.call(HEADER_ALIASES, normalized) ? HEADER_ALIASES[normalized] : [];
  return aliases.find((name) => !taken.has(name) && fields.some((f) => f.name === name));
}

/**
 * R-H8: columns the user mapped, by header: to a field of the channel (or `cl_custom_<key>`), or to
 * null to ignore the column. Applied before every other header rule.
 */
export type ColumnMapping = Readonly<Record<string, string | null>>;

/** What the mapping says of a column, by its header as written or trimmed: a field, null (left out) or undefined (not mapped). */
export function mappingOf(mapping: ColumnMapping | undefined, header: string): string | null | undefined {
  if (mapping === undefined) return undefined;
  for (const name of [header, header.trim()]) if (Object.prototype.hasOwnProperty.call(mapping, name)) return mapping[name];
  return undefined;
}

/**
 * Why a mapping cannot be used with this header and channel, in words (R-H8): a column the file does
 * not have, a field the channel's template lacks, or one field for two columns. Undefined when it can.
 */
export function mappingProblem(mapping: ColumnMapping, header: readonly string[], channel: Channel): string | undefined {
  const template = TEMPLATES[channel];
  const mappedTo = new Map<string, string>();
  for (const [column, field] of Object.entries(mapping)) {
    if (!header.some((name) => name === column || name.trim() === column)) return `the file has no column "${column}". Its columns are: ${header.join(', ')}.`;
    if (field === null) continue;
    if (!field.startsWith(CUSTOM_PREFIX) && !template.fields.some((f) => f.name === field)) {
      return `"${field}" is not a field of the ${template.label} template (choose another channel, or map to ${template.fields.map((f) => f.name).join(', ')}).`;
    }
    const earlier = mappedTo.get(field);
    if (earlier !== undefined) return `"${earlier}" and "${column}" are both mapped to ${field}; a field can be read from one column only.`;
    mappedTo.set(field, column);
  }
  return undefined;
}

/** The header as the mapping names its columns (an ignored one has no name), e.g. for detecting the channel. */
export function mappedHeader(header: readonly string[], mapping: ColumnMapping | undefined): readonly string[] {
  return header.map((raw) => {
    const mapped = mappingOf(mapping, raw);
    return mapped === undefined ? raw : mapped ?? '';
  });
}

export interface HeaderOptions {
  channel: Channel;
  key: KeyName;
  definitions?: readonly CustomFieldDefinition[];
  mapping?: ColumnMapping;
}

export function analyzeHeaders(header: readonly string[], options: HeaderOptions): HeaderAnalysis {
  const { channel, key, definitions } = options;
  const isMapped = (raw: string) => mappingOf(options.mapping, raw) !== undefined;
  // The name each column is read by: its mapped field, or its header.
  const names = header.map((raw) => {
    const mapped = mappingOf(options.mapping, raw);
    return mapped === undefined ? raw : mapped;
  });
  const template = TEMPLATES[channel];
  const specOf = new Map(template.fields.map((f) => [f.name, f] as const));
  const exactNames = new Set(names.filter((n): n is string => n !== null));
  // Fields a column already has, or that an earlier column is suggested to become (R-H8).
  const suggested = new Set(exactNames);
  const columnOf = new Map<string, number>();
  const positions = new Map<string, number[]>();
  const columns: AnalyzedColumn[] = [];
  const issues: Issue[] = [];
  const headerIssue = (code: Parameters<typeof makeIssue>[0], index: number, params: Record<string, string | number> = {}, fix?: string, severity?: 'error' | 'warning') =>
    issues.push(makeIssue(code, { column: displayHeader(header[index], index), columnIndex: index, fix }, { channel: template.label, ...params }, severity));

  header.forEach((original, index) => {
    const column: AnalyzedColumn = { index, header: original, status: 'skipped' };
    columns.push(column);
    const raw = names[index];
    if (raw === null) return; // The user chose to leave this column out.
    const spec = specOf.get(raw);
    if (spec) {
      const seen = positions.get(raw);
      if (seen) {
        seen.push(index + 1);
        return; // R-H3: ListPrep reads the first; reported once below.
      }
      positions.set(raw, [index + 1]);
      Object.assign(column, { status: 'field', field: raw, spec });
      columnOf.set(raw, index);
      return;
    }
    if (raw.startsWith(CUSTOM_PREFIX)) {
      analyzeCustomColumn(column, raw.slice(CUSTOM_PREFIX.length), definitions, columnOf, positions, (code, params) => headerIssue(code, index, params));
      return;
    }
    if (NOT_IMPORTABLE_HEADERS.includes(raw)) {
      headerIssue('header.not_importable', index);
      return;
    }
    const target = isMapped(original) ? undefined
      : raw.toLowerCase().startsWith(CUSTOM_PREFIX) ? CUSTOM_PREFIX + raw.slice(CUSTOM_PREFIX.length) : aliasTarget(raw, channel, suggested);
    if (target && !exactNames.has(target)) {
      column.rename = target;
      suggested.add(target);
      const hidesRequired = specOf.get(target)?.required === true;
      headerIssue('header.alias', index, {}, target, hidesRequired ? 'error' : 'warning');
      return;
    }
    headerIssue('header.unknown', index);
  });

  for (const seen of positions.values()) {
    if (seen.length > 1) headerIssue('header.duplicate', seen[0] - 1, { positions: seen.join(', ') });
  }

  const missingRequired = template.fields.filter((f) => f.required && !columnOf.has(f.name)).map((f) => f.name);
  for (const field of missingRequired) {
    const coveredByAlias = columns.some((c) => c.rename === field);
    if (!coveredByAlias) issues.push(makeIssue('header.missing_required', { field }, { channel: template.label }));
  }

  const whatsAppColumn = columnOf.get('WhatsApp_mobile');
  if (channel === 'whatsapp' && whatsAppColumn !== undefined && whatsAppColumn !== 0) {
    headerIssue('header.order', whatsAppColumn, { position: whatsAppColumn + 1 });
  }

  const keyFieldName = keyField(channel, key);
  const keyColumnPresent = keyFieldName !== undefined && columnOf.has(keyFieldName);
  if (!keyColumnPresent) {
    issues.push(makeIssue('key.column_missing', { field: keyFieldName ?? key }, { key, channel: template.label }));
  }

  return { channel, key, columns, columnOf, issues, missingRequired, keyField: keyFieldName, keyColumnPresent };
}

function analyzeCustomColumn(
  column: AnalyzedColumn,
  customKey: string,
  definitions: readonly CustomFieldDefinition[] | undefined,
  columnOf: Map<string, number>,
  positions: Map<string, number[]>,
  report: (code: 'custom.unknown' | 'custom.archived' | 'custom.undefined', params: Record<string, string>) => void,
): void {
  const field = CUSTOM_PREFIX + customKey;
  const seen = positions.get(field);
  if (seen) {
    seen.push(column.index + 1);
    return;
  }
  positions.set(field, [column.index + 1]);
  if (definitions === undefined) {
    report('custom.undefined', { key: customKey });
    Object.assign(column, { status: 'custom', field });
    columnOf.set(field, column.index);
    return;
  }
  const definition = definitions.find((d) => d.key === customKey);
  if (!definition) return report('custom.unknown', { key: customKey });
  if (definition.status === 'archived') return report('custom.archived', { key: customKey });
  Object.assign(column, { status: 'custom', field, custom: definition });
  columnOf.set(field, column.index);
}
