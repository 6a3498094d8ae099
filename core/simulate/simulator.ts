/**
 * Replays an import row by row against a contact snapshot, as MAAC would (RULES.md §5):
 * matching (R-M1–R-M6), update semantics (R-U1–R-U3), EDM status irreversibility (R-E1) and
 * WhatsApp re-opt-in (R-W2). Pure: the snapshot passed in is never modified (copy on write).
 */
import type { OutputProfile, Channel, CheckedRow, Contact, ContactChannel, FieldChange, FieldValue, Issue, KeyName, RowResult } from '../model.ts';
import { SKIP_CODES } from '../rules/codes.ts';
import { makeIssue, type IssueLocation } from '../rules/issue.ts';
import { CUSTOM_PREFIX, PRIMARY_KEY_FIELD, isTagField, keyField, matchableChannels } from '../rules/templates.ts';
import { contactPhoneField, emailIdentity, fieldOf, isPhoneField, phoneIdentity, textIdentity } from '../rules/identity.ts';
import { addToListHealth, addHealthKind, emptyListHealthCounts, listHealth, type ListHealthCounts } from './list-health.ts';
import { CreatedContacts } from './created-contacts.ts';
import { TemplateOrder, createdChanges, mergeTags, tagList } from '../rules/new-contact.ts';
import type { PackedRow } from '../codec/values-text.ts';

export type { PackedRow };
import { IntColumn } from '../collections/int-column.ts';
import { KeyIndex } from '../collections/key-index.ts';
import { SnapshotKeys } from './snapshot-keys.ts';
import { contactSource, type ContactSource } from '../snapshot/contact-source.ts';

export interface SimulatorOptions {
  channel: Channel;
  key: KeyName;
  region: string;
  /** the import's time, `YYYY-MM-DD HH:mm:ss`, stamped as createdAt/updatedAt of what the import touches */
  importedAt: string;
  /**
   * Where each template field sits in the file (field → header text as written, 0-based index), so
   * the simulation's issues point at the cell. Without it, issues name the field as the column.
   */
  columns?: ReadonlyMap<string, { column: string; columnIndex?: number }>;
  /**
   * What the caller reads (default: everything). Without `createChanges`, a created row's changes (one
   * object per field, a million rows' worth) are left out when they are `createdChanges(row.values)`,
   * as nearly always (values in template order): the result then says `changesOmitted`. A caller that
   * counts outcomes, or stores changes it can derive, asks for this. Other rows' changes are always listed.
   */
  output?: Partial<Pick<OutputProfile, 'createChanges'>>;
  /**
   * True when every row's values are in template order: the file's columns are (the session knows),
   * and a row's values follow its columns. Then no row's order is looked at (`output.createChanges`).
   */
  columnsInTemplateOrder?: boolean;
  /** A row's values from its cells as read (the row checker's): for rows whose block holds their cells (PackedRow.holdsCells). */
  valuesOfCells?: (row: number, cells: readonly string[]) => Map<string, FieldValue>;
}

/** R-E1: EDM statuses an import cannot turn back into `subscribed`. */
const IRREVERSIBLE_EDM_STATUSES: ReadonlySet<string> = new Set(['unsubscribed', 'hard_bounce', 'spam_report']);

/** Contacts sharing one key value: a single position, or several (rare, R-M4). */
type Positions = number | number[];

/** `firstRowOf` of a key no row carried yet (snapshot keys). */
const NO_ROW = -0x80000000;
/** `positionOf` of a key no contact has. */
const NO_POSITION = -1;

interface PlannedUpdate {
  changes: FieldChange[];
  issues: Issue[];
  /** Field → new value (null: remove the custom field). */
  sets: Map<string, string | null>;
  tags?: string[];
}

