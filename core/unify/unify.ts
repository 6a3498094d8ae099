/**
 * Unification preview (RULES.md §6): which channel contacts MAAC would group into one profile,
 * and which it would hold apart because they carry different customer IDs.
 *
 * The graph (R-P2) is never built edge by edge: contacts sharing one identity value form a clique,
 * so each value's member list stands for its links and union-find does the rest in near-linear time.
 */
import * as crypto from 'node:crypto';
import { UNIFY_KEYS, type Contact, type Issue, type UnifyKey } from '../model.ts';
import { makeIssue } from '../rules/issue.ts';
import { emailIdentity, fieldOf, phoneIdentity, PHONE_FIELDS, textIdentity } from '../rules/identity.ts';
import { KeyIndex } from '../collections/key-index.ts';
import { IntColumn } from '../collections/int-column.ts';

export type { UnifyKey };
/** The article's FAQ list (R-P1 default: all of them). */
export const DEFAULT_UNIFY_KEYS: readonly UnifyKey[] = UNIFY_KEYS;

export interface Profile {
  id: string;
  /** Member contact ids, sorted. */
  contactIds: string[];
  /** Coalesced field values (R-P4). */
  values: Record<string, string>;
  tags: string[];
  /** Cut out of a larger group because of different customer IDs (R-P3). */
  conflict: boolean;
}

/** One original component that had to be split (R-P3). */
export interface Conflict {
  customerIds: string[];
  /** Ids of the profiles it was split into, sorted. */
  unifiedContactIds: string[];
  /** The shared values (`phone=+886…`, `email=…`) whose links were cut, sorted. */
  linkedBy: string[];
  /** Every contact of the original component, sorted. */
  contactIds: string[];
}

export interface UnifyResult {
  profiles: Profile[];
  conflicts: Conflict[];
  /** contactId → profile id */
  profileOf: Map<string, string>;
  /** contactId → the shared values linking it to a profile it is held apart from (conflicting contacts only). */
  linkedByOf: Map<string, string[]>;
  /** contactId → the values it shares with another member of its own profile (the links that made it), sorted. */
  linkedInProfileOf: Map<string, string[]>;
  /** `identity.conflict`, one per contact of a split component. */
  issues: Issue[];
}

export interface UnifyOptions {
  keys: readonly UnifyKey[];
  region: string;
}

export const CONFLICT_REASON_CUSTOMER_ID = 'customer_id_multiple';

/** An identity of R-P1: its label in `linked_by`, and how a contact's values of it are read. */
interface Identity {
  label: string;
  /** Calls `emit` with each non-blank normalized value of the contact (no arrays: this runs a million times). */
  visit(contact: Contact, emit: (value: string | undefined) => void): void;
}

function identitiesOf(keys: readonly UnifyKey[], region: string): Identity[] {
  const enabled = new Set(keys);
  const identities: Identity[] = [];
  // [decision] `phone`, `mobile` and `WhatsApp_mobile` are one phone identity: enabling either the
  // `phone` or the `WhatsApp_mobile` key enables it for all three fields.
  if (enabled.has('phone') || enabled.has('WhatsApp_mobile')) {
    const cache = new Map<string, string | null>();
    identities.push({
      label: 'phone',
      visit: (c, emit) => {
        for (const field of PHONE_FIELDS) emit(phoneIdentity(fieldOf(c, field), region, cache));
      },
    });
  }
  if (enabled.has('email')) identities.push({ label: 'email', visit: (c, emit) => emit(emailIdentity(fieldOf(c, 'email'))) });
  for (const key of ['customer_id', 'line_uid', 'fb_id', 'ig_id'] as const) {
    if (enabled.has(key)) identities.push({ label: key, visit: (c, emit) => emit(textIdentity(fieldOf(c, key))) });
  }
  return identities;
}

class UnionFind {
  readonly parent: Int32Array;
  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }
  find(i: number): number {
    const parent = this.parent;
    let root = i;
    while (parent[root] !== root) root = parent[root];
    while (parent[i] !== root) {
      const next = parent[i];
      parent[i] = root;
      i = next;
    }
    return root;
  }
  /** The smaller index becomes the root: the result never depends on the order unions happen in. */
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}

