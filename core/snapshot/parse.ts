/**
 * Reads a contact snapshot (RULES.md §7) from a table's header and records: any column order,
 * header aliases, channel inference, creation order, deterministic ids. File reading is elsewhere
 * (`load.ts`); this module only turns cells into contacts.
 */
import type { Contact, ContactChannel, Issue } from '../model.ts';
import { makeIssue } from '../rules/issue.ts';
import { CUSTOM_PREFIX, EDM_STATUSES } from '../rules/templates.ts';
import { KeyIndex } from '../simulate/key-index.ts';
import { IntColumn } from '../simulate/created-contacts.ts';

export interface SnapshotRecord {
  row: number;
  cells: readonly string[];
}

export interface SnapshotOptions {
  region: string;
}

/** The snapshot's columns besides `cl_custom_*`, in the order the exporter writes them. */
export const SNAPSHOT_COLUMNS: readonly string[] = [
  'contact_id',
  'channel',
  'line_uid',
  'email',
  'phone',
  'WhatsApp_mobile',
  'mobile',
  'customer_id',
  'name',
  'display_name',
  'gender',
  'birthday',
  'note',
  'tags',
  'messaging_status',
  'consent_source',
  'consent_at',
  'created_at',
  'updated_at',
  'fb_id',
  'ig_id',
  'external_member_id',
  'unified_contact_id',
];

/** Header text folded for comparison: full-width to half-width, case, spaces, `-`, `_` ignored. */
export function foldHeader(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s_-]+/g, '');
}

/** Folded header → canonical column: every column under its own folded name, plus the aliases of §3. */
const COLUMN_BY_FOLDED: ReadonlyMap<string, string> = new Map<string, string>([
  ...SNAPSHOT_COLUMNS.map((c): [string, string] => [foldHeader(c), c]),
  ['tag', 'tags'],
  ['status', 'messaging_status'],
  ['emailaddress', 'email'],
  ['mail', 'email'],
  ['whatsapp', 'WhatsApp_mobile'],
  ['whatsappnumber', 'WhatsApp_mobile'],
  ['uid', 'line_uid'],
  ['id', 'contact_id'],
]);

const CUSTOM_HEADER = /^cl_custom_(.+)$/i;

/** The canonical column a snapshot header stands for, or undefined when it is not a snapshot column. */
export function snapshotColumn(header: string): string | undefined {
  const trimmed = header.trim();
  const custom = CUSTOM_HEADER.exec(trimmed);
  if (custom) return CUSTOM_PREFIX + custom[1];
  return COLUMN_BY_FOLDED.get(foldHeader(trimmed));
}

const CHANNEL_BY_FOLDED: ReadonlyMap<string, ContactChannel> = new Map<string, ContactChannel>([
  ['line', 'line'],
  ['email', 'email'],
  ['edm', 'email'],
  ['whatsapp', 'whatsapp'],
  ['wa', 'whatsapp'],
  ['sms', 'sms'],
]);

const EDM_STATUS_SET: ReadonlySet<string> = new Set(EDM_STATUSES);

/** §7 inference: WhatsApp_mobile → whatsapp; an EDM status → email; line_uid or external_member_id → line; phone → sms. */
function inferChannel(fields: Record<string, string>): ContactChannel | undefined {
  const has = (name: string) => Object.prototype.hasOwnProperty.call(fields, name);
  if (has('WhatsApp_mobile')) return 'whatsapp';
  if (has('messaging_status') && EDM_STATUS_SET.has(fields.messaging_status)) return 'email';
  if (has('line_uid') || has('external_member_id')) return 'line';
  if (has('phone')) return 'sms';
  return undefined;
}

const TIMESTAMP = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Timestamps as `YYYY-MM-DD HH:mm:ss`, so they order as text. Recognized variants (`/` or `.`
 * separators, no seconds, ISO `T`, a zone suffix, which is dropped) are rewritten; anything else is kept.
 */
export function normalizeTimestamp(text: string): string {
  // Already `YYYY-MM-DD HH:mm:ss` (what MAAC exports): the pattern would give it back unchanged.
  return isCanonicalTimestamp(text) ? text : normalizeTimestampByPattern(text);
}

/** `normalizeTimestamp` by its pattern alone (for tests). */
export function normalizeTimestampByPattern(text: string): string {
  const m = TIMESTAMP.exec(text);
  if (!m) return text;
  const pad = (s: string | undefined) => (s ?? '0').padStart(2, '0');
  return `${m[1]}-${pad(m[2])}-${pad(m[3])} ${pad(m[4])}:${pad(m[5])}:${pad(m[6])}`;
}