export class Simulator {
  private readonly options: SimulatorOptions;
  private readonly keyField: string | undefined;
  /** The snapshot's contacts; positions from `base.length` on are created contacts. */
  private readonly base: ContactSource;
  private readonly baseCount: number;
  /** Snapshot contacts a row updated (the snapshot itself is never changed). */
  private readonly updated = new Map<number, Contact>();
  private readonly created: CreatedContacts;
  /** The snapshot's contacts by key (undefined without a key column or without contacts): looked up when a row's key is first seen. */
  private readonly snapshotKeys: SnapshotKeys | undefined;
  /**
   * A row key value → its slot: the first row that carried it (R-M6) and the positions of the
   * contacts it matches (snapshot and created), in columns rather than an object per key.
   */
  private readonly slotOfKey = new KeyIndex();
  private readonly firstRowOf = new IntColumn();
  /** A position, NO_POSITION, or -2 - i for `multiple[i]` (several snapshot contacts: R-M4). */
  private readonly positionOf = new IntColumn();
  private readonly multiple: number[][] = [];
  /** Ids of the form `new-…` the snapshot holds, so chained imports never reuse one. */
  private readonly takenNewIds = new Set<string>();
  /**
   * While rows arrive in increasing order, an id made for a row (`new-<row>`, `new-<row>-<n>`) can
   * only collide with the snapshot's; a row out of order switches to remembering every id made.
   */
  private lastRow = -Infinity;
  private rememberMadeIds = false;
  private readonly phoneCache = new Map<string, string | null>();
  private readonly order: TemplateOrder;
  private readonly health: ListHealthCounts = emptyListHealthCounts();

  constructor(snapshot: readonly Contact[] | ContactSource, options: SimulatorOptions) {
    this.options = options;
    this.keyField = keyField(options.channel, options.key);
    this.base = contactSource(snapshot);
    this.baseCount = this.base.length;
    this.order = new TemplateOrder(options.channel);
    const matchable = new Set<ContactChannel>(matchableChannels(options.channel));
    let maxOrder = -1;
    for (const id of this.base.madeIds()) this.takenNewIds.add(id);
    for (let position = 0; position < this.baseCount; position++) {
      const order = this.base.order(position);
      if (order > maxOrder) maxOrder = order;
    }
    this.snapshotKeys = this.keyField === undefined || this.baseCount === 0 ? undefined : new SnapshotKeys(this.baseCount, (position) => {
      const channel = this.base.channel(position);
      return matchable.has(channel) ? this.contactKey(position, channel) : undefined;
    });
    this.created = new CreatedContacts(maxOrder + 1, options.importedAt, options.channel, this.order, options.valuesOfCells);
  }

  /**
   * Rows must be applied in file order (R-M6). A row may come with its place in a block (`packed`:
   * its values, or its cells as read): a contact it creates keeps that place instead of its values.
   */
  apply(row: CheckedRow, packed?: PackedRow): RowResult {
    if (packed?.healthKind !== undefined) addHealthKind(this.health, packed.healthKind);
    else addToListHealth(this.health, row);
    const issues: Issue[] = [];
    let slot = -1;
    if (row.key !== undefined) {
      slot = this.slot(row.key);
      const firstRow = this.firstRowOf.get(slot);
      if (firstRow === NO_ROW) this.firstRowOf.set(slot, row.row);
      else issues.push(makeIssue('key.duplicate_in_file', this.keyLocation(row), { firstRow }));
    }

    // R-U1, R-W1, R-M2: a row with an error changes nothing.
    let error = false;
    let skip = false;
    for (const issue of row.issues) {
      if (issue.severity !== 'error') continue;
      error = true;
      if (SKIP_CODES.has(issue.code)) {
        skip = true;
        break;
      }
    }
    if (error) return { row: row.row, outcome: skip ? 'skip' : 'fail', changes: [], issues };
    // The key's column is absent (file-level `key.column_missing`): every row fails (R-M2).
    if (row.key === undefined || this.keyField === undefined) {
      return { row: row.row, outcome: 'fail', changes: [], issues };
    }

    const found = this.positionOf.get(slot);
    if (found === NO_POSITION) {
      if (this.options.key === 'customer_id') {
        issues.push(makeIssue('match.not_found', this.keyLocation(row), { value: row.key }));
        return { row: row.row, outcome: 'skip', changes: [], issues };
      }
      return this.create(row, issues, slot, packed);
    }

    const positions: Positions = found >= 0 ? found : this.multiple[-2 - found];
    const position = this.pickMatch(positions);
    const target = this.contactAt(position);
    if (Array.isArray(positions)) {
      const others = positions
        .filter((p) => p !== position)
        .sort((a, b) => this.compareRecency(this.contactAt(b), this.contactAt(a)))
        .map((p) => this.contactAt(p).id);
      issues.push(makeIssue('match.multiple', this.keyLocation(row), { count: positions.length, contactId: target.id, others: others.join(', ') }));
    }

    const plan = this.planUpdate(row, target);
    issues.push(...plan.issues);
    if (plan.changes.length === 0) {
      return { row: row.row, outcome: 'unchanged', contactId: target.id, changes: [], issues };
    }
    // A snapshot contact made fresh by a packed source is no one else's: it is changed in place.
    const own = position < this.baseCount && this.base.fresh && !this.updated.has(position);
    const updated = this.applyPlan(target, plan, row.row, own);
    if (position < this.baseCount) this.updated.set(position, updated);
    else this.created.replace(position - this.baseCount, updated);
    return { row: row.row, outcome: 'update', contactId: target.id, changes: plan.changes, issues };
  }

