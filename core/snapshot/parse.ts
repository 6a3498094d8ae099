/**
 * Reads a contact snapshot (RULES.md §7) from a table's header and records: any column order,
 * header aliases, channel inference, creation order, deterministic ids. File reading is elsewhere
 * (`load.ts`); this module only turns cells into contacts.
 */
import type { Contact, ContactChannel, Issue } from '../model.ts';
import { SpanRecord } from '../csv/tokenizer.ts';
import { makeIssue } from '../rules/issue.ts';
import { CUSTOM_PREFIX, EDM_STATUSES } from '../rules/templates.ts';
import { stringHash } from '../codec/text-hash.ts';
import { UniqueIds, duplicateIdsPossible } from './unique-ids.ts';
import { IntColumn } from '../collections/int-column.ts';
import { PackedSnapshot } from './packed.ts';
import { trimmedCell, wholeContact, type ContactParts, type PartsReader, type SnapshotRecord } from './contact-parts.ts';

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

/**
 * §7 inference: WhatsApp_mobile → whatsapp; an EDM status → email; line_uid or external_member_id → line;
 * phone → sms. `names`/`values`: the contact's non-blank fields, the first `count` of them.
 */
function inferChannel(names: readonly string[], values: readonly string[], count: number): ContactChannel | undefined {
  let edmStatus = false;
  let line = false;
  let phone = false;
  for (let i = 0; i < count; i++) {
    switch (names[i]) {
      case 'WhatsApp_mobile':
        return 'whatsapp';
      case 'messaging_status':
        edmStatus = EDM_STATUS_SET.has(values[i]);
        break;
      case 'line_uid':
      case 'external_member_id':
        line = true;
        break;
      case 'phone':
        phone = true;
    }
  }
  if (edmStatus) return 'email';
  if (line) return 'line';
  if (phone) return 'sms';
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

/** What a snapshot column holds, for the reader's loop (numbers, not names, per cell). */
const enum Role {
  Field,
  Id,
  Channel,
  Tags,
  CreatedAt,
  UpdatedAt,
}

const ROLE_OF: Readonly<Record<string, Role>> = {
  contact_id: Role.Id, channel: Role.Channel, tags: Role.Tags, created_at: Role.CreatedAt, updated_at: Role.UpdatedAt,
};

/**
 * Reads snapshot records into contact parts: the §7 rules (columns, aliases, channel inference,
 * creation order, unique ids), one implementation for contacts kept as objects and kept packed.
 * The parts are reused from one record to the next: a sink keeps what it needs of them.
 */
export class SnapshotReader implements PartsReader {
  /** The columns read, in header order: where each sits in a record, its canonical name and role. */
  private readonly cellIndexes: number[] = [];
  private readonly names: string[] = [];
  private readonly roles: Role[] = [];
  private readonly cellIndexOf = new Map<string, number>();
  readonly issues: Issue[] = [];
  /** Ids made unique as they are read; or, for a packed snapshot, only their hashes, checked afterwards. */
  private readonly uniqueIds: UniqueIds | undefined;
  private readonly idHashes = new IntColumn();
  /** Channel cells repeat (`whatsapp`, `line`…): each read once. */
  private readonly channelOfText = new Map<string, ContactChannel | undefined>();
  private readonly parts: ContactParts = { id: '', channel: 'sms', createdAt: '', updatedAt: '', order: 0, tags: [], names: [], values: [], fieldCount: 0, renamed: false };
  private channelText = '';
  private lastChannelText = '';
  private lastChannel: ContactChannel | undefined;
  private readonly idCell: number;
  private readonly channelCell: number;

  /** `packed`: the caller keeps the records themselves; tags and timestamps are left unread, ids only hashed. */
  constructor(header: readonly string[], private readonly packed = false) {
    this.uniqueIds = packed ? undefined : new UniqueIds();
    const taken = new Set<string>();
    header.forEach((text, index) => {
      const name = snapshotColumn(text);
      // The first of two columns meaning the same field is read, as for imports (R-H3).
      if (name === undefined || taken.has(name)) return;
      taken.add(name);
      this.cellIndexes.push(index);
      this.names.push(name);
      this.roles.push(ROLE_OF[name] ?? Role.Field);
      this.cellIndexOf.set(name, index);
    });
    this.idCell = this.cellIndex('contact_id');
    this.channelCell = this.cellIndex('channel');
    if (!taken.has('created_at')) this.issues.push(makeIssue('snapshot.created_at_missing'));
  }

  /** Where a field's cell sits in a record, or -1 when the snapshot has no such column. */
  cellIndex(name: string): number {
    return this.cellIndexOf.get(name) ?? -1;
  }

  /**
   * The record's contact, or undefined when it has none (the issue saying why is kept). Ids are
   * made unique here, unless `packed` (a packed snapshot reads tags and timestamps when it makes a
   * contact whole, and checks ids when every record is in).
   */
  read(record: SnapshotRecord): ContactParts | undefined {
    const light = this.packed;
    const parts = light && this.channelCell !== -1 ? this.identify(record) : this.extract(record.cells, record.row, light);
    let channel: ContactChannel | undefined;
    const channelText = this.channelText;
    if (channelText !== '') {
      // Exports list contacts by channel: the cell is nearly always the previous record's.
      if (channelText === this.lastChannelText) channel = this.lastChannel;
      else {
        if (this.channelOfText.has(channelText)) channel = this.channelOfText.get(channelText);
        else {
          channel = CHANNEL_BY_FOLDED.get(foldHeader(channelText));
          if (this.channelOfText.size < 1000) this.channelOfText.set(channelText, channel);
        }
        this.lastChannelText = channelText;
        this.lastChannel = channel;
      }
    } else channel = inferChannel(parts.names, parts.values, parts.fieldCount);
    if (channel === undefined) {
      const value = channelText !== '' ? channelText : parts.id;
      this.issues.push(makeIssue('snapshot.channel_unknown', { row: record.row, field: 'channel', value }));
      return undefined;
    }
    parts.channel = channel;

    if (this.uniqueIds === undefined) {
      this.idHashes.push(stringHash(parts.id));
      return parts;
    }
    const taken = this.uniqueIds.take(parts.id, record.row);
    if (taken.issue !== undefined) {
      this.issues.push(taken.issue);
      parts.id = taken.id;
      parts.renamed = true;
    }
    return parts;
  }

  /**
   * Only the id and channel of a record whose channel cell is filled (else `extract`'s fields are
   * needed to infer the channel): all a packed snapshot keeps apart from the cells themselves.
   */
  private identify(record: SnapshotRecord): ContactParts {
    const row = record.row;
    // A record kept as its text (SpanRecord) makes these two cells alone.
    const plain = record instanceof SpanRecord ? record : undefined;
    const channelCell = plain ? plain.cellAt(this.channelCell) : record.cells[this.channelCell];
    this.channelText = channelCell === undefined || channelCell === '' ? '' : trimmedCell(channelCell);
    if (this.channelText === '') return this.extract(record.cells, row, true);
    const parts = this.parts;
    const idCell = this.idCell === -1 ? undefined : plain ? plain.cellAt(this.idCell) : record.cells[this.idCell];
    const id = idCell === undefined || idCell === '' ? '' : trimmedCell(idCell);
    parts.id = id === '' ? `C${row}` : id;
    parts.order = row;
    parts.fieldCount = 0;
    parts.renamed = false;
    return parts;
  }

  /** With `packed`: the hash of each contact's id as read, in reading order. */
  hashesOfIds(): Int32Array {
    return this.idHashes.toArray();
  }

  /**
   * A record's cells as contact parts, without the checks `read` makes (channel and id as the cells
   * say): how a packed contact is made whole again, by the same code that read it first.
   */
  extract(cells: readonly string[], row: number, light = false): ContactParts {
    const parts = this.parts;
    const names = parts.names as string[];
    const values = parts.values as string[];
    let count = 0;
    let id = '';
    this.channelText = '';
    parts.tags = NO_TAGS;
    parts.createdAt = '';
    parts.updatedAt = '';
    for (let c = 0; c < this.cellIndexes.length; c++) {
      const cell = cells[this.cellIndexes[c]];
      if (cell === undefined || cell === '') continue;
      const value = trimmedCell(cell);
      if (value === '') continue;
      switch (this.roles[c]) {
        case Role.Field:
          names[count] = this.names[c];
          values[count++] = value;
          break;
        case Role.Id:
          id = value;
          break;
        case Role.Channel:
          this.channelText = value;
          break;
        case Role.Tags:
          if (!light) parts.tags = splitTags(value);
          break;
        case Role.CreatedAt:
          if (!light) parts.createdAt = normalizeTimestamp(value);
          break;
        case Role.UpdatedAt:
          if (!light) parts.updatedAt = normalizeTimestamp(value);
      }
    }
    // The row number is the creation order's stand-in (and the tie-breaker) when created_at is missing.
    parts.id = id === '' ? `C${row}` : id;
    parts.order = row;
    parts.fieldCount = count;
    parts.renamed = false;
    return parts;
  }
}

const NO_TAGS: string[] = [];

/** Where a snapshot reader puts its contacts. */
interface ContactSink<T> {
  add(parts: ContactParts, record: SnapshotRecord): void;
  contacts(): T;
}

/**
 * Parses records one at a time (a loader streams a large export through it) into contacts of type T.
 * `packed`: the sink keeps the records themselves, so they are read lightly and ids are checked afterwards.
 */
class SnapshotParserOf<T> {
  protected readonly reader: SnapshotReader;

  constructor(header: readonly string[], private readonly sink: ContactSink<T>, packed = false) {
    this.reader = new SnapshotReader(header, packed);
  }

  add(record: SnapshotRecord): void {
    const parts = this.reader.read(record);
    if (parts !== undefined) this.sink.add(parts, record);
  }

  finish(): { contacts: T; issues: Issue[] } {
    return { contacts: this.sink.contacts(), issues: this.reader.issues };
  }

  /** Issues from elsewhere (e.g. the CSV reader's row.ragged) kept with the snapshot's own. */
  addIssues(issues: readonly Issue[]): void {
    this.reader.issues.push(...issues);
  }
}

/** A snapshot's contacts as objects (the case file, the UI, small exports). */
export class SnapshotParser extends SnapshotParserOf<Contact[]> {
  constructor(header: readonly string[], _options: SnapshotOptions) {
    const contacts: Contact[] = [];
    super(header, { add: (parts) => contacts.push(wholeContact(parts)), contacts: () => contacts });
  }
}

/** A snapshot's contacts packed (a replay against a large export: matched contacts are made whole when needed). */
export class PackedSnapshotParser extends SnapshotParserOf<PackedSnapshot> {
  /** `delimiter`: the file's, to read the cells of records kept as their text (`span`). */
  constructor(header: readonly string[], _options: SnapshotOptions, delimiter = ',') {
    // The packed store needs the reader super() makes, and super() needs the store's callbacks.
    const made: { packed?: PackedSnapshot } = {};
    super(header, { add: (parts, record) => made.packed!.add(parts, record), contacts: () => made.packed!.done() }, true);
    made.packed = new PackedSnapshot(this.reader, delimiter);
  }

  /**
   * Ids were only hashed while reading: when two of them are the same after all, they are made
   * unique now, in reading order, and reported where the reader would have reported them.
   */
  override finish(): { contacts: PackedSnapshot; issues: Issue[] } {
    const { contacts, issues } = super.finish();
    if (!duplicateIdsPossible(this.reader.hashesOfIds(), (position) => contacts.idAt(position))) return { contacts, issues };
    const unique = new UniqueIds();
    const found: Issue[] = [];
    for (let position = 0; position < contacts.length; position++) {
      const taken = unique.take(contacts.idAt(position), contacts.order(position));
      if (taken.issue === undefined) continue;
      contacts.rename(position, taken.id);
      found.push(taken.issue);
    }
    return { contacts, issues: mergeByRow(issues, found) };
  }
}

/** `later` (in row order) placed among `issues` (file-level first, then in row order) after every issue of their row or before. */
function mergeByRow(issues: readonly Issue[], later: readonly Issue[]): Issue[] {
  const merged: Issue[] = [];
  let next = 0;
  for (const issue of issues) {
    while (next < later.length && issue.row !== undefined && issue.row > later[next].row!) merged.push(later[next++]);
    merged.push(issue);
  }
  while (next < later.length) merged.push(later[next++]);
  return merged;
}

export function parseSnapshot(header: readonly string[], records: Iterable<SnapshotRecord>, options: SnapshotOptions): { contacts: Contact[]; issues: Issue[] } {
  const parser = new SnapshotParser(header, options);
  for (const record of records) parser.add(record);
  return parser.finish();
}