/** Touch state of a group of no-customer-ID contacts: none, one customer ID (its index), or several. */
const TOUCH_NONE = -1;
const TOUCH_SEVERAL = -2;

export function unify(contacts: readonly Contact[], options: UnifyOptions): UnifyResult {
  const n = contacts.length;
  const identities = identitiesOf(options.keys, options.region);

  // Customer IDs as small integers; -1: none. (Values are numbered in typed arrays, not Maps: a
  // million strings in Maps cost the garbage collector more than the whole union-find.)
  const customerIds = new KeyIndex();
  const cid = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const value = textIdentity(fieldOf(contacts[i], 'customer_id'));
    cid[i] = value === undefined ? -1 : customerIds.add(value);
  }
  const customerIdName = (index: number) => customerIds.keyOf(index);

  // Identity values as integers, and each contact's occurrences of them (deduplicated per contact).
  const valueIndex = identities.map(() => new KeyIndex());
  /** Per identity: its values' numbers (in valueIndex) → their number among all values. */
  const globalOf = identities.map(() => new IntColumn());
  const valueIdentity = new IntColumn();
  const valueLocal = new IntColumn();
  const occurrenceContact = new IntColumn();
  const occurrenceValue = new IntColumn();
  let contact = 0;
  let firstOccurrence = 0;
  let identity = 0;
  const emit = (value: string | undefined): void => {
    if (value === undefined) return;
    const local = valueIndex[identity].add(value);
    const globals = globalOf[identity];
    let id: number;
    if (local === globals.length) {
      id = valueIdentity.length;
      globals.push(id);
      valueIdentity.push(identity);
      valueLocal.push(local);
    } else {
      id = globals.get(local);
    }
    for (let o = firstOccurrence; o < occurrenceValue.length; o++) if (occurrenceValue.get(o) === id) return;
    occurrenceContact.push(contact);
    occurrenceValue.push(id);
  };
  for (contact = 0; contact < n; contact++) {
    firstOccurrence = occurrenceValue.length;
    for (identity = 0; identity < identities.length; identity++) identities[identity].visit(contacts[contact], emit);
  }
  const valueText = (v: number) => valueIndex[valueIdentity.get(v)].keyOf(valueLocal.get(v));

  // Members of each value, in contact order (compressed rows).
  const valueCount = valueIdentity.length;
  const occurrences = occurrenceValue.length;
  const start = new Int32Array(valueCount + 1);
  for (let o = 0; o < occurrences; o++) start[occurrenceValue.get(o) + 1]++;
  for (let v = 0; v < valueCount; v++) start[v + 1] += start[v];
  const members = new Int32Array(occurrences);
  const fill = start.slice(0, valueCount);
  for (let o = 0; o < occurrences; o++) members[fill[occurrenceValue.get(o)]++] = occurrenceContact.get(o);

  // R-P2: the original components, and the groups of no-customer-ID contacts connected among themselves.
  const original = new UnionFind(n);
  const withoutId = new UnionFind(n);
  for (let v = 0; v < valueCount; v++) {
    const from = start[v];
    const to = start[v + 1];
    if (to - from < 2) continue;
    let firstWithoutId = -1;
    for (let m = from; m < to; m++) {
      const c = members[m];
      original.union(members[from], c);
      if (cid[c] !== -1) continue;
      if (firstWithoutId === -1) firstWithoutId = c;
      else withoutId.union(firstWithoutId, c);
    }
  }

  // R-P3: which customer IDs each no-customer-ID group touches.
  const touch = new Int32Array(n).fill(TOUCH_NONE);
  for (let v = 0; v < valueCount; v++) {
    const from = start[v];
    const to = start[v + 1];
    if (to - from < 2) continue;
    let valueTouch = TOUCH_NONE;
    let groupRoot = -1;
    for (let m = from; m < to; m++) {
      const c = members[m];
      if (cid[c] === -1) groupRoot = withoutId.find(c);
      else valueTouch = mergeTouch(valueTouch, cid[c]);
    }
    if (groupRoot === -1 || valueTouch === TOUCH_NONE) continue;
    touch[groupRoot] = touch[groupRoot] === TOUCH_NONE ? valueTouch : mergeTouch(touch[groupRoot], valueTouch);
  }

  // R-P3: the links that remain. Same customer ID: linked. No customer ID among themselves: linked.
  // A no-customer-ID group stays linked to customer-ID contacts only when it touches exactly one ID.
  const profileSets = new UnionFind(n);
  const firstOfId = new Map<number, number>();
  for (let v = 0; v < valueCount; v++) {
    const from = start[v];
    const to = start[v + 1];
    if (to - from < 2) continue;
    firstOfId.clear();
    let firstWithoutId = -1;
    for (let m = from; m < to; m++) {
      const c = members[m];
      if (cid[c] === -1) {
        if (firstWithoutId === -1) firstWithoutId = c;
        else profileSets.union(firstWithoutId, c);
        continue;
      }
      const first = firstOfId.get(cid[c]);
      if (first === undefined) firstOfId.set(cid[c], c);
      else profileSets.union(first, c);
    }
    if (firstWithoutId !== -1 && firstOfId.size === 1) {
      const groupTouch = touch[withoutId.find(firstWithoutId)];
      // A single touched ID is the one of this value's customer-ID members.
      if (groupTouch >= 0) profileSets.union(firstWithoutId, firstOfId.values().next().value as number);
    }
  }

  // Profiles (compressed rows of members by root, in contact order) and whether their original component was split.
  const profileRoot = new Int32Array(n);
  const memberStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    profileRoot[i] = profileSets.find(i);
    memberStart[profileRoot[i] + 1]++;
  }
  for (let r = 0; r < n; r++) memberStart[r + 1] += memberStart[r];
  const profileMember = new Int32Array(n);
  const memberFill = memberStart.slice(0, n);
  for (let i = 0; i < n; i++) profileMember[memberFill[profileRoot[i]]++] = i;
  const componentOf = (i: number) => original.find(i);
  const firstProfileOfComponent = new Int32Array(n).fill(-1);
  const componentSplit = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (profileRoot[i] !== i) continue;
    const component = componentOf(i);
    if (firstProfileOfComponent[component] === -1) firstProfileOfComponent[component] = i;
    else componentSplit[component] = 1;
  }

  const profiles: Profile[] = [];
  const profileIdOfRoot = new Map<number, string>();
  const profileOf = new Map<string, string>();
  for (let root = 0; root < n; root++) {
    const from = memberStart[root];
    const to = memberStart[root + 1];
    if (from === to) continue;
    const profile = buildProfile(contacts, profileMember.subarray(from, to), componentSplit[componentOf(root)] === 1);
    profiles.push(profile);
    if (profile.conflict) profileIdOfRoot.set(root, profile.id);
    for (let m = from; m < to; m++) profileOf.set(contacts[profileMember[m]].id, profile.id);
  }

  // The cut links: values shared across profiles of one split component.
  const linkedByOf = new Map<string, string[]>();
  const linkedByOfComponent = new Map<number, Set<string>>();
  for (let v = 0; v < valueCount; v++) {
    const from = start[v];
    const to = start[v + 1];
    if (to - from < 2) continue;
    const component = componentOf(members[from]);
    if (componentSplit[component] === 0) continue;
    const firstRoot = profileRoot[members[from]];
    let cut = false;
    for (let m = from + 1; m < to && !cut; m++) cut = profileRoot[members[m]] !== firstRoot;
    if (!cut) continue;
    const label = `${identities[valueIdentity.get(v)].label}=${valueText(v)}`;
    let labels = linkedByOfComponent.get(component);
    if (labels === undefined) linkedByOfComponent.set(component, (labels = new Set()));
    labels.add(label);
    for (let m = from; m < to; m++) {
      const id = contacts[members[m]].id;
      const own = linkedByOf.get(id);
      if (own === undefined) linkedByOf.set(id, [label]);
      else if (!own.includes(label)) own.push(label);
    }
  }
  for (const labels of linkedByOf.values()) labels.sort(compareText);

  // The links that made each profile: values two or more members of one profile share.
  const linkedInProfileOf = new Map<string, string[]>();
  const membersOfRoot = new Map<number, number>();
  for (let v = 0; v < valueCount; v++) {
    const from = start[v];
    const to = start[v + 1];
    if (to - from < 2) continue;
    membersOfRoot.clear();
    let shared = false;
    for (let m = from; m < to; m++) {
      const root = profileRoot[members[m]];
      const seen = (membersOfRoot.get(root) ?? 0) + 1;
      membersOfRoot.set(root, seen);
      if (seen > 1) shared = true;
    }
    if (!shared) continue;
    const label = `${identities[valueIdentity.get(v)].label}=${valueText(v)}`;
    for (let m = from; m < to; m++) {
      if ((membersOfRoot.get(profileRoot[members[m]]) as number) < 2) continue;
      const id = contacts[members[m]].id;
      const own = linkedInProfileOf.get(id);
      if (own === undefined) linkedInProfileOf.set(id, [label]);
      else if (!own.includes(label)) own.push(label);
    }
  }
  for (const labels of linkedInProfileOf.values()) labels.sort(compareText);

  // One conflict per split component, its contacts grouped by component.
  const rootsOfComponent = new Map<number, number[]>();
  for (const root of profileIdOfRoot.keys()) {
    const component = componentOf(root);
    const roots = rootsOfComponent.get(component);
    if (roots === undefined) rootsOfComponent.set(component, [root]);
    else roots.push(root);
  }

  const split: { conflict: Conflict; issues: Issue[] }[] = [];
  for (const [component, roots] of rootsOfComponent) {
    const indices: number[] = [];
    for (const root of roots) for (let m = memberStart[root]; m < memberStart[root + 1]; m++) indices.push(profileMember[m]);
    const customerIds = [...new Set(indices.filter((i) => cid[i] !== -1).map((i) => customerIdName(cid[i])))].sort(compareText);
    const linkedBy = [...(linkedByOfComponent.get(component) ?? [])].sort(compareText);
    const contactIds = indices.map((i) => contacts[i].id).sort(compareText);
    const conflict: Conflict = {
      customerIds,
      unifiedContactIds: roots.map((r) => profileIdOfRoot.get(r) as string).sort(compareText),
      linkedBy,
      contactIds,
    };
    const issues: Issue[] = [];
    split.push({ conflict, issues });
    const sortedIndices = indices.slice().sort((a, b) => compareText(contacts[a].id, contacts[b].id));
    for (const i of sortedIndices) {
      const contact = contacts[i];
      const customerId = cid[i] === -1 ? undefined : customerIdName(cid[i]);
      issues.push(
        makeIssue(
          'identity.conflict',
          { row: contact.row, field: 'customer_id', value: customerId },
          {
            linkedBy: (linkedByOf.get(contact.id) ?? linkedBy).join(', '),
            customerIds: customerIds.join(', '),
            reason: CONFLICT_REASON_CUSTOMER_ID,
            contactId: contact.id,
            profileId: profileOf.get(contact.id) as string,
          },
        ),
      );
    }
  }
  // Contact ids are unique, so ordering by a component's first contact id is a total, input-independent order.
  split.sort((a, b) => compareText(a.conflict.contactIds[0], b.conflict.contactIds[0]));
  const conflicts = split.map((s) => s.conflict);
  const issues = split.flatMap((s) => s.issues);

  return { profiles: sortedById(profiles), conflicts, profileOf, linkedByOf, linkedInProfileOf, issues };
}