  /** The contact snapshot after the rows applied so far (new contacts included), for chaining imports and for unification. */
  contacts(): Contact[] {
    const out: Contact[] = new Array(this.baseCount + this.created.count);
    for (let position = 0; position < this.baseCount; position++) out[position] = this.updated.get(position) ?? this.base.get(position);
    for (let i = 0; i < this.created.count; i++) out[this.baseCount + i] = this.created.get(i);
    return out;
  }

  /** How many contacts the rows applied so far created. */
  createdCount(): number {
    return this.created.count;
  }

  private contactAt(position: number): Contact {
    if (position >= this.baseCount) return this.created.get(position - this.baseCount);
    return this.updated.get(position) ?? this.base.get(position);
  }

  /** The slot of a row's key, made on first sight with the snapshot contacts the key matches. */
  private slot(key: string): number {
    const slot = this.slotOfKey.add(key);
    if (slot === this.firstRowOf.length) {
      this.firstRowOf.push(NO_ROW);
      const matches = this.snapshotKeys?.matches(key);
      if (matches === undefined || matches.length === 0) this.positionOf.push(NO_POSITION);
      else if (matches.length === 1) this.positionOf.push(matches[0]);
      else {
        this.multiple.push(matches);
        this.positionOf.push(-1 - this.multiple.length);
      }
    }
    return slot;
  }

  /** R-L1 counts of the rows applied so far. */
  listHealthCounts(): ListHealthCounts {
    return { ...this.health };
  }

  /** R-L1 file-level warnings for the rows applied so far. */
  listHealth(): Issue[] {
    return listHealth(this.options.channel, this.health);
  }

  // --- matching ---

  /** A snapshot contact's value of the import's key, normalized as row keys are (R-M1). */
  private contactKey(position: number, channel: ContactChannel): string | undefined {
    switch (this.options.key) {
      case 'phone':
        return phoneIdentity(this.base.field(position, contactPhoneField(channel)), this.options.region, this.phoneCache);
      case 'email':
        return emailIdentity(this.base.field(position, 'email'));
      case 'line_uid':
      case 'customer_id':
        return textIdentity(this.base.field(position, this.options.key));
    }
  }

  /** R-M4: the most recently created contact (createdAt, then snapshot/creation order). */
  private pickMatch(positions: Positions): number {
    if (!Array.isArray(positions)) return positions;
    let best = positions[0];
    for (const p of positions) if (this.compareRecency(this.contactAt(p), this.contactAt(best)) > 0) best = p;
    return best;
  }

  /** > 0 when `a` was created after `b`. A blank createdAt counts as oldest. */
  private compareRecency(a: Contact, b: Contact): number {
    if (a.createdAt !== b.createdAt) return a.createdAt > b.createdAt ? 1 : -1;
    return a.order - b.order;
  }

  private keyLocation(row: CheckedRow): IssueLocation {
    return this.location(row.row, this.keyField ?? this.options.key, row.key);
  }

  private location(row: number, field: string, value: string | undefined): IssueLocation {
    const where = this.options.columns?.get(field);
    const location: IssueLocation = { row, column: where?.column ?? field, field };
    if (where?.columnIndex !== undefined) location.columnIndex = where.columnIndex;
    if (value !== undefined) location.value = value;
    return location;
  }

  // --- creating and updating ---

  /** R-M5: a new contact, made from the row's values (new-contact.ts). */
  private create(row: CheckedRow, issues: Issue[], slot: number, packed: PackedRow | undefined): RowResult {
    const id = this.newId(row.row);
    let index: number;
    let inOrder: boolean | undefined;
    if (packed === undefined) {
      index = this.created.add(id, row.row, row.values);
      inOrder = this.created.lastInTemplateOrder;
    } else {
      index = this.created.addPacked(id, row.row, packed.block, packed.index, packed.holdsCells);
      inOrder = packed.inTemplateOrder;
    }
    // Taken in template order, the changes are createdChanges(values) exactly only when that is the Map's order.
    const describe = this.options.output?.createChanges !== false
      || !(inOrder ?? (this.options.columnsInTemplateOrder === true || this.order.inOrder(row.values)));
    this.positionOf.set(slot, this.baseCount + index);
    if (!describe) return { row: row.row, outcome: 'create', contactId: id, changes: [], issues, changesOmitted: true };
    return { row: row.row, outcome: 'create', contactId: id, changes: createdChanges(this.order.ordered(row.values)), issues };
  }