/** `YYYY-MM-DD HH:mm:ss` exactly (digits and separators in place), read from character codes. */
export function isCanonicalTimestamp(text: string): boolean {
  if (text.length !== 19) return false;
  for (let i = 0; i < 19; i++) {
    const c = text.charCodeAt(i);
    const expected = i === 4 || i === 7 ? 0x2d : i === 10 ? 0x20 : i === 13 || i === 16 ? 0x3a : -1;
    if (expected === -1 ? c < 0x30 || c > 0x39 : c !== expected) return false;
  }
  return true;
}

export function splitTags(text: string): string[] {
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const tag = part.trim();
    if (tag !== '' && !seen.has(tag)) {
      seen.add(tag);
      tags.push(tag);
    }
  }
  return tags;
}

/** Parses records one at a time, so a loader can stream a large export through it. */
export class SnapshotParser {
  private readonly columns: { index: number; name: string }[] = [];
  private readonly hasCreatedAt: boolean;
  private readonly contacts: Contact[] = [];
  private readonly issues: Issue[] = [];
  /** Ids seen so far (a million-contact export: typed arrays rather than a Map) → their first row. */
  private readonly ids = new KeyIndex();
  private readonly firstRowOfId = new IntColumn();
  /** Channel cells repeat (`whatsapp`, `line`…): each read once. */
  private readonly channelOfText = new Map<string, ContactChannel | undefined>();

  constructor(header: readonly string[], _options: SnapshotOptions) {
    const taken = new Set<string>();
    header.forEach((text, index) => {
      const name = snapshotColumn(text);
      // The first of two columns meaning the same field is read, as for imports (R-H3).
      if (name === undefined || taken.has(name)) return;
      taken.add(name);
      this.columns.push({ index, name });
    });
    this.hasCreatedAt = taken.has('created_at');
    if (!this.hasCreatedAt) this.issues.push(makeIssue('snapshot.created_at_missing'));
  }

  add(record: SnapshotRecord): void {
    const fields: Record<string, string> = Object.create(null);
    let id = '';
    let channelText = '';
    let tags: string[] = [];
    let createdAt = '';
    let updatedAt = '';
    for (const { index, name } of this.columns) {
      const value = (record.cells[index] ?? '').trim();
      if (value === '') continue;
      switch (name) {
        case 'contact_id':
          id = value;
          break;
        case 'channel':
          channelText = value;
          break;
        case 'tags':
          tags = splitTags(value);
          break;
        case 'created_at':
          createdAt = normalizeTimestamp(value);
          break;
        case 'updated_at':
          updatedAt = normalizeTimestamp(value);
          break;
        default:
          fields[name] = value;
      }
    }
    if (id === '') id = `C${record.row}`;

    let channel: ContactChannel | undefined;
    if (channelText !== '') {
      if (this.channelOfText.has(channelText)) channel = this.channelOfText.get(channelText);
      else {
        channel = CHANNEL_BY_FOLDED.get(foldHeader(channelText));
        if (this.channelOfText.size < 1000) this.channelOfText.set(channelText, channel);
      }
    } else channel = inferChannel(fields);
    if (channel === undefined) {
      const value = channelText !== '' ? channelText : id;
      this.issues.push(makeIssue('snapshot.channel_unknown', { row: record.row, field: 'channel', value }));
      return;
    }

    const seen = this.ids.get(id);
    if (seen !== -1) {
      const firstRow = this.firstRowOfId.get(seen);
      let unique = `${id}~${record.row}`;
      while (this.ids.get(unique) !== -1) unique += '~';
      this.issues.push(makeIssue('snapshot.id_duplicate', { row: record.row, field: 'contact_id', value: id, fix: unique }, { firstRow }));
      id = unique;
    }
    if (this.ids.add(id) === this.firstRowOfId.length) this.firstRowOfId.push(record.row);

    // The row number is the creation order's stand-in (and the tie-breaker) when created_at is missing.
    this.contacts.push({ id, channel, fields, tags, createdAt, updatedAt, order: record.row });
  }

  finish(): { contacts: Contact[]; issues: Issue[] } {
    return { contacts: this.contacts, issues: this.issues };
  }

  /** Issues from elsewhere (e.g. the CSV reader's row.ragged) kept with the snapshot's own. */
  addIssues(issues: readonly Issue[]): void {
    this.issues.push(...issues);
  }
}

export function parseSnapshot(header: readonly string[], records: Iterable<SnapshotRecord>, options: SnapshotOptions): { contacts: Contact[]; issues: Issue[] } {
  const parser = new SnapshotParser(header, options);
  for (const record of records) parser.add(record);
  return parser.finish();
}