/** Profiles sorted by id; the id's 48-bit hex part as a number makes nearly every comparison numeric. */
function sortedById(profiles: Profile[]): Profile[] {
  // Each profile's id begins `P-` and 12 hex digits: its first 8 (32 bits) and its position (up to
  // 21 bits) make one exact double, and a typed array sorts those without a comparator. Runs with
  // the same 32-bit prefix (a few in a million) are then put in full id order.
  const n = profiles.length;
  if (n >= 1 << 21 || profiles.some((p) => !/^P-[0-9a-f]{8}/.test(p.id))) {
    return profiles.slice().sort((a, b) => compareText(a.id, b.id));
  }
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = parseInt(profiles[i].id.slice(2, 10), 16) * 2 ** 21 + i;
  packed.sort();
  const out: Profile[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = profiles[packed[i] % 2 ** 21];
  for (let i = 0; i < n; ) {
    const prefix = Math.floor(packed[i] / 2 ** 21);
    let j = i + 1;
    while (j < n && Math.floor(packed[j] / 2 ** 21) === prefix) j++;
    if (j - i > 1) {
      const run = out.slice(i, j).sort((a, b) => compareText(a.id, b.id));
      for (let k = i; k < j; k++) out[k] = run[k - i];
    }
    i = j;
  }
  return out;
}

function mergeTouch(state: number, customerId: number): number {
  if (state === TOUCH_NONE) return customerId;
  if (state === TOUCH_SEVERAL || customerId === TOUCH_SEVERAL) return TOUCH_SEVERAL;
  return state === customerId ? state : TOUCH_SEVERAL;
}

/** R-P5: the profile id is derived from its sorted member contact ids. */
export function profileId(contactIds: readonly string[]): string {
  const text = contactIds.join('\n');
  // The one-shot `crypto.hash` (Node ≥ 20.12) is several times cheaper than a Hash object per profile.
  const digest = typeof crypto.hash === 'function' ? crypto.hash('sha1', text, 'hex') : crypto.createHash('sha1').update(text).digest('hex');
  return 'P-' + digest.slice(0, 12);
}

/** R-P4 recency: most recently updated, then most recently created, then later import row, then later order. */
function compareRecency(a: Contact, b: Contact): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt ? 1 : -1;
  if (a.createdAt !== b.createdAt) return a.createdAt > b.createdAt ? 1 : -1;
  const rowA = a.row ?? -1;
  const rowB = b.row ?? -1;
  if (rowA !== rowB) return rowA - rowB;
  if (a.order !== b.order) return a.order - b.order;
  return compareText(a.id, b.id);
}