  private newId(row: number): string {
    if (!this.rememberMadeIds && row <= this.lastRow) {
      // Out of order: from now on every id made is remembered (rows in order never need it).
      this.rememberMadeIds = true;
      for (let i = 0; i < this.created.count; i++) this.takenNewIds.add(this.created.id(i));
    }
    if (row > this.lastRow) this.lastRow = row;
    let id = `new-${row}`;
    // Nothing taken yet (no snapshot id of the form, rows in order): no lookup, a million times.
    if (this.takenNewIds.size === 0 && !this.rememberMadeIds) return id;
    for (let n = 2; this.takenNewIds.has(id); n++) id = `new-${row}-${n}`;
    if (this.rememberMadeIds) this.takenNewIds.add(id);
    return id;
  }

  /** R-U2, R-U3, R-E1, R-W2: what the row would change on `contact`, without changing it. */
  private planUpdate(row: CheckedRow, contact: Contact): PlannedUpdate {
    const plan: PlannedUpdate = { changes: [], issues: [], sets: new Map() };
    const primaryKey = PRIMARY_KEY_FIELD[contact.channel];
    for (const [field, value] of this.order.ordered(row.values)) {
      if (isTagField(field)) {
        const merged = mergeTags(contact.tags, tagList(value));
        if (merged.length > contact.tags.length) {
          plan.tags = merged;
          plan.changes.push({ field, from: contact.tags.join(','), to: merged.join(',') });
        }
        continue;
      }
      const old = fieldOf(contact, field) ?? '';
      if (value === null) {
        // The literal `null` clears a custom field (R-V10); elsewhere the row checker keeps it as text.
        if (field.startsWith(CUSTOM_PREFIX) && old !== '') {
          plan.sets.set(field, null);
          plan.changes.push({ field, from: old, to: '' });
        }
        continue;
      }
      if (typeof value !== 'string' || value === '') continue;
      // Where an issue points (made only for one: most fields have none).
      const location = () => this.location(row.row, field, value);
      if (field === 'line_uid' || field === primaryKey) {
        if (!this.sameValue(field, old, value)) {
          plan.issues.push(makeIssue('update.primary_key_ignored', location(), { contactId: contact.id, from: old }));
        }
        continue;
      }
      if (field === 'messaging_status') {
        if (contact.channel === 'email' && value === 'subscribed' && IRREVERSIBLE_EDM_STATUSES.has(old)) {
          plan.issues.push(makeIssue('update.status_irreversible', location(), { contactId: contact.id, from: old }));
          continue;
        }
        if (contact.channel === 'whatsapp' && old === 'opted_out' && value === 'opted_in') {
          plan.issues.push(makeIssue('update.wa_reoptin', location(), { contactId: contact.id }));
        }
      }
      if (this.sameValue(field, old, value)) continue;
      plan.sets.set(field, value);
      plan.changes.push({ field, from: old, to: value });
    }
    return plan;
  }

  /** Equal values are no change: phones compare as E.164, emails case-insensitively (R-U2). */
  private sameValue(field: string, old: string, value: string): boolean {
    if (old === value) return true;
    if (isPhoneField(field)) {
      const a = phoneIdentity(old, this.options.region, this.phoneCache);
      return a !== undefined && a === phoneIdentity(value, this.options.region, this.phoneCache);
    }
    if (field === 'email') return old.trim().toLowerCase() === value.trim().toLowerCase();
    return false;
  }

  /** The contact after the plan: a copy, or (`inPlace`, a contact nobody else holds) the contact itself. */
  private applyPlan(contact: Contact, plan: PlannedUpdate, row: number, inPlace = false): Contact {
    const fields: Record<string, string> = inPlace ? contact.fields : Object.assign(Object.create(null), contact.fields);
    for (const [field, value] of plan.sets) {
      if (value === null) delete fields[field];
      else fields[field] = value;
    }
    const tags = plan.tags ?? (inPlace ? contact.tags : contact.tags.slice());
    if (!inPlace) return { ...contact, fields, tags, updatedAt: this.options.importedAt, row };
    Object.assign(contact, { tags, updatedAt: this.options.importedAt, row });
    return contact;
  }
}