function buildProfile(contacts: readonly Contact[], indices: Int32Array, conflict: boolean): Profile {
  const values: Record<string, string> = Object.create(null);
  if (indices.length === 1) {
    // Most profiles are one contact: no sorting, no tag set, and (when none of its values is
    // blank, as usual) its field record itself, rather than a copy, as the profile's values.
    const contact = contacts[indices[0]];
    const tags = contact.tags.length === 0 ? [] : contact.tags.length === 1 ? [contact.tags[0]] : [...new Set(contact.tags)];
    return { id: profileId([contact.id]), contactIds: [contact.id], values: hasBlank(contact) ? copyNonBlank(contact, values) : contact.fields, tags, conflict };
  }
  const members: Contact[] = [];
  for (const i of indices) members.push(contacts[i]);
  const contactIds = members.map((c) => c.id).sort(compareText);
  // Oldest first, so the most recent non-blank value is written last and wins; blanks never overwrite.
  members.sort(compareRecency);
  const tags = new Set<string>();
  for (const contact of members) {
    copyNonBlank(contact, values);
    for (const tag of contact.tags) tags.add(tag);
  }
  return { id: profileId(contactIds), contactIds, values, tags: [...tags], conflict };
}

function copyNonBlank(contact: Contact, values: Record<string, string>): Record<string, string> {
  const fields = contact.fields;
  for (const field in fields) {
    if (!Object.prototype.hasOwnProperty.call(fields, field)) continue;
    const value = fields[field];
    if (typeof value === 'string' && value.trim() !== '') values[field] = value;
  }
  return values;
}

/** Whether copyNonBlank would leave something out (or the record has a prototype or inherited names). */
function hasBlank(contact: Contact): boolean {
  const fields = contact.fields;
  if (Object.getPrototypeOf(fields) !== null) return true;
  for (const field in fields) {
    const value = fields[field];
    if (typeof value !== 'string' || value.trim() === '') return true;
  }
  return false;
}

/** Code-unit order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
